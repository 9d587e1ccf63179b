/**
 * Polls a video's status after its upload until Gcore says `ready` or gives up, one request at a time.
 *
 * - The first request goes out at once on `start()`; the next is scheduled only after the previous one settled.
 * - `viewable` → `onViewable` (once); `ready` → `onViewable` (if not yet), `onReady`, and polling stops.
 * - `status: error`, or `empty` with an `error` text → `onError('processing-failed')`, and polling stops.
 * - A failed request (network, 5xx, 408, 429, a body that is not a video) is retried after
 *   `min(interval * 2^failures, maxInterval)`; after `maxFailures` failures in a row → `status-request-failed`.
 *   Any other 4xx is `status-request-failed` at once.
 * - `stop()` aborts the request in flight and clears the timer; no callback fires after it. Each run owns
 *   one AbortController: stop() (or the `signal` given) aborts it, and everything of that run checks it.
 * - Delays and limits: policy/retry.ts.
 */
import { GcoreUploaderError } from '../errors.js';
import { DELAYS, isRetryableStatusResponse, pollDelay, POLL_MAX_FAILURES } from '../core/policy/retry.js';
import { isProcessingFailure, statusUrlFor, type GcoreVideo } from './video.js';

export type FetchVideo = (signal: AbortSignal) => Promise<GcoreVideo>;

export interface StatusPollerOptions {
  fetchVideo: FetchVideo;
  /** Delay between two successful requests, and the base of the backoff (ms). Default 2000. */
  interval?: number;
  /** The longest delay after failures (ms). Default 30000. */
  maxInterval?: number;
  /** Failed requests in a row before giving up. Default 5. */
  maxFailures?: number;
  onVideo?(video: GcoreVideo): void;
  onStatusChange?(status: string, video: GcoreVideo): void;
  onViewable?(video: GcoreVideo): void;
  onReady?(video: GcoreVideo): void;
  onError?(error: GcoreUploaderError, video: GcoreVideo | null): void;
  /** Stops the poller for good when it aborts. */
  signal?: AbortSignal;
}

/** What a status request failed with; `status` is the HTTP status when an answer arrived. */
interface RequestFailure {
  status?: number;
  retryAfter?: number;
  message?: string;
}

export class StatusPoller {
  private readonly options: StatusPollerOptions;
  /** The current run's controller; null when stopped. An answer to an older run sees its own aborted. */
  private run: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private lastVideo: GcoreVideo | null = null;
  private lastStatus: string | null = null;
  private viewableFired = false;
  private readyFired = false;

  constructor(options: StatusPollerOptions) {
    if (typeof options?.fetchVideo !== 'function') throw new TypeError('StatusPoller needs a fetchVideo function.');
    this.options = options;
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** The last video Gcore answered, or null before the first answer. */
  get video(): GcoreVideo | null {
    return this.lastVideo;
  }

  get polling(): boolean {
    return this.run !== null;
  }

  start(): void {
    if (this.run || this.options.signal?.aborted) return;
    const run = new AbortController();
    this.run = run;
    this.failures = 0;
    void this.poll(run.signal);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.run?.abort();
    this.run = null;
  }

  private get interval(): number {
    return Math.max(0, this.options.interval ?? DELAYS.poll);
  }

  private schedule(run: AbortSignal, delay: number): void {
    if (run.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll(run);
    }, delay);
  }

  private async poll(run: AbortSignal): Promise<void> {
    if (run.aborted) return;
    let video: GcoreVideo;
    try {
      video = await this.options.fetchVideo(run);
      if (!isVideo(video)) throw new GcoreUploaderError('status-request-failed', { params: { reason: 'not-video' } });
    } catch (err) {
      if (!run.aborted) this.failed(run, err);
      return;
    }
    if (run.aborted) return;
    this.failures = 0;
    this.answered(run, video);
  }

  private failed(run: AbortSignal, err: unknown): void {
    const failure = err as RequestFailure;
    const status = typeof failure?.status === 'number' && failure.status > 0 ? failure.status : undefined;
    const detail = errorText(err);
    if (!isRetryableStatusResponse(status)) {
      this.fail(new GcoreUploaderError('status-request-failed', { status, params: { reason: 'refused', detail }, cause: err }));
      return;
    }
    this.failures++;
    if (this.failures >= Math.max(1, this.options.maxFailures ?? POLL_MAX_FAILURES)) {
      this.fail(new GcoreUploaderError('status-request-failed', { status, params: { reason: 'repeated', count: this.failures, detail: `the last: ${detail}` }, cause: err }));
      return;
    }
    this.schedule(run, pollDelay(this.interval, this.failures, failure?.retryAfter, this.options.maxInterval ?? DELAYS.pollMax));
  }

