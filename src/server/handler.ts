/**
 * The backend half of `<gcore-uploader>`: one Fetch-API handler `(request) => Promise<Response>` that
 * answers, under any mount path (routes match the tail of the path):
 *
 * - `POST …/session`  `{name, size, type, autoCaptions?}` → creates the video, answers Gcore's upload
 *   session `{servers, token, video}` plus a signed `status_url` and `edit_url`, and `auto_captions`.
 * - `POST …/import`   `{url, name, autoCaptions?}` → Gcore downloads the file; answers
 *   `{video, status_url, edit_url, auto_captions}`.
 * - `GET  …/videos/{id}?exp=…&sig=…` → the video's status (a few fields), only with a valid status signature.
 * - `PATCH …/videos/{id}?exp=…&sig=…` `{name?, description?, poster?, screenshot_id?}` and
 *   `POST …/videos/{id}/subtitles?exp=…&sig=…` `{name?, language, vtt}` → edits, with a valid edit
 *   signature (the `edit_url`'s) and `authorize`.
 *
 * Secure by default: `authorize` is required, requests from other origins are refused unless listed
 * in `allowedOrigins`, bodies must be JSON, video creation and edits are rate limited (apart), and
 * bodies, fields and Gcore calls are bounded. Errors are JSON `{error: {code, message}}`; the handler
 * never throws.
 *
 * This file holds the options and the order of the checks; each check lives in `guards/` (host,
 * origin, authorize, rate-limit, body, input), the answers in `responses.ts`, the routes in `routes/`.
 */
import { createGcoreClient, type GcoreClient, type GcoreClientOptions } from './client.js';
import type { CreateVideoInput } from './gcore-types.js';
import { checkAuthorized, checkAuthorizeOption } from './guards/authorize.js';
import { checkBodyHeaders, createBodyReader, DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_CONCURRENT_BODIES, type BodyLimit } from './guards/body.js';
import { EDIT_BODY_LIMIT, SUBTITLE_BODY_LIMIT } from './guards/edit-input.js';
import { requestUrl } from './guards/host.js';
import { DEFAULT_MAX_UPLOAD_BYTES, readVideoId } from './guards/input.js';
import { checkAllowedOrigins, checkOrigin, preflightHeaders } from './guards/origin.js';
import { checkClientKeyOption, createRateLimiter, rateLimitConfig, type ClientKey, type RateLimitOptions } from './guards/rate-limit.js';
import { positive } from './options.js';
import { checkSignature } from './guards/signature.js';
import { createResponder, errorBody, HttpError } from './responses.js';
import { checkAutoCaptionsOption, type AutoCaptionsOption } from './routes/captions.js';
import { addSubtitle, editVideo } from './routes/edit.js';
import type { RouteContext } from './routes/gcore.js';
import { importVideo } from './routes/import.js';
import { matchRoute, mountOf, unmatchedResponses } from './routes/match.js';
import { session } from './routes/session.js';
import { status } from './routes/status.js';
import { DEFAULT_EDIT_TTL_SECONDS, DEFAULT_STATUS_TTL_SECONDS, MIN_SECRET_LENGTH } from './signing.js';

/** What the element POSTs to `…/session`. */
export interface SessionRequest {
  name: string;
  size?: number;
  type?: string;
  /** The widget's `auto-captions`: asks for Gcore's AI captions; honoured only as the `autoCaptions` option allows. */
  autoCaptions?: boolean;
}

/** What a browser POSTs to `…/import`. */
export interface ImportRequest {
  url: string;
  name: string;
  /** As in `SessionRequest`. */
  autoCaptions?: boolean;
}

/** Video fields to set at creation (`directory_id`, `client_user_id`, `priority`, …). */
export type VideoDefaults = Partial<CreateVideoInput>;

export type VideoOption =
  | VideoDefaults
  | ((request: Request, body: SessionRequest | ImportRequest) => VideoDefaults | undefined | Promise<VideoDefaults | undefined>);

