/**
 * The uploader's one way of stopping work: every item owns an AbortController, and every piece of
 * async work takes its signal. The reason says whether the server should drop the upload too.
 */
import { GcoreUploaderError } from '../errors.js';

/** Why an item's work stops: `terminate` asks the upload server to drop what it received (cancel, remove, reset). */
export interface StopReason {
  terminate: boolean;
}

export const CANCEL: StopReason = Object.freeze({ terminate: true });
/** Stops but keeps the upload resumable (destroy, the element left the page). */
export const STOP: StopReason = Object.freeze({ terminate: false });

export function aborted(): GcoreUploaderError {
  return new GcoreUploaderError('aborted');
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw aborted();
}

/** Whether the signal's reason asks the server to drop the upload. */
export function terminates(signal: AbortSignal): boolean {
  return Boolean((signal.reason as StopReason | undefined)?.terminate);
}

/** Calls `fn` once when `signal` aborts (at once if it has); returns the unsubscribe. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

/** Work that cannot take a signal itself (an app's getSession, a person's answer): settles as it does, or `aborted`. */
export function withSignal<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const off = onAbort(signal, () => reject(aborted()));
    work.then(
      (value) => (off(), resolve(value)),
      (err) => (off(), reject(err)),
    );
  });
}