  private answered(run: AbortSignal, video: GcoreVideo): void {
    this.lastVideo = video;
    this.call(() => this.options.onVideo?.(video));
    if (run.aborted) return;
    if (video.status !== this.lastStatus) {
      this.lastStatus = video.status;
      this.call(() => this.options.onStatusChange?.(video.status, video));
      if (run.aborted) return;
    }
    if (isProcessingFailure(video)) {
      const said = typeof video.error === 'string' ? video.error.trim() : '';
      this.fail(new GcoreUploaderError('processing-failed', { params: { detail: said || `status: ${video.status}` }, serverMessage: said || undefined }));
      return;
    }
    if ((video.status === 'viewable' || video.status === 'ready') && !this.viewableFired) {
      this.viewableFired = true;
      this.call(() => this.options.onViewable?.(video));
      if (run.aborted) return;
    }
    if (video.status === 'ready') {
      this.stop();
      if (!this.readyFired) {
        this.readyFired = true;
        this.call(() => this.options.onReady?.(video));
      }
      return;
    }
    this.schedule(run, this.interval);
  }

  private fail(error: GcoreUploaderError): void {
    const video = this.lastVideo;
    this.stop();
    this.call(() => this.options.onError?.(error, video));
  }

  /** A callback that throws must not break polling (or leave it half-stopped). */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      console.error('gcore-uploader: a status callback threw', err);
    }
  }
}

function isVideo(value: unknown): value is GcoreVideo {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as GcoreVideo).status === 'string';
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** The error `fetchVideoFromUrl` throws: `status` is the HTTP status (absent when no answer arrived). */
export class StatusRequestError extends Error {
  override name = 'StatusRequestError';
  readonly status?: number;
  /** From `Retry-After`, in ms. */
  readonly retryAfter?: number;
  readonly body?: string;

  constructor(message: string, options: { status?: number; retryAfter?: number; body?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.body = options.body;
  }
}

/** Reads Gcore's answer: the video object, or an array with one (`POST /streaming/videos` answers arrays). */
export function toVideo(value: unknown): GcoreVideo {
  const video = Array.isArray(value) ? value[0] : value;
  if (!isVideo(video)) throw new StatusRequestError(Array.isArray(value) && value.length === 0 ? 'The status answer is an empty array.' : 'The status answer is not a video object.');
  return video;
}

/** GET a video's status from `url` (JSON, same-origin credentials). Throws a `StatusRequestError` on failure. */
export async function fetchVideoFromUrl(url: string, signal?: AbortSignal): Promise<GcoreVideo> {
  const response = await fetch(url, { method: 'GET', headers: { Accept: 'application/json' }, credentials: 'same-origin', signal });
  const text = await response.text();
  if (!response.ok) {
    throw new StatusRequestError(`HTTP ${response.status}${text.trim() ? `: ${text.trim().slice(0, 200)}` : ''}`, {
      status: response.status,
      retryAfter: retryAfterMs(response.headers.get('retry-after')),
      body: text,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    // Not the server's final word (a proxy's HTML page, a cut answer): worth asking again, so no status.
    throw new StatusRequestError('The status answer is not JSON.', { body: text, cause });
  }
  return toVideo(value);
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export interface VideoFetcherOptions {
  /** A URL template with `{id}`, answered with Gcore's video object (e.g. by your backend). */
  statusUrl?: string | null;
  /** Your own way to get the video (custom auth). Wins over `statusUrl`. */
  getStatus?: ((videoId: number | string, signal?: AbortSignal) => Promise<GcoreVideo | GcoreVideo[]>) | null;
}

/** The `fetchVideo` for a `StatusPoller`, or null when neither `getStatus` nor `statusUrl` is set. */
export function videoFetcher(options: VideoFetcherOptions, videoId: number | string): FetchVideo | null {
  const { getStatus, statusUrl } = options ?? {};
  if (typeof getStatus === 'function') return async (signal) => toVideo(await getStatus(videoId, signal));
  if (statusUrl) {
    const url = statusUrlFor(statusUrl, videoId);
    return (signal) => fetchVideoFromUrl(url, signal);
  }
  return null;
}