export interface UploadHandlerOptions {
  /** Your Gcore API key. Not needed when `client` is given. */
  apiKey?: string;
  /** Default `https://api.gcore.com`. */
  baseUrl?: string;
  /** A client to use instead of creating one from `apiKey`/`baseUrl`. */
  client?: GcoreClient;
  /** Signs the status and edit URLs (HMAC-SHA256). At least 16 characters; keep it out of the browser. */
  secret: string;
  /**
   * Required. Decides whether a request may create videos (`…/session`, `…/import`) on your Gcore
   * account, or edit one through its edit URL (which must also carry a valid signature); it may be
   * async. A falsy answer or a throw → 401, before any call to Gcore. Status URLs are authorized by
   * their signature alone. `() => true` lets anyone upload: only on purpose.
   */
  authorize: (request: Request) => unknown;
  /**
   * Other origins (`https://app.example`, exact, no path) whose pages may call the handler, with
   * credentials. Without it only same-origin requests are accepted. The CORS preflight is answered
   * for exactly these origins.
   */
  allowedOrigins?: readonly string[];
  /**
   * Limits video creation (`…/session` and `…/import`) per client and per handler, and edits apart
   * (`editsPerClient`, `editsPerHandler`); `false` turns both off. Default 60 new videos per client and
   * 600 per handler, 300 and 3000 edits, in 10 minutes, counted in this process's memory.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * The per-client rate-limit key of a request (a user id, an IP address…). Default: the peer address
   * `toNodeHandler` saw (see `clientAddress`); without one, all requests share one key.
   */
  clientKey?: (request: Request) => ClientKey | Promise<ClientKey>;
  /**
   * Fields for each new video, or a function `(request, body)` returning them (e.g. a `directory_id`
   * per user). `name` comes from the request body unless this sets one.
   */
  video?: VideoOption;
  /**
   * Who gets Gcore's AI captions (`auto_transcribe_audio_language: "auto"`), which the browser asks
   * for with `autoCaptions: true`: `'forbid'` (default: the browser's wish is ignored), `'allow'`,
   * `'force'` (every new video), or `(request, body) => boolean | policy` per request.
   */
  autoCaptions?: AutoCaptionsOption;
  /** How long a status URL stays valid (default 86 400 s = 24 h). */
  statusTtlSeconds?: number;
  /** How long an edit URL stays valid (default 86 400 s = 24 h). */
  editTtlSeconds?: number;
  /**
   * The path (or absolute URL) the browser reaches the handler at, e.g. `/api/gcore`. Default: taken
   * from each request's path, minus the route. Set it when a proxy rewrites paths.
   */
  mountPath?: string;
  /** The longest one request may wait for Gcore in ms, all its calls and retries together (default 15 000 → 504). */
  timeoutMs?: number;
  /** The longest a request body may take to arrive in ms (default 10 000 → 408). */
  bodyTimeoutMs?: number;
  /** Request bodies read at the same time at most (default 64 → 503). */
  maxConcurrentBodies?: number;
  /** The largest file `…/session` accepts, in bytes, as declared by `size` (default 1 TiB → 413). */
  maxUploadBytes?: number;
  /** Passed to the client created from `apiKey` (tests use short delays). */
  retry?: GcoreClientOptions['retry'];
  /** Passed to the client created from `apiKey`. */
  fetch?: typeof fetch;
  /**
   * Called with failures answered with 5xx (Gcore's refusals and timeouts, a Redis error, bugs in
   * `video`): for your logs. Gcore's own words are here, never in the answer. Default: `console.error`.
   */
  onError?: (error: unknown, request: Request) => void;
}

