/**
 * A small client for the parts of Gcore's Video Streaming API the upload flow needs
 * (`streaming-openapi.yaml`): create a video, get its TUS upload session, read, change and delete it,
 * add subtitles, import from a URL and create in batches. Server-side only: it carries your API key.
 *
 * It only uses `fetch` (global or injected), `setTimeout` and `AbortSignal`, so it runs in Node 20+,
 * Deno, Bun and edge runtimes alike. Retries (429 always, network errors and 5xx on GET) with backoff,
 * within one deadline per call; what it throws carries Gcore's answer with credentials redacted.
 */
import type { BatchVideoInput, CreateVideoInput, GcoreSubtitle, GcoreSubtitleInput, GcoreUploadSessionInfo, GcoreVideo, ImportVideoInput } from './gcore-types.js';
import { isObject } from './json.js';
import { gcoreErrorText, redactDeep, redactSecrets } from './redact.js';
import { anySignal, parseRetryAfter, sleep } from './timing.js';

export { parseRetryAfter };

export interface RetryOptions {
  /** Extra attempts after the first one (default 3). */
  retries?: number;
  /** First backoff delay in ms, doubled on each retry, with jitter (default 500). */
  minDelayMs?: number;
  /** The longest wait in ms, for backoff and for `Retry-After` (default 10 000). A longer `Retry-After` is not waited for: the 429 is thrown. */
  maxDelayMs?: number;
}

export interface GcoreClientOptions {
  /** Your Gcore API key (permanent API token). Sent as `Authorization: APIKey <key>`. */
  apiKey: string;
  /** Default `https://api.gcore.com`. */
  baseUrl?: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** 429 on any request, and network errors and 5xx on GET, are retried with backoff. */
  retry?: RetryOptions;
  /**
   * The longest a call may take in ms, retries and backoff included: one deadline per call (default
   * 30 000, Gcore's own API timeout). A wait (backoff, `Retry-After`) that would pass it is not made.
   */
  timeoutMs?: number;
  /** Videos per `POST /streaming/videos/batch` call (default and maximum 500). */
  batchSize?: number;
}

/** Per call: an `AbortSignal` that ends the call (and its retries) early, e.g. the caller's own deadline. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface GcoreClient {
  /** `POST /streaming/videos` → the created video (Gcore answers an array; a bare object is accepted too). */
  createVideo(video: CreateVideoInput, options?: CallOptions): Promise<GcoreVideo>;
  /** `GET /streaming/videos/{id}/upload` → `{servers, token, video}` for a TUS upload. */
  getUploadSession(videoId: number | string, options?: CallOptions): Promise<GcoreUploadSessionInfo>;
  /** `GET /streaming/videos/{id}`. */
  getVideo(videoId: number | string, options?: CallOptions): Promise<GcoreVideo>;
  /** `PATCH /streaming/videos/{id}` with the fields to change (`name`, `description`, `poster`, `screenshot_id`…) → the video. */
  updateVideo(videoId: number | string, fields: Partial<CreateVideoInput>, options?: CallOptions): Promise<GcoreVideo>;
  /** `POST /streaming/videos/{id}/subtitles` `{name?, language, vtt}` → the subtitle `{id, name, language, vtt}`. */
  addSubtitle(videoId: number | string, subtitle: GcoreSubtitleInput, options?: CallOptions): Promise<GcoreSubtitle>;
  /** `DELETE /streaming/videos/{id}`. */
  deleteVideo(videoId: number | string, options?: CallOptions): Promise<void>;
  /** `POST /streaming/videos` with `origin_url` (and optional `origin_http_headers`): Gcore downloads the file. */
  importFromUrl(video: ImportVideoInput, options?: CallOptions): Promise<GcoreVideo>;
  /**
   * `POST /streaming/videos/batch`, 500 videos per call at most: longer lists are sent in several calls,
   * one after another, and the answers concatenated. If a call fails, the `GcoreApiError` carries the
   * videos already created by the earlier calls in `created`.
   */
  importBatch(videos: BatchVideoInput[], options?: CallOptions): Promise<GcoreVideo[]>;
  /** Any other call: `path` is relative to the base URL (e.g. `/streaming/videos?status=ready`). */
  request<T = unknown>(method: string, path: string, body?: unknown, options?: CallOptions): Promise<T>;
}

