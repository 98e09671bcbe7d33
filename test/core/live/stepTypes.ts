/** Step types by API, for tests that look into one kind of step. */
import type { WriteStep } from '../../../src/core/live/writePlan';

export type PutRolePolicyStep = Extract<WriteStep, { api: 'PutRolePolicy' }>;
export type ReplicationStep = Extract<WriteStep, { api: 'PutBucketReplication' }>;
export type CreateJobStep = Extract<WriteStep, { api: 'CreateJob' }>;
