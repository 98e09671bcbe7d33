/**
 * One bucket's replication, read the way the Replication view reads it (the live state, then what S3
 * reports over a window), for the CLI's `status` command. Reads that fail are in the result.
 */
import { SdkBackend, type BackendOptions } from './backend';
import { readProfile, resolveRegion } from './profiles';
import type { BucketObservations, LiveBucketState } from './types';

export interface BucketStatusOptions extends Pick<BackendOptions, 'profile' | 'endpoint' | 'credentials' | 'maxAttempts'> {
  bucket: string;
  /** Listing Region; default: the profile's, then the environment's, then us-east-1. */
  region?: string;
  sinceMs: number;
  env?: NodeJS.ProcessEnv;
}

export interface BucketStatusRead {
  live: LiveBucketState;
  observations?: BucketObservations;
}

export async function readBucketStatus(options: BucketStatusOptions): Promise<BucketStatusRead> {
  const env = options.env ?? process.env;
  const profileName = options.profile ?? (env.AWS_PROFILE || 'default');
  const region = resolveRegion(options.region, readProfile(profileName), env);
  const backend = new SdkBackend({ region, concurrency: 4, profile: options.profile, endpoint: options.endpoint, credentials: options.credentials, maxAttempts: options.maxAttempts });
  try {
    const live = await backend.bucketState({ name: options.bucket }, { fresh: true, urgent: true });
    const configured = live.replication.ok && live.replication.value.configured;
    const observations = configured ? (await backend.observe([live], { sinceMs: options.sinceMs })).get(options.bucket) : undefined;
    return { live, observations };
  } finally {
    backend.dispose();
  }
}
