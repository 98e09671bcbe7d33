/**
 * The loopback AWS endpoint: S3, S3 Control, IAM and STS on 127.0.0.1, stateful, speaking the real wire
 * protocols so that unmodified AWS SDK v3 clients and the AWS CLI work against it with only the endpoint
 * overridden. Test infrastructure and demo aid; never shipped, never imported from src/.
 */
import { FaultController } from './faults';
import { loadScenario } from './scenario/load';
import type { Scenario } from './scenario/types';
import { startServer, type RequestLogEntry } from './server';
import { LoopbackState } from './state';

export interface LoopbackOptions {
  /** 0 = a free port (the default). */
  port?: number;
  /** The scenario, or the path of a scenario JSON file. Default: an empty account. */
  scenario?: Scenario | string;
  /** Called after each request is answered (or dropped), e.g. to log traffic. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface LoopbackServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Direct access for tests: buckets, roles, managed policies, jobs, objects, replication. */
  state: LoopbackState;
  faults: FaultController;
  /** Replaces state and faults with the scenario. */
  loadScenario(s: Scenario | string): void;
  /** Requests received for an operation (all operations when absent), faulted and rejected ones included. */
  requestCount(operation?: string): number;
  close(): Promise<void>;
}

export async function startLoopback(opts: LoopbackOptions = {}): Promise<LoopbackServer> {
  const state = new LoopbackState();
  const faults = new FaultController();
  // A bad scenario fails before anything listens.
  if (opts.scenario !== undefined) loadScenario(state, faults, opts.scenario);
  const running = await startServer(state, faults, opts.port ?? 0, opts.onRequest);
  return {
    url: running.url,
    port: running.port,
    state,
    faults,
    loadScenario: (s) => loadScenario(state, faults, s),
    requestCount: running.requestCount,
    close: running.close,
  };
}

export { FaultController, type ActiveFault } from './faults';
export { generatedOrganization, ORG_AUDIT_ROLE, ORG_MANAGEMENT } from './scenario/organization';
export { generatedScenario, GENERATED_STATES, type GeneratedState } from './scenario/generated';
export { ScenarioError } from './scenario/load';
export type { RequestLogEntry } from './server';
export type * from './scenario/types';
export { walkthroughScenario, WALKTHROUGH } from './scenario/walkthrough';
export { DEMO, withFailingBucket } from './scenario/demo';
export { LoopbackState, type BucketState, type JobState, type ObjectVersion, type ReplicationFailure, type RoleState } from './state';
export { twoAccountScenario, TWO_ACCOUNTS, type TwoAccountOptions } from './scenario/twoAccounts';
export { mixedOrganization, orgAccountId, ORG_STATES, type OrganizationOptions, type OrgBucketState } from './scenario/mixedOrganization';