export type UploadHandler = (request: Request) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Creates the handler. Throws at once (not per request) when an option is missing or wrong. */
export function createUploadHandler(options: UploadHandlerOptions): UploadHandler {
  const { secret, authorize, statusTtlSeconds = DEFAULT_STATUS_TTL_SECONDS, editTtlSeconds = DEFAULT_EDIT_TTL_SECONDS, mountPath, onError } =
    options ?? ({} as UploadHandlerOptions);
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`createUploadHandler needs a secret of at least ${MIN_SECRET_LENGTH} characters (it signs the status URLs).`);
  }
  checkAuthorizeOption(authorize);
  if (!Number.isFinite(statusTtlSeconds) || statusTtlSeconds <= 0) throw new TypeError('statusTtlSeconds must be a positive number.');
  if (!Number.isFinite(editTtlSeconds) || editTtlSeconds <= 0) throw new TypeError('editTtlSeconds must be a positive number.');
  checkAutoCaptionsOption(options.autoCaptions);
  checkClientKeyOption(options.clientKey);
  const allowedOrigins = checkAllowedOrigins(options.allowedOrigins);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const bodyTimeoutMs = positive('bodyTimeoutMs', options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS);
  const maxConcurrentBodies = positive('maxConcurrentBodies', options.maxConcurrentBodies, DEFAULT_MAX_CONCURRENT_BODIES, { integer: true });
  const maxUploadBytes = positive('maxUploadBytes', options.maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES, { integer: true });
  const limits = rateLimitConfig(options.rateLimit);
  const client =
    options.client ??
    createGcoreClient({ apiKey: options.apiKey as string, baseUrl: options.baseUrl, retry: options.retry, fetch: options.fetch, timeoutMs });

  const report = (error: unknown, request: Request) => {
    try {
      if (onError) onError(error, request);
      else console.error('gcore-uploader/server:', error);
    } catch {
      // A logger that throws must not break the answer.
    }
  };
  // The API key and the secret must never appear in an answer.
  const answer = createResponder({ secrets: [options.apiKey, secret], varyOrigin: allowedOrigins.size > 0 });
  const readJson = createBodyReader({ bodyTimeoutMs, maxConcurrentBodies });
  const checkRateLimit = createRateLimiter({ limits, clientKey: options.clientKey, report });
  const ctx: RouteContext = {
    client,
    secret,
    statusTtlSeconds,
    editTtlSeconds,
    timeoutMs,
    maxUploadBytes,
    video: options.video,
    autoCaptions: options.autoCaptions,
    report,
  };

  /** What every video-creating route passes before its body is read; then the body. */
  async function admit(request: Request): Promise<Record<string, unknown>> {
    checkBodyHeaders(request);
    await checkAuthorized(authorize, request);
    await checkRateLimit(request, 'create');
    return readJson(request);
  }

  /** What every edit passes before its body is read (its own size limit, the edit signature, the edit budget); then the body. */
  async function admitEdit(request: Request, url: URL, id: string, limit: BodyLimit): Promise<Record<string, unknown>> {
    checkBodyHeaders(request, limit);
    await checkAuthorized(authorize, request);
    await checkSignature('edit', id, url, secret);
    await checkRateLimit(request, 'edit');
    return readJson(request, limit);
  }

  return async function handleUploadRequest(request: Request): Promise<Response> {
    // The CORS headers of every answer, once the origin is known to be a listed one.
    let cors: Record<string, string> = {};
    try {
      const url = requestUrl(request);
      const method = request.method.toUpperCase();
      const route = matchRoute(url.pathname);
      if (!route) {
        const response = answer.error(new HttpError(404, 'not-found', `No route for ${method} ${url.pathname}.`));
        unmatchedResponses.add(response);
        return response;
      }
      const origin = checkOrigin(request, url, allowedOrigins);
      cors = origin.cors;
      const mount = mountOf(url, route.tail, mountPath);
      const allow = `${route.methods.join(', ')}, OPTIONS`;
      if (method === 'OPTIONS') {
        const headers = { ...answer.baseHeaders(), Allow: allow, ...cors, ...preflightHeaders(request, origin.listed, allow) };
        return new Response(null, { status: 204, headers });
      }
      if (!(route.methods as readonly string[]).includes(method)) {
        throw new HttpError(405, 'method-not-allowed', `Use ${route.methods.join(' or ')} here, not ${method}.`, { Allow: allow });
      }
      if (route.name === 'video' && method === 'GET') return answer.json(200, await status(ctx, request, url, route.rawId), cors);
      if (route.name === 'video' || route.name === 'subtitles') {
        const id = readVideoId(route.rawId);
        const subtitles = route.name === 'subtitles';
        const body = await admitEdit(request, url, id, subtitles ? SUBTITLE_BODY_LIMIT : EDIT_BODY_LIMIT);
        const result = subtitles ? await addSubtitle(ctx, request, body, id) : await editVideo(ctx, request, body, id);
        return answer.json(200, result, cors);
      }
      const body = await admit(request);
      const result = route.name === 'session' ? await session(ctx, request, body, mount) : await importVideo(ctx, request, body, mount);
      return answer.json(200, result, cors);
    } catch (err) {
      if (err instanceof HttpError) return answer.error(err, cors);
      report(err, request);
      try {
        return answer.error(new HttpError(500, 'internal-error', 'Unexpected server error.'), cors);
      } catch {
        return new Response(JSON.stringify(errorBody('internal-error', 'Unexpected server error.')), { status: 500 });
      }
    }
  };
}
