/**
 * Following Gcore's processing of one video: the status poller (loaded on first use), until the video is
 * ready, processing fails, or the item's signal aborts.
 */
import { assetFailure, GcoreUploaderError, toUploaderError } from '../errors.js';
import { loadPoller } from '../lazy.js';
import type { GcoreVideo } from '../status/video.js';
import { DELAYS, POLL_MAX_FAILURES } from './policy/retry.js';
import { onAbort, withSignal } from './signal.js';
import type { UploaderOptions } from './types.js';

export interface FollowHooks {
  video(video: GcoreVideo): void;
  status(status: string, video: GcoreVideo): void;
  viewable(video: GcoreVideo): void;
  ready(video: GcoreVideo): void;
  failed(error: GcoreUploaderError, video: GcoreVideo | null): void;
  /** A lazy part (the poller) could not be loaded. */
  assetFailed(error: GcoreUploaderError): void;
}

type Source = Pick<UploaderOptions<unknown>, 'getStatus' | 'statusUrl' | 'pollInterval' | 'loadPoller'>;

/** Whether there is a way to ask for the status (`getStatus`, `statusUrl`, or the session's `status_url`). */
export const canFollow = (o: Source, sessionStatusUrl?: string) => Boolean(o.getStatus || o.statusUrl || sessionStatusUrl);

/** Resolves when following has ended (ready, failed, or aborted); the hooks say how. */
export async function followStatus(o: Source, videoId: string, sessionStatusUrl: string | undefined, signal: AbortSignal, hooks: FollowHooks): Promise<void> {
  const { getStatus } = o;
  const statusUrl = o.statusUrl || sessionStatusUrl || null;
  let poller: typeof import('../status/poller.js');
  try {
    poller = await withSignal((o.loadPoller ?? loadPoller)(), signal);
  } catch (cause) {
    if (signal.aborted) return;
    const asset = assetFailure(cause);
    if (asset) hooks.assetFailed(asset);
    hooks.failed(new GcoreUploaderError('status-request-failed', { cause }), null);
    return;
  }
  await new Promise<void>((resolve) => {
    const off = onAbort(signal, resolve);
    const end = () => (off(), resolve());
    new poller.StatusPoller({
      fetchVideo: poller.videoFetcher({ getStatus: getStatus ? (id, s) => getStatus(String(id), s) : null, statusUrl }, videoId)!,
      interval: o.pollInterval && o.pollInterval > 0 ? o.pollInterval : DELAYS.poll,
      maxInterval: DELAYS.pollMax,
      maxFailures: POLL_MAX_FAILURES,
      signal,
      onVideo: hooks.video,
      onStatusChange: hooks.status,
      onViewable: hooks.viewable,
      onReady: (video) => (hooks.ready(video), end()),
      // The poller may be another bundle (`status.mjs`): its error becomes one of this bundle's class.
      onError: (error, video) => (hooks.failed(toUploaderError(error), video), end()),
    }).start();
  });
}
