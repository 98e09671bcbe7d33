/** Public surface of the pure engine (no `vscode`, no AWS SDK). */
export * from './analyze';
export * from './classify';
export * from './document';
export * from './facts';
export * from './findings';
export * from './fixes';
export * from './rule';
export { ALL_RULES, ruleById } from './rules';
export * from './projectConfig';
