/**
 * The backend half of `<gcore-uploader>`: one Fetch-API handler `(request) => Promise<Response>` that
 * answers, under any mount path (routes match the tail of the path):
 *
 * - `POST …/session`  `{name, size, type}` → creates the video, answers Gcore's upload session
 *   `{servers, token, video}` plus a signed `status_url`.
 * - `POST …/import`   `{url, name}` → Gcore downloads the file; answers `{video, status_url}`.
 * - `GET  …/videos/{id}?exp=…&sig=…` → the video's status (a few fields), only with a valid signature.
 *
 * Secure by default: `authorize` is required, requests from other origins are refused unless listed
 * in `allowedOrigins`, POST bodies must be JSON, video creation is rate limited, and bodies, fields
 * and Gcore calls are bounded. Errors are JSON `{error: {code, message}}`; the handler never throws.
 */
import { createGcoreClient, GcoreApiError, redactSecrets, type CreateVideoInput, type GcoreClient, type GcoreClientOptions, type GcoreVideo } from './client.js';
import { addressKey, createMemoryRateLimitStore, DEFAULT_RATE_LIMIT, type RateLimitOptions, type RateLimitStore } from './rate-limit.js';
import { DEFAULT_STATUS_TTL_SECONDS, MIN_SECRET_LENGTH, signStatusUrl, verifyStatusSignature } from './signing.js';

/** What the element POSTs to `…/session`. */
export interface SessionRequest {
  name: string;
  size?: number;
  type?: string;
}

