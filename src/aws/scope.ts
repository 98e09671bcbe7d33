/**
 * How every AWS call is made: through the shared limiter, with the backend's abort signal and a
 * deadline for the whole call (retries included), and with whatever it throws mapped to an
 * AwsCallError that names the operation and its target.
 */
import { AwsCallError, cancelledError, toAwsCallError } from './errors';
import { Limiter } from './limiter';

export interface CallScope {
  call<T>(operation: string, target: string | undefined, run: (abortSignal: AbortSignal) => Promise<T>, region?: string): Promise<T>;
}

/**
 * The longest one call may take, all its attempts together, once it runs. With the client's timeouts
 * (connection 3 s, 8 s without a byte from the server, three attempts) a hung endpoint would hold a call
 * for about 30 s; the deadline makes it give up, and the bucket show why, at 12 s. Calls that answer
 * take well under a second; the margin is for throttling back-offs.
 */
export const CALL_DEADLINE_MS = 12_000;

/** A call given up at its deadline: the endpoint accepted it and never answered. */
export function deadlineError(operation: string, target: string | undefined, ms: number, region?: string): AwsCallError {
  const seconds = ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
  return new AwsCallError({
    operation,
    target,
    code: 'TimeoutError',
    kind: 'network',
    message: `${operation} got no answer within ${seconds} and was given up (TimeoutError)${region ? ` in ${region}` : ''}. The endpoint accepted the connection but did not answer: check the network, a proxy, or the endpoint setting, then refresh.`,
  });
}

export function limitedScope(limiter: Limiter, signal: AbortSignal, priority: number, deadlineMs: number = CALL_DEADLINE_MS): CallScope {
  return {
    async call(operation, target, run, region) {
      let expired = false;
      try {
        return await limiter.run(
          () => {
            if (signal.aborted) throw cancelledError(operation, target);
            // The deadline counts from the moment the call runs, not while it waits for a place.
            const call = new AbortController();
            const timer = setTimeout(() => {
              expired = true;
              call.abort();
            }, deadlineMs);
            const cancel = () => call.abort();
            signal.addEventListener('abort', cancel, { once: true });
            return run(call.signal).finally(() => {
              clearTimeout(timer);
              signal.removeEventListener('abort', cancel);
            });
          },
          { priority, signal },
        );
      } catch (err) {
        // An abort surfaces as the SDK's AbortError, or as the limiter's generic error for queued calls.
        if (signal.aborted) throw err instanceof AwsCallError && err.kind === 'cancelled' ? err : cancelledError(operation, target);
        if (expired) throw deadlineError(operation, target, deadlineMs, region);
        throw toAwsCallError(err, operation, target, region);
      }
    },
  };
}
