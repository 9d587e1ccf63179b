/**
 * Polls a video's status after its upload until Gcore says `ready` or gives up, one request at a time.
 *
 * - The first request goes out at once on `start()`; the next is scheduled only after the previous one settled.
 * - `viewable` → `onViewable` (once); `ready` → `onViewable` (if not yet), `onReady`, and polling stops.
 * - `status: error`, or `empty` with an `error` text → `onError('processing-failed')`, and polling stops.
 * - A failed request (network, 5xx, 408, 429, a body that is not a video) is retried after
 *   `min(interval * 2^failures, maxInterval)`; after `maxFailures` failures in a row → `status-request-failed`.
 *   Any other 4xx is `status-request-failed` at once.
 * - `stop()` aborts the request in flight and clears the timer; no callback fires after it.
 */
import { GcoreUploaderError } from '../errors.js';
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
}

/** What a status request failed with; `status` is the HTTP status when an answer arrived. */
interface RequestFailure {
  status?: number;
  retryAfter?: number;
  message?: string;
}

export class StatusPoller {
  private readonly options: StatusPollerOptions;
  private running = false;
  /** Bumped by start() and stop(), so an answer to an older run is ignored. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  private failures = 0;
  private lastVideo: GcoreVideo | null = null;
  private lastStatus: string | null = null;
  private viewableFired = false;
  private readyFired = false;

  constructor(options: StatusPollerOptions) {
    if (typeof options?.fetchVideo !== 'function') throw new TypeError('StatusPoller needs a fetchVideo function.');
    this.options = options;
  }

  /** The last video Gcore answered, or null before the first answer. */
  get video(): GcoreVideo | null {
    return this.lastVideo;
  }

  get polling(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation++;
    this.failures = 0;
    void this.poll(this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.controller?.abort();
    this.controller = null;
  }

  private get interval(): number {
    return Math.max(0, this.options.interval ?? 2000);
  }

  private get maxInterval(): number {
    return Math.max(this.interval, this.options.maxInterval ?? 30000);
  }

  private get maxFailures(): number {
    return Math.max(1, this.options.maxFailures ?? 5);
  }

  private live(generation: number): boolean {
    return this.running && generation === this.generation;
  }

  private schedule(generation: number, delay: number): void {
    if (!this.live(generation)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll(generation);
    }, delay);
  }

  private async poll(generation: number): Promise<void> {
    if (!this.live(generation)) return;
    const controller = new AbortController();
    this.controller = controller;
    let video: GcoreVideo;
    try {
      video = await this.options.fetchVideo(controller.signal);
      if (!isVideo(video)) throw new GcoreUploaderError('status-request-failed', { message: 'The status answer is not a video object.' });
    } catch (err) {
      if (this.controller === controller) this.controller = null;
      if (!this.live(generation) || controller.signal.aborted) return;
      this.failed(generation, err);
      return;
    }
    if (this.controller === controller) this.controller = null;
    if (!this.live(generation)) return;
    this.failures = 0;
    this.answered(generation, video);
  }

  private failed(generation: number, err: unknown): void {
    const failure = err as RequestFailure;
    const status = typeof failure?.status === 'number' && failure.status > 0 ? failure.status : undefined;
    const detail = errorText(err);
    // A 4xx other than 408 (timeout) and 429 (rate limit) will not change by asking again.
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      this.fail(new GcoreUploaderError('status-request-failed', { status, message: statusFailedMessage(detail, status), cause: err }));
      return;
    }
    this.failures++;
    if (this.failures >= this.maxFailures) {
      this.fail(
        new GcoreUploaderError('status-request-failed', {
          status,
          message: statusFailedMessage(`${this.failures} requests in a row failed; the last: ${detail}`, status),
          cause: err,
        }),
      );
      return;
    }
    let delay = Math.min(this.interval * 2 ** this.failures, this.maxInterval);
    if (typeof failure?.retryAfter === 'number' && failure.retryAfter > 0) delay = Math.max(delay, Math.min(failure.retryAfter, this.maxInterval));
    this.schedule(generation, delay);
  }

  private answered(generation: number, video: GcoreVideo): void {
    this.lastVideo = video;
    this.call(() => this.options.onVideo?.(video));
    if (!this.live(generation)) return;
    if (video.status !== this.lastStatus) {
      this.lastStatus = video.status;
      this.call(() => this.options.onStatusChange?.(video.status, video));
      if (!this.live(generation)) return;
    }
    if (isProcessingFailure(video)) {
      const said = typeof video.error === 'string' ? video.error.trim() : '';
      this.fail(
        new GcoreUploaderError('processing-failed', {
          message: said ? `The video could not be processed: ${said}` : `The video could not be processed (status "${video.status}").`,
          serverMessage: said || undefined,
        }),
      );
      return;
    }
    if ((video.status === 'viewable' || video.status === 'ready') && !this.viewableFired) {
      this.viewableFired = true;
      this.call(() => this.options.onViewable?.(video));
      if (!this.live(generation)) return;
    }
    if (video.status === 'ready') {
      this.stop();
      if (!this.readyFired) {
        this.readyFired = true;
        this.call(() => this.options.onReady?.(video));
      }
      return;
    }
    this.schedule(generation, this.interval);
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

function statusFailedMessage(detail: string, status?: number): string {
  return `Could not get the status of the video from the server${status ? ` (HTTP ${status})` : ''}: ${detail}`;
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