/** What a browser POSTs to `…/import`. */
export interface ImportRequest {
  url: string;
  name: string;
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
  /** Signs the status URLs (HMAC-SHA256). At least 16 characters; keep it out of the browser. */
  secret: string;
  /**
   * Required. Decides whether a request may create videos (`…/session`, `…/import`) on your Gcore
   * account; it may be async. A falsy answer or a throw → 401, before any call to Gcore. Status URLs
   * are authorized by their signature. `() => true` lets anyone upload: only on purpose.
   */
  authorize: (request: Request) => unknown;
  /**
   * Other origins (`https://app.example`, exact, no path) whose pages may call the handler, with
   * credentials. Without it only same-origin requests are accepted. The CORS preflight is answered
   * for exactly these origins.
   */
  allowedOrigins?: readonly string[];
  /**
   * Limits video creation (`…/session` and `…/import`) per client and per handler; `false` turns it
   * off. Default 60 per client and 600 per handler in 10 minutes, counted in this process's memory.
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
  /** How long a status URL stays valid (default 86 400 s = 24 h). */
  statusTtlSeconds?: number;
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

/** What `clientKey` answers: a user id, an address…; nothing → the shared key `unknown`. */
export type ClientKey = string | number | bigint | null | undefined;

/** The fields of a video the browser gets to see (status answers, import answers). */
export const VIDEO_FIELDS = ['id', 'name', 'status', 'error', 'converted_videos', 'hls_url', 'poster', 'screenshots', 'screenshot', 'duration'] as const;
/** The session's video also carries `client_id`: the TUS upload needs it. */
const SESSION_VIDEO_FIELDS = ['client_id', ...VIDEO_FIELDS] as const;

/** Largest JSON body read (bytes). */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 255;
export const MAX_URL_LENGTH = 2048;
export const MAX_TYPE_LENGTH = 255;
/**
 * The largest `size` accepted by default: 1 TiB. Neither Gcore's API description nor its tutorials
 * state an upload limit; this bound is far above any video file and keeps `size` a sane number.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 ** 40;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONCURRENT_BODIES = 64;
const IMPORT_PROTOCOLS = new Set(['http:', 'https:', 'sftp:']);

/** Responses meaning "no route here" (the Node adapter hands them to `next()` when it has one). */
export const unmatchedResponses = new WeakSet<Response>();
/** The peer address the Node adapter saw for a request. */
const requestAddresses = new WeakMap<Request, string>();

/** Records the peer address of `request` (the Node adapter calls it; so may your own adapter). */
export function setClientAddress(request: Request, address: string): void {
  if (typeof address === 'string' && address) requestAddresses.set(request, address);
}

/** The peer address `toNodeHandler` (or `setClientAddress`) recorded for `request`, if any. */
export function clientAddress(request: Request): string | undefined {
  return requestAddresses.get(request);
}

const ROUTES = /\/(session|import|videos\/([^/]*))\/?$/;

/** Whether `pathname` is one of the handler's routes. */
export function matchesRoute(pathname: string): boolean {
  return ROUTES.test(pathname);
}

const HOST_LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST = new RegExp(`^(?:\\[[0-9A-Fa-f:.]{2,45}\\]|${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?)(?::(\\d{1,5}))?$`);

/** Whether `host` is a plain `host[:port]` (a name, IPv4 or [IPv6]), as a Host header must be. */
export function isValidHost(host: string): boolean {
  if (typeof host !== 'string' || host.length === 0 || host.length > 261) return false;
  const m = HOST.exec(host);
  return !!m && (m[1] === undefined || Number(m[1]) <= 65535);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Picks `fields` out of a Gcore video. */
export function pickVideoFields(video: GcoreVideo, fields: readonly string[] = VIDEO_FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in video) out[f] = video[f];
  return out;
}

/** C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates. */
const UNSAFE_CHARS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_CHAR = new RegExp(UNSAFE_CHARS.source);
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A file or video name made safe to store and show: control characters and bidi controls removed,
 * lone surrogates replaced, NFC, trimmed, at most 255 characters.
 */
export function cleanVideoName(name: string): string {
  const cleaned = name.replace(LONE_SURROGATES, '\uFFFD').replace(UNSAFE_CHARS, '').normalize('NFC').trim();
  return Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('').trim();
}

/** An import URL checked: `href` is what is sent to Gcore (the serialized URL), or why it is refused. */
export function checkImportUrl(url: string): { href: string; problem?: undefined } | { href?: undefined; problem: string } {
  const raw = url.trim();
  if (raw.length > MAX_URL_LENGTH) return { problem: `The URL is longer than ${MAX_URL_LENGTH} characters.` };
  if (UNSAFE_CHAR.test(raw)) return { problem: 'The URL contains control characters.' };
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { problem: 'The URL is not a valid absolute URL.' };
  }
  if (!IMPORT_PROTOCOLS.has(parsed.protocol)) {
    return { problem: `Gcore can only copy a file from an http://, https:// or sftp:// URL, not ${parsed.protocol}//.` };
  }
  if (!parsed.hostname) return { problem: 'The URL has no host.' };
  const path = decodeSafe(parsed.pathname).toLowerCase();
  if (/\.(m3u8|mpd)$/.test(path)) {
    return {
      problem:
        'HLS (.m3u8) and DASH (.mpd) manifests are playback formats and cannot be imported: give the URL of the original video file (e.g. .mp4, .mov, .mkv).',
    };
  }
  if (parsed.href.length > MAX_URL_LENGTH) return { problem: `The URL is longer than ${MAX_URL_LENGTH} characters.` };
  return { href: parsed.href };
}

/**
 * Why an import URL is refused, or null: it must be http(s) or sftp, at most 2048 characters, without
 * control characters, and not an HLS/DASH manifest (Gcore needs the original file; its download of a
 * manifest ends in "File Invalid").
 */
export function importUrlProblem(url: string): string | null {
  return checkImportUrl(url).problem ?? null;
}

