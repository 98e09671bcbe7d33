/**
 * How every AWS call is made: through the shared limiter, with the backend's abort signal, and with
 * whatever it throws mapped to an AwsCallError that names the operation and its target.
 */
import { AwsCallError, cancelledError, toAwsCallError } from './errors';
import { Limiter } from './limiter';

export interface CallScope {
  call<T>(operation: string, target: string | undefined, run: (abortSignal: AbortSignal) => Promise<T>, region?: string): Promise<T>;
}

export function limitedScope(limiter: Limiter, signal: AbortSignal, priority: number): CallScope {
  return {
    async call(operation, target, run, region) {
      try {
        return await limiter.run(
          () => {
            if (signal.aborted) throw cancelledError(operation, target);
            return run(signal);
          },
          { priority, signal },
        );
      } catch (err) {
        // An abort surfaces as the SDK's AbortError, or as the limiter's generic error for queued calls.
        if (signal.aborted) throw err instanceof AwsCallError && err.kind === 'cancelled' ? err : cancelledError(operation, target);
        throw toAwsCallError(err, operation, target, region);
      }
    },
  };
}
