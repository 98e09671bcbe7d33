/** The project configuration (`.s3-replication-doctor.json`): format, lookup and application. */
export * from './apply';
export * from './locate';
export * from './parse';
export * from './paths';
export * from './ruleSettings';
export * from './types';