/** What Gcore (or the network) answered when a call failed. */
export class GcoreApiError extends Error {
  override name = 'GcoreApiError';
  /** Gcore's HTTP status; 0 when no answer came (network error, timeout). */
  readonly status: number;
  /** Gcore's answer, parsed as JSON when it is JSON, else its text. */
  readonly body: unknown;
  readonly method: string;
  /** The path called, e.g. `/streaming/videos/42`. */
  readonly path: string;
  /** True when no answer came in time (the client's `timeoutMs`, or the caller's signal). */
  readonly timedOut: boolean;
  /** `importBatch` only: the videos created by the calls that succeeded before this one. */
  created?: GcoreVideo[];

  constructor(init: { status: number; body?: unknown; method: string; path: string; message?: string; cause?: unknown; timedOut?: boolean }) {
    super(init.message ?? describeFailure(init.status, init.body, init.method, init.path), init.cause !== undefined ? { cause: init.cause } : undefined);
    this.status = init.status;
    this.body = init.body;
    this.method = init.method;
    this.path = init.path;
    this.timedOut = init.timedOut ?? false;
  }
}

/** The error of a call that got no answer in time (`timedOut`, status 0). */
export function timeoutError(method: string, path: string): GcoreApiError {
  return new GcoreApiError({ status: 0, method, path, timedOut: true, message: `Gcore did not answer in time (${method} ${path})` });
}

function describeFailure(status: number, body: unknown, method: string, path: string): string {
  const text = gcoreErrorText(body);
  if (status === 0) return `Gcore could not be reached (${method} ${path})${text ? `: ${text}` : ''}`;
  return `Gcore answered HTTP ${status} to ${method} ${path}${text ? `: ${text}` : ''}`;
}

export const DEFAULT_BASE_URL = 'https://api.gcore.com';
/** Gcore's limit for one `POST /streaming/videos/batch`. */
export const BATCH_MAX = 500;

function videoPath(videoId: number | string, tail = ''): string {
  const id = String(videoId).trim();
  if (!/^\d+$/.test(id)) throw new TypeError(`A Gcore video id is a positive integer; got ${JSON.stringify(videoId)}.`);
  return `/streaming/videos/${id}${tail}`;
}

