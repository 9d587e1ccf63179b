/**
 * Every retry and backoff of the uploader: the one table of waits, which answers are worth repeating,
 * and how status polling backs off; how one upload's tus retries use the table (a lost connection on a
 * steady cadence, answers on the backoff) is retry-plan.ts, beside it.
 */
import { codeForUploadResponse } from '../../errors.js';

/** The one table of delays (ms). */
export const DELAYS = {
  /** Before each retry of a failed tus request (`retry-delays`); 429 and network errors included. */
  tus: [0, 1000, 3000, 5000],
  /** Between two status requests (`poll-interval`), and the base of the polling backoff. */
  poll: 2000,
  /** The longest wait between two status requests after failures. */
  pollMax: 30_000,
  /**
   * With the default `retry-delays`: once the upload server has answered, a connection lost without an
   * answer is tried again every `network` ms (the first at once) for up to `networkFor` ms, instead of
   * the backoff. A link that drops and comes back (Wi-Fi hand-over, a restarted router) is used again
   * within a second of its return, and an outage of up to a minute is waited for. A server never reached
   * is reported after the backoff as before (a wrong host name should not take a minute to say so).
   */
  network: 1000,
  networkFor: 60_000,
} as const;

/** The default `retry-delays`. */
export const DEFAULT_RETRY_DELAYS: readonly number[] = DELAYS.tus;

/** Status requests that fail in a row before the uploader gives up (`status-request-failed`). */
export const POLL_MAX_FAILURES = 5;

/** The tus delays in effect: the given ones when they are a list of non-negative numbers. */
export function tusDelays(given?: readonly number[] | null): number[] {
  return Array.isArray(given) && given.every((n) => typeof n === 'number' && n >= 0) ? [...given] : [...DELAYS.tus];
}

/** Whether a failed request to the upload server is worth repeating after a delay. */
export function isRetryableUploadResponse(status: number | undefined, body = ''): boolean {
  const code = codeForUploadResponse(status, body);
  if (code === 'network' || code === 'rate-limited') return true;
  if (code !== 'server-error') return false;
  // 5xx without a token text, and tus' own "try again" answers (409 conflict, 423 locked).
  return (status ?? 0) >= 500 || status === 409 || status === 423;
}

/** Whether a failed status request is worth repeating: no answer, 5xx, 408 and 429 are; other 4xx are not. */
export function isRetryableStatusResponse(status: number | undefined): boolean {
  return !(status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429);
}

/** The wait before the next status request after `failures` failures in a row (doubling, capped, at least Retry-After). */
export function pollDelay(interval: number, failures: number, retryAfter?: number, max: number = DELAYS.pollMax): number {
  const base = Math.max(0, interval);
  const cap = Math.max(base, max);
  let delay = failures > 0 ? Math.min(base * 2 ** failures, cap) : base;
  if (typeof retryAfter === 'number' && retryAfter > 0) delay = Math.max(delay, Math.min(retryAfter, cap));
  return delay;
}