/** A MIME type as browsers give `File.type`: `type/subtype`, optionally with parameters. */
const TOKEN = "[A-Za-z0-9!#$&^_.+'*`|~-]+";
const MIME_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\u0000-\\u001F\\u007F]*"))*$`);

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The canonical form of an origin (`scheme://host[:port]`), or null. */
function canonicalOrigin(origin: string): string | null {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

function checkAllowedOrigins(list: unknown): Set<string> {
  if (list === undefined) return new Set();
  if (!Array.isArray(list)) throw new TypeError('allowedOrigins must be an array of origins, e.g. ["https://app.example"].');
  const out = new Set<string>();
  for (const entry of list) {
    if (entry === '*' || entry === 'null') {
      throw new TypeError(`allowedOrigins lists exact origins; ${JSON.stringify(entry)} is not accepted (the browser's cookies are sent with these requests).`);
    }
    const text = typeof entry === 'string' ? entry.trim().replace(/\/$/, '') : '';
    const origin = text ? canonicalOrigin(text) : null;
    if (!origin || origin !== text.toLowerCase()) {
      throw new TypeError(`allowedOrigins: ${JSON.stringify(entry)} is not an origin like "https://app.example" (scheme, host and port only).`);
    }
    out.add(origin);
  }
  return out;
}

function positive(name: string, value: number | undefined, fallback: number, { integer = false } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be a positive ${integer ? 'integer' : 'number'}.`);
  }
  return value;
}

const AUTHORIZE_MISSING =
  'createUploadHandler needs an `authorize(request)` function: it decides who may create videos on your Gcore account ' +
  "(and so spend your storage and transcoding). Check your app's session, e.g. " +
  "`authorize: async (request) => Boolean(await getSession(request.headers.get('cookie')))`. " +
  'To let anyone upload, pass `authorize: () => true` on purpose (see "Security" in the README).';

/** Creates the handler. Throws at once (not per request) when an option is missing or wrong. */
export function createUploadHandler(options: UploadHandlerOptions): UploadHandler {
  const { secret, authorize, statusTtlSeconds = DEFAULT_STATUS_TTL_SECONDS, mountPath, onError } = options ?? ({} as UploadHandlerOptions);
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`createUploadHandler needs a secret of at least ${MIN_SECRET_LENGTH} characters (it signs the status URLs).`);
  }
  if (typeof authorize !== 'function') throw new TypeError(AUTHORIZE_MISSING);
  if (!Number.isFinite(statusTtlSeconds) || statusTtlSeconds <= 0) throw new TypeError('statusTtlSeconds must be a positive number.');
  if (options.clientKey !== undefined && typeof options.clientKey !== 'function') throw new TypeError('clientKey must be a function (request) => string.');
  const allowedOrigins = checkAllowedOrigins(options.allowedOrigins);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const bodyTimeoutMs = positive('bodyTimeoutMs', options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS);
  const maxConcurrentBodies = positive('maxConcurrentBodies', options.maxConcurrentBodies, DEFAULT_MAX_CONCURRENT_BODIES, { integer: true });
  const maxUploadBytes = positive('maxUploadBytes', options.maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES, { integer: true });
  const limits = rateLimitConfig(options.rateLimit);
  const client =
    options.client ??
    createGcoreClient({ apiKey: options.apiKey as string, baseUrl: options.baseUrl, retry: options.retry, fetch: options.fetch, timeoutMs });
  // Strings that must never appear in an answer.
  const secrets = [options.apiKey, secret];
  let readingBodies = 0;
  let warnedNoClientKey = false;

  const report = (error: unknown, request: Request) => {
    try {
      if (onError) onError(error, request);
      else console.error('gcore-uploader/server:', error);
    } catch {
      // A logger that throws must not break the answer.
    }
  };

  /** Per request: the CORS headers for a listed origin. */
  type Context = { cors: Record<string, string> };

  function json(ctx: Context, status: number, body: unknown, headers: Record<string, string> = {}): Response {
    const text = redactSecrets(JSON.stringify(body), secrets);
    return new Response(text, { status, headers: { ...baseHeaders(), ...ctx.cors, ...headers } });
  }

  function baseHeaders(): Record<string, string> {
    return {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(allowedOrigins.size ? { Vary: 'Origin' } : {}),
    };
  }

  const errorResponse = (ctx: Context, e: HttpError) => json(ctx, e.status, { error: { code: e.code, message: e.message } }, e.headers);

  /** A Gcore failure → 502 (or 504 when it took too long); Gcore's words and status go to onError only. */
  function gcoreFailure(err: unknown, request: Request, what: string): HttpError {
    if (err instanceof GcoreApiError) {
      report(err, request);
      if (err.timedOut) return new HttpError(504, 'gcore-timeout', `${what}: Gcore did not answer in time.`);
      return new HttpError(502, 'gcore-error', `${what}.`);
    }
    report(err, request);
    return new HttpError(500, 'internal-error', `${what}: unexpected server error.`);
  }

  /** `promise`, or a timed-out GcoreApiError when `signal` aborts first (for clients that ignore the signal). */
  function withDeadline<T>(promise: Promise<T>, signal: AbortSignal, method: string, path: string): Promise<T> {
    if (signal.aborted) return Promise.reject(new GcoreApiError({ status: 0, method, path, timedOut: true, message: `Gcore did not answer in time (${method} ${path})` }));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new GcoreApiError({ status: 0, method, path, timedOut: true, message: `Gcore did not answer in time (${method} ${path})` }));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  /** Origin rules: same origin, or a listed one; a request without Origin must not say cross-site. */
  function originCheck(request: Request, url: URL): { ok: boolean; listed?: string } {
    const origin = request.headers.get('origin');
    const site = request.headers.get('sec-fetch-site');
    if (origin !== null) {
      const o = canonicalOrigin(origin.trim());
      if (o && allowedOrigins.has(o)) return { ok: true, listed: o };
      if (o && o === url.origin) return { ok: true };
      // The browser says it is the page's own origin: the Host we were given was rewritten by a proxy.
      if (o && site === 'same-origin') return { ok: true };
      return { ok: false };
    }
    return { ok: site !== 'cross-site' && site !== 'same-site' };
  }

  const corsHeaders = (origin: string): Record<string, string> => ({
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  });

  function isJsonType(contentType: string | null): boolean {
    return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
  }

  async function readJson(request: Request): Promise<Record<string, unknown>> {
    if (readingBodies >= maxConcurrentBodies) throw new HttpError(503, 'server-busy', 'The server is busy; try again in a moment.', { 'Retry-After': '1' });
    readingBodies++;
    let text = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (request.body) {
        const reader = request.body.getReader();
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new HttpError(408, 'body-timeout', `The request body did not arrive within ${bodyTimeoutMs} ms.`)), bodyTimeoutMs);
        });
        timeout.catch(() => {});
        const decoder = new TextDecoder();
        let size = 0;
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          const read = reader.read();
          read.catch(() => {});
          try {
            chunk = await Promise.race([read, timeout]);
          } catch (err) {
            reader.cancel().catch(() => {});
            if (err instanceof HttpError) throw err;
            throw new HttpError(400, 'invalid-body', 'The request body could not be read.');
          }
          if (chunk.done) break;
          size += chunk.value.byteLength;
          if (size > MAX_BODY_BYTES) {
            reader.cancel().catch(() => {});
            throw new HttpError(413, 'body-too-large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
          }
          text += decoder.decode(chunk.value, { stream: true });
        }
        text += decoder.decode();
      }
    } finally {
      clearTimeout(timer);
      readingBodies--;
    }
    if (text.trim() === '') throw new HttpError(400, 'invalid-json', 'The request body is empty; send JSON.');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid-json', 'The request body is not valid JSON.');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'invalid-body', 'The request body must be a JSON object.');
    return value as Record<string, unknown>;
  }

  function readName(body: Record<string, unknown>): string {
    const name = body.name;
    if (name === undefined || name === null) throw new HttpError(400, 'invalid-name', 'The request needs a "name".');
    if (typeof name !== 'string') throw new HttpError(400, 'invalid-name', '"name" must be a string.');
    if (name.length > 64 * MAX_NAME_LENGTH) throw new HttpError(400, 'invalid-name', `"name" is far longer than ${MAX_NAME_LENGTH} characters.`);
    const cleaned = cleanVideoName(name);
    if (cleaned === '') throw new HttpError(400, 'invalid-name', '"name" must not be empty (control characters do not count).');
    return cleaned;
  }

  function readSize(body: Record<string, unknown>): number | undefined {
    const size = body.size;
    if (size === undefined) return undefined;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      throw new HttpError(400, 'invalid-size', '"size" must be a whole number of bytes, 0 or more.');
    }
    if (size > maxUploadBytes) throw new HttpError(413, 'file-too-large', `The file is larger than the ${maxUploadBytes} bytes this server accepts.`);
    return size;
  }

  function readType(body: Record<string, unknown>): string | undefined {
    const type = body.type;
    if (type === undefined || type === null || type === '') return undefined;
    if (typeof type !== 'string') throw new HttpError(400, 'invalid-type', '"type" must be a string.');
    if (type.length > MAX_TYPE_LENGTH || !MIME_TYPE.test(type)) throw new HttpError(400, 'invalid-type', '"type" must be a MIME type like "video/mp4".');
    return type;
  }

  async function checkAuthorized(request: Request): Promise<void> {
    let allowed: unknown;
    try {
      allowed = await authorize(request);
    } catch {
      allowed = false;
    }
    if (!allowed) throw new HttpError(401, 'unauthorized', 'This request is not authorized.');
  }

  async function keyOf(request: Request): Promise<string> {
    if (options.clientKey) {
      const key = await options.clientKey(request);
      const text = typeof key === 'string' || typeof key === 'number' || typeof key === 'bigint' ? String(key) : '';
      return text !== '' ? text.slice(0, 256) : 'unknown';
    }
    const address = requestAddresses.get(request);
    if (address) return addressKey(address);
    if (!warnedNoClientKey) {
      warnedNoClientKey = true;
      console.warn(
        'gcore-uploader/server: no client address for the per-client rate limit, so all such requests share one limit. ' +
          'Outside toNodeHandler, pass `clientKey: (request) => …` (a user id, or the address your platform gives you).',
      );
    }
    return 'unknown';
  }

  /** Takes one video creation from the client's and the handler's budgets, or throws 429. */
  async function checkRateLimit(request: Request): Promise<void> {
    if (!limits) return;
    const rule = (limit: number) => ({ limit, windowSeconds: limits.windowSeconds });
    let key: string;
    try {
      key = await keyOf(request);
    } catch (err) {
      report(err, request);
      throw new HttpError(500, 'internal-error', 'The server could not identify the client.');
    }
    let refused: number | null = null;
    try {
      const mine = await limits.store.take(`client:${key}`, 1, rule(limits.perClient));
      if (!mine.ok) refused = mine.retryAfterSeconds;
      else {
        const all = await limits.store.take('handler', 1, rule(limits.perHandler));
        if (!all.ok) refused = all.retryAfterSeconds;
      }
    } catch (err) {
      report(err, request);
      throw new HttpError(503, 'rate-limit-unavailable', 'The server cannot check its rate limit right now; try again later.', { 'Retry-After': '5' });
    }
    if (refused !== null) {
      const seconds = String(Math.max(1, Math.ceil(refused)));
      throw new HttpError(429, 'rate-limited', `Too many uploads started; try again in ${seconds} seconds.`, { 'Retry-After': seconds });
    }
  }

  /** The `video` option's fields for this request, with `name` and what the route forces. */
  async function videoFields(request: Request, body: SessionRequest | ImportRequest): Promise<CreateVideoInput> {
    let defaults: VideoDefaults | undefined;
    try {
      defaults = typeof options.video === 'function' ? await options.video(request, body) : options.video;
    } catch (err) {
      report(err, request);
      throw new HttpError(500, 'internal-error', 'The server could not prepare the video.');
    }
    const fields: Record<string, unknown> = defaults && typeof defaults === 'object' ? { ...defaults } : {};
    if (typeof fields.name !== 'string' || fields.name.trim() === '') fields.name = body.name;
    return fields as CreateVideoInput;
  }

  /** `<mount>` of this request: the configured one, or the path minus the route's tail. */
  function mountOf(url: URL, matched: string): string {
    if (mountPath !== undefined) return mountPath.replace(/\/+$/, '');
    // Never `//host/…` (a protocol-relative URL to another host).
    return url.pathname.slice(0, url.pathname.length - matched.length).replace(/^\/{2,}/, '/');
  }

  /** What every video-creating route checks before it reads the body. */
  async function admit(request: Request): Promise<Record<string, unknown>> {
    if (!isJsonType(request.headers.get('content-type'))) {
      throw new HttpError(415, 'unsupported-media-type', 'Send the body as JSON, with "Content-Type: application/json".');
    }
    const declared = request.headers.get('content-length');
    if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > MAX_BODY_BYTES) {
      throw new HttpError(413, 'body-too-large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    await checkAuthorized(request);
    await checkRateLimit(request);
    return readJson(request);
  }

  async function session(ctx: Context, request: Request, mount: string): Promise<Response> {
    const body = await admit(request);
    const name = readName(body);
    const size = readSize(body);
    const type = readType(body);
    const input: SessionRequest = { name, size, type };
    const fields = await videoFields(request, input);
    // A direct upload: Gcore must not also download something.
    delete fields.origin_url;
    delete fields.origin_http_headers;

    const signal = AbortSignal.timeout(timeoutMs);
    let video: GcoreVideo;
    try {
      video = await withDeadline(client.createVideo(fields, { signal }), signal, 'POST', '/streaming/videos');
    } catch (err) {
      throw gcoreFailure(err, request, 'Gcore could not create the video');
    }
    let upload: Awaited<ReturnType<GcoreClient['getUploadSession']>>;
    try {
      upload = await withDeadline(client.getUploadSession(video.id, { signal }), signal, 'GET', `/streaming/videos/${video.id}/upload`);
    } catch (err) {
      // Do not leave an empty video behind.
      Promise.resolve()
        .then(() => client.deleteVideo(video.id, { signal: AbortSignal.timeout(timeoutMs) }))
        .catch(() => {});
      throw gcoreFailure(err, request, 'Gcore could not open an upload session');
    }
    const status_url = await signStatusUrl(mount, video.id, secret, { ttlSeconds: statusTtlSeconds });
    const sessionVideo = { ...pickVideoFields(video, SESSION_VIDEO_FIELDS), ...pickVideoFields(upload.video ?? ({} as GcoreVideo), SESSION_VIDEO_FIELDS) };
    return json(ctx, 200, { servers: upload.servers, token: upload.token, video: sessionVideo, status_url });
  }

  async function importVideo(ctx: Context, request: Request, mount: string): Promise<Response> {
    const body = await admit(request);
    const url = body.url;
    if (typeof url !== 'string' || url.trim() === '') throw new HttpError(400, 'invalid-url', 'The request needs a "url" of the video file.');
    const checked = checkImportUrl(url);
    if (checked.problem !== undefined) throw new HttpError(400, 'invalid-url', checked.problem);
    const name = readName(body);
    const fields = await videoFields(request, { url: checked.href, name });
    const signal = AbortSignal.timeout(timeoutMs);
    let video: GcoreVideo;
    try {
      video = await withDeadline(client.importFromUrl({ ...fields, origin_url: checked.href }, { signal }), signal, 'POST', '/streaming/videos');
    } catch (err) {
      throw gcoreFailure(err, request, 'Gcore could not import the video');
    }
    const status_url = await signStatusUrl(mount, video.id, secret, { ttlSeconds: statusTtlSeconds });
    return json(ctx, 200, { video: pickVideoFields(video), status_url });
  }

  async function status(ctx: Context, request: Request, url: URL, rawId: string): Promise<Response> {
    const id = decodeSafe(rawId);
    if (!/^\d{1,20}$/.test(id)) throw new HttpError(400, 'invalid-video-id', 'The video id must be a number.');
    const check = await verifyStatusSignature(id, url.searchParams.get('exp'), url.searchParams.get('sig'), secret);
    if (!check.ok) {
      if (check.reason === 'expired') throw new HttpError(403, 'expired-signature', 'This status URL has expired.');
      throw new HttpError(403, 'invalid-signature', 'This status URL is not valid for this video.');
    }
    const signal = AbortSignal.timeout(timeoutMs);
    let video: GcoreVideo;
    try {
      video = await withDeadline(client.getVideo(id, { signal }), signal, 'GET', `/streaming/videos/${id}`);
    } catch (err) {
      if (err instanceof GcoreApiError && err.status === 404) {
        throw new HttpError(404, 'video-not-found', 'The video no longer exists.');
      }
      throw gcoreFailure(err, request, 'Gcore could not give the video status');
    }
    return json(ctx, 200, pickVideoFields(video));
  }

  return async function handleUploadRequest(request: Request): Promise<Response> {
    const ctx: Context = { cors: {} };
    try {
      // A Host that is not host[:port] may have been pasted into the URL by a runtime: route on nothing.
      const host = request.headers.get('host');
      if (host !== null && !isValidHost(host.trim())) throw new HttpError(400, 'bad-host', 'The Host header is not a valid host name.');
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        url = new URL(request.url, 'http://localhost');
      }
      const method = request.method.toUpperCase();
      const match = ROUTES.exec(url.pathname);
      if (!match) {
        const response = errorResponse(ctx, new HttpError(404, 'not-found', `No route for ${method} ${url.pathname}.`));
        unmatchedResponses.add(response);
        return response;
      }
      const origin = originCheck(request, url);
      if (!origin.ok) throw new HttpError(403, 'origin-not-allowed', 'Requests from this origin are not allowed.');
      if (origin.listed) ctx.cors = corsHeaders(origin.listed);
      const mount = mountOf(url, match[0]);
      const allowed = match[1] === 'session' || match[1] === 'import' ? 'POST' : 'GET';
      if (method === 'OPTIONS') {
        const headers: Record<string, string> = { ...baseHeaders(), Allow: `${allowed}, OPTIONS`, ...ctx.cors };
        if (origin.listed && request.headers.get('access-control-request-method') !== null) {
          Object.assign(headers, {
            'Access-Control-Allow-Methods': `${allowed}, OPTIONS`,
            'Access-Control-Allow-Headers': 'Content-Type, Authorization',
            'Access-Control-Max-Age': '600',
          });
        }
        return new Response(null, { status: 204, headers });
      }
      if (method !== allowed) throw new HttpError(405, 'method-not-allowed', `Use ${allowed} here, not ${method}.`, { Allow: `${allowed}, OPTIONS` });
      if (match[1] === 'session') return await session(ctx, request, mount);
      if (match[1] === 'import') return await importVideo(ctx, request, mount);
      return await status(ctx, request, url, match[2]);
    } catch (err) {
      if (err instanceof HttpError) return errorResponse(ctx, err);
      report(err, request);
      try {
        return json(ctx, 500, { error: { code: 'internal-error', message: 'Unexpected server error.' } });
      } catch {
        return new Response('{"error":{"code":"internal-error","message":"Unexpected server error."}}', { status: 500 });
      }
    }
  };
}

function rateLimitConfig(option: RateLimitOptions | false | undefined): { perClient: number; perHandler: number; windowSeconds: number; store: RateLimitStore } | null {
  if (option === false) return null;
  if (option !== undefined && (typeof option !== 'object' || option === null)) throw new TypeError('rateLimit must be an object or false.');
  const o = option ?? {};
  const store = o.store ?? createMemoryRateLimitStore();
  if (!store || typeof store.take !== 'function') throw new TypeError('rateLimit.store must have a take(key, cost, rule) method.');
  return {
    perClient: positive('rateLimit.perClient', o.perClient, DEFAULT_RATE_LIMIT.perClient, { integer: true }),
    perHandler: positive('rateLimit.perHandler', o.perHandler, DEFAULT_RATE_LIMIT.perHandler, { integer: true }),
    windowSeconds: positive('rateLimit.windowSeconds', o.windowSeconds, DEFAULT_RATE_LIMIT.windowSeconds),
    store,
  };
}
