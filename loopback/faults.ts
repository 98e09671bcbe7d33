/**
 * Faults set by a scenario or by test code at run time: latency, throttling, AccessDenied, dropped
 * connections, hung requests, and (test code only) a concurrent change to the state after an answer.
 */
import type { FaultSpec } from './scenario/types';
import type { LoopbackState } from './state';

const ERRORS = new Set(['AccessDenied', 'SlowDown', 'Throttling', 'InternalError']);

/** A fault in force; `remaining` counts down when `times` was given. */
export interface ActiveFault extends FaultSpec {
  readonly id: number;
  remaining?: number;
}

/** What the matching faults do to one request. */
export interface FaultDecision {
  latencyMs: number;
  error?: NonNullable<FaultSpec['error']>;
  drop: boolean;
  hang: boolean;
  /** Run against the state once the request is answered. */
  changes: ((state: LoopbackState) => void)[];
}

/** The first problem with a fault spec, located by `path`; undefined when it is valid. */
export function faultProblem(spec: unknown, path: string): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return `${path} must be an object`;
  const f = spec as Record<string, unknown>;
  const known = new Set(['operation', 'bucket', 'latencyMs', 'error', 'drop', 'hang', 'change', 'times']);
  const unknown = Object.keys(f).find((k) => !known.has(k));
  if (unknown) return `${path}.${unknown} is not a fault setting (use ${[...known].join(', ')})`;
  if (f.operation !== undefined && (typeof f.operation !== 'string' || f.operation === '')) return `${path}.operation must be an operation name or '*'`;
  if (f.bucket !== undefined && typeof f.bucket !== 'string') return `${path}.bucket must be a bucket name`;
  if (f.latencyMs !== undefined && !(typeof f.latencyMs === 'number' && f.latencyMs >= 0 && Number.isFinite(f.latencyMs))) return `${path}.latencyMs must be a number of milliseconds >= 0`;
  if (f.error !== undefined && !ERRORS.has(f.error as string)) return `${path}.error must be one of ${[...ERRORS].join(', ')}`;
  if (f.drop !== undefined && typeof f.drop !== 'boolean') return `${path}.drop must be true or false`;
  if (f.hang !== undefined && typeof f.hang !== 'boolean') return `${path}.hang must be true or false`;
  if (f.change !== undefined && typeof f.change !== 'function') return `${path}.change must be a function (test code only)`;
  if (f.times !== undefined && !(Number.isInteger(f.times) && (f.times as number) > 0)) return `${path}.times must be a positive integer`;
  if (f.latencyMs === undefined && f.error === undefined && f.drop !== true && f.hang !== true && f.change === undefined) return `${path} does nothing: give latencyMs, error, drop, hang or change`;
  return undefined;
}

export class FaultController {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a fault and returns it (pass it to `remove`). Throws on an invalid spec. */
  add(spec: FaultSpec): ActiveFault {
    const problem = faultProblem(spec, 'fault');
    if (problem) throw new Error(problem);
    const fault: ActiveFault = { ...spec, id: this.nextId++, remaining: spec.times };
    this.faults.push(fault);
    return fault;
  }

  remove(fault: ActiveFault | number): void {
    const id = typeof fault === 'number' ? fault : fault.id;
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly ActiveFault[] {
    return this.faults;
  }

  /**
   * Consumes the faults that hit this request: latencies add up, the first error, drop or hang wins,
   * changes all run. A fault limited by `times` counts the request even when an earlier fault already
   * decided the answer.
   */
  decide(operation: string, bucket: string | undefined): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, drop: false, hang: false, changes: [] };
    for (const fault of this.faults) {
      if (fault.operation !== undefined && fault.operation !== '*' && fault.operation !== operation) continue;
      if (fault.bucket !== undefined && fault.bucket !== bucket) continue;
      decision.latencyMs += fault.latencyMs ?? 0;
      if (fault.change) decision.changes.push(fault.change);
      if (!decision.error && !decision.drop && !decision.hang) {
        if (fault.drop) decision.drop = true;
        else if (fault.hang) decision.hang = true;
        else if (fault.error) decision.error = fault.error;
      }
      if (fault.remaining !== undefined) fault.remaining--;
    }
    this.faults = this.faults.filter((f) => f.remaining === undefined || f.remaining > 0);
    return decision;
  }
}