/** Creates a client. The API key never leaves it except in the `Authorization` header to `baseUrl`. */
export function createGcoreClient(options: GcoreClientOptions): GcoreClient {
  const { apiKey, timeoutMs = 30_000 } = options ?? ({} as GcoreClientOptions);
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new TypeError('createGcoreClient needs an apiKey.');
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new TypeError('No fetch available: pass options.fetch.');
  const retries = Math.max(0, Math.floor(options.retry?.retries ?? 3));
  const minDelayMs = Math.max(0, options.retry?.minDelayMs ?? 500);
  const maxDelayMs = Math.max(minDelayMs, options.retry?.maxDelayMs ?? 10_000);
  const batchSize = Math.min(BATCH_MAX, Math.max(1, Math.floor(options.batchSize ?? BATCH_MAX)));

  const backoff = (attempt: number) => {
    const base = Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
    return Math.round(base / 2 + (Math.random() * base) / 2);
  };

  async function request<T = unknown>(method: string, path: string, body?: unknown, callOptions: CallOptions = {}): Promise<T> {
    const idempotent = method === 'GET' || method === 'HEAD';
    const headers: Record<string, string> = { Authorization: `APIKey ${apiKey}`, Accept: 'application/json' };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    // One deadline for the whole call, retries and waits included.
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
    const signal = anySignal([callOptions.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter((x): x is AbortSignal => !!x));
    /** Whether a wait of `ms` still fits before the deadline. */
    const fits = (ms: number) => !signal?.aborted && Date.now() + ms < deadline;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw timeoutError(method, path);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`, { method, headers, body: payload, signal });
        text = await response.text();
      } catch (cause) {
        if (signal?.aborted) throw timeoutError(method, path);
        const wait = backoff(attempt);
        if (idempotent && attempt < retries && fits(wait)) {
          await sleep(wait, signal);
          continue;
        }
        const reason = redactSecrets(cause instanceof Error ? cause.message : String(cause), [apiKey]).slice(0, 500);
        throw new GcoreApiError({ status: 0, method, path, cause, message: `Gcore could not be reached (${method} ${path}): ${reason}` });
      }
      let parsed: unknown;
      if (text.trim() !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      if (response.ok) {
        if (typeof parsed === 'string') {
          throw new GcoreApiError({ status: response.status, body: redactDeep(parsed, [apiKey]), method, path, message: `Gcore answered ${method} ${path} with something that is not JSON.` });
        }
        return parsed as T;
      }
      const retryable = response.status === 429 || (idempotent && response.status >= 500);
      if (retryable && attempt < retries) {
        const after = parseRetryAfter(response.headers.get('retry-after'));
        const wait = after ?? backoff(attempt);
        // A longer wait than we hold a request for, or one past the deadline: the error is thrown.
        if ((after === null || after <= maxDelayMs) && fits(wait)) {
          await sleep(wait, signal);
          continue;
        }
      }
      throw new GcoreApiError({ status: response.status, body: redactDeep(parsed, [apiKey]), method, path });
    }
  }

  /** One video out of an answer that is an array (spec) or a bare object (tutorial). */
  function oneVideo(answer: unknown, method: string, path: string): GcoreVideo {
    const video = Array.isArray(answer) ? answer[0] : answer;
    if (!isObject(video) || video.id === undefined || video.id === null) {
      throw new GcoreApiError({ status: 200, body: answer, method, path, message: `Gcore answered ${method} ${path} without a video.` });
    }
    return video as GcoreVideo;
  }

  async function createVideo(video: CreateVideoInput, options?: CallOptions): Promise<GcoreVideo> {
    if (!isObject(video)) throw new TypeError('createVideo needs a video object.');
    const answer = await request('POST', '/streaming/videos', { video }, options);
    return oneVideo(answer, 'POST', '/streaming/videos');
  }

  return {
    request,
    createVideo,
    async getUploadSession(videoId, options) {
      const path = videoPath(videoId, '/upload');
      const answer = await request('GET', path, undefined, options);
      if (!isObject(answer) || typeof answer.token !== 'string' || !Array.isArray(answer.servers) || !isObject(answer.video)) {
        throw new GcoreApiError({ status: 200, body: answer, method: 'GET', path, message: `Gcore answered GET ${path} without servers, token and video.` });
      }
      return answer as unknown as GcoreUploadSessionInfo;
    },
    async getVideo(videoId, options) {
      const path = videoPath(videoId);
      return oneVideo(await request('GET', path, undefined, options), 'GET', path);
    },
    async updateVideo(videoId, fields, options) {
      if (!isObject(fields)) throw new TypeError('updateVideo needs an object of fields.');
      const path = videoPath(videoId);
      return oneVideo(await request('PATCH', path, fields, options), 'PATCH', path);
    },
    async addSubtitle(videoId, subtitle, options) {
      if (!isObject(subtitle) || typeof subtitle.language !== 'string') throw new TypeError('addSubtitle needs {language, vtt}.');
      const path = videoPath(videoId, '/subtitles');
      const answer = await request('POST', path, subtitle, options);
      if (!isObject(answer)) throw new GcoreApiError({ status: 200, body: answer, method: 'POST', path, message: `Gcore answered POST ${path} without a subtitle.` });
      return answer as unknown as GcoreSubtitle;
    },
    async deleteVideo(videoId, options) {
      await request('DELETE', videoPath(videoId), undefined, options);
    },
    async importFromUrl(video, options) {
      if (!isObject(video) || typeof video.origin_url !== 'string' || video.origin_url.trim() === '') {
        throw new TypeError('importFromUrl needs a video with an origin_url.');
      }
      return createVideo(video, options);
    },
    async importBatch(videos, options) {
      if (!Array.isArray(videos)) throw new TypeError('importBatch needs an array of videos.');
      const created: GcoreVideo[] = [];
      for (let start = 0; start < videos.length; start += batchSize) {
        const chunk = videos.slice(start, start + batchSize);
        try {
          const answer = await request('POST', '/streaming/videos/batch', { videos: chunk }, options);
          if (!Array.isArray(answer)) {
            throw new GcoreApiError({ status: 200, body: answer, method: 'POST', path: '/streaming/videos/batch', message: 'Gcore answered a batch without an array of videos.' });
          }
          created.push(...(answer as GcoreVideo[]));
        } catch (err) {
          if (err instanceof GcoreApiError) err.created = created.slice();
          throw err;
        }
      }
      return created;
    },
  };
}
