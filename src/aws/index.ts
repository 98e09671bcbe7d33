/**
 * Surface of the lazily loaded AWS module (`dist/aws.js`). The extension loads it only when the
 * explorer or a command needs AWS, so the SDK costs nothing while only files are being checked.
 * Import types from here with `import type`; values only through the explorer's loader.
 */
import { SdkBackend, type BackendOptions } from './backend';
import type { ExplorerBackend } from './types';
import { Fixer, type FixerOptions } from './writes/fixer';
export { scan, type ScanOptions, type ScanFinding, type ScanSummary, type ScanProgress } from './scan';
export { readBucketStatus, type BucketStatusOptions, type BucketStatusRead } from './bucketStatus';

export function createBackend(options: BackendOptions): ExplorerBackend {
  return new SdkBackend(options);
}

/** The fix commands' access to AWS: fresh reads, merge-safe plans, confirmed writes. */
export function createFixer(options: FixerOptions): Fixer {
  return new Fixer(options);
}

export type { BackendOptions } from './backend';
export type { Fixer, FixerOptions, Prepared, StatusResult, StatusTarget } from './writes/fixer';
export type { ExecuteResult, AuditEntry } from './writes/execute';
export type { WriteFailure, NextStep } from './writes/writeErrors';
export type { JobProgress } from './writes/batchJobs';
export type * from './types';
