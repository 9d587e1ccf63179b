/**
 * The retries of one upload to the upload server: how long each failure waits, from the table in
 * retry.ts (`DELAYS`, `retry-delays`). Part of the retry policy, in a file of its own so that the
 * element's first bundle (which reads the table) does not carry it: only the upload engine, loaded
 * lazily, uses it.
 */
import { DELAYS, tusDelays } from './retry.js';

/** Why a tus request failed, as far as retrying goes: no answer at all, or an answer (429, 5xx…). */
export type FailureKind = 'network' | 'answer';

/**
 * The retries of one upload: the delays tus-js-client is given (`delays`: long enough for either
 * schedule, since it stops at their length before it asks), and `delay(kind, attempt, …)`: the wait
 * before retry `attempt` (0-based, as tus-js-client counts: from 0 again after progress), or null for
 * no retry. The caller writes the answer into `delays[attempt]`: tus-js-client reads it right after
 * `onShouldRetry` returns true (`BaseUpload#_emitError`; `test/node/unit/tus-retry-delay.test.mjs` fails
 * if a new version stops doing so).
 */
export interface RetryPlan {
  readonly delays: number[];
  /** `answered`: the upload server has answered this upload before (the connection worked). `now`: ms. */
  delay(kind: FailureKind, attempt: number, answered: boolean, now: number): number | null;
}

export function retryPlan(given?: readonly number[] | null): RetryPlan {
  const backoff = tusDelays(given);
  const byDefault = backoff.length === DELAYS.tus.length && backoff.every((d, i) => d === DELAYS.tus[i]);
  const networkTries = Math.ceil(DELAYS.networkFor / DELAYS.network) + 1;
  let outageFrom = 0;
  return {
    delays: byDefault ? Array.from({ length: Math.max(backoff.length, networkTries) }, (_, i) => backoff[i] ?? 0) : [...backoff],
    delay(kind, attempt, answered, now) {
      if (byDefault && kind === 'network' && answered) {
        if (attempt === 0) outageFrom = now;
        return now - outageFrom < DELAYS.networkFor && attempt < networkTries ? (attempt === 0 ? 0 : DELAYS.network) : null;
      }
      return attempt < backoff.length ? backoff[attempt] : null;
    },
  };
}
