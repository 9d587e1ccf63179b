/**
 * The backend half of `<gcore-uploader>`: one Fetch-API handler `(request) => Promise<Response>` that
 * answers, under any mount path (routes match the tail of the path):
 *
 * - `POST …/session`  `{name, size, type}` → creates the video, answers Gcore's upload session
 *   `{servers, token, video}` plus a signed `status_url`.
 * - `POST …/import`   `{url, name}` → Gcore downloads the file; answers `{video, status_url}`.
 * - `GET  …/videos/{id}?exp=…&sig=…` → the video's status (a few fields), only with a valid signature.
 *
 * Errors are JSON `{error: {code, message}}`; the handler never throws.
 */
import {
  createGcoreClient,
  GcoreApiError,
  gcoreErrorText,
  type CreateVideoInput,
  type GcoreClient,
  type GcoreClientOptions,
  type GcoreVideo,
} from './client.js';
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
   * Decides whether a request may create videos (`…/session`, `…/import`); it may be async. A falsy
   * answer or a throw → 401, before any call to Gcore. Status URLs are authorized by their signature.
   */
  authorize?: (request: Request) => unknown;
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
  /** Passed to the client created from `apiKey` (tests use short delays). */
  retry?: GcoreClientOptions['retry'];
  /** Passed to the client created from `apiKey`. */
  fetch?: typeof fetch;
  /**
   * Called with failures answered with 5xx (Gcore errors, bugs in `video`): for your logs. Default:
   * unexpected errors (500) are logged with `console.error`; Gcore errors (502) are not.
   */
  onError?: (error: unknown, request: Request) => void;
}

export type UploadHandler = (request: Request) => Promise<Response>;

/** The fields of a video the browser gets to see (status answers, import answers). */
export const VIDEO_FIELDS = ['id', 'name', 'status', 'error', 'converted_videos', 'hls_url', 'poster', 'screenshots', 'screenshot', 'duration'] as const;
/** The session's video also carries `client_id`: the TUS upload needs it. */
const SESSION_VIDEO_FIELDS = ['client_id', ...VIDEO_FIELDS] as const;

/** Largest JSON body read (bytes). */
const MAX_BODY_BYTES = 64 * 1024;
const MAX_NAME_LENGTH = 255;
const MAX_URL_LENGTH = 4096;
const IMPORT_PROTOCOLS = new Set(['http:', 'https:', 'sftp:']);

/** Responses meaning "no route here" (the Node adapter hands them to `next()` when it has one). */
export const unmatchedResponses = new WeakSet<Response>();

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
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

/**
 * Why an import URL is refused, or null: it must be http(s) or sftp, and not an HLS/DASH manifest
 * (Gcore needs the original file; its download of a manifest ends in "File Invalid").
 */
export function importUrlProblem(url: string): string | null {
  if (url.length > MAX_URL_LENGTH) return `The URL is longer than ${MAX_URL_LENGTH} characters.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not a valid absolute URL.';
  }
  if (!IMPORT_PROTOCOLS.has(parsed.protocol)) {
    return `Gcore can only copy a file from an http://, https:// or sftp:// URL, not ${parsed.protocol}//.`;
  }
  if (!parsed.hostname) return 'The URL has no host.';
  const path = decodeSafe(parsed.pathname).toLowerCase();
  if (/\.(m3u8|mpd)$/.test(path)) {
    return 'HLS (.m3u8) and DASH (.mpd) manifests are playback formats and cannot be imported: give the URL of the original video file (e.g. .mp4, .mov, .mkv).';
  }
  return null;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const ROUTES = /\/(session|import|videos\/([^/]*))\/?$/;

/** Creates the handler. Throws at once (not per request) when `secret` or the API key is missing. */
export function createUploadHandler(options: UploadHandlerOptions): UploadHandler {
  const { secret, authorize, statusTtlSeconds = DEFAULT_STATUS_TTL_SECONDS, mountPath, onError } = options ?? ({} as UploadHandlerOptions);
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`createUploadHandler needs a secret of at least ${MIN_SECRET_LENGTH} characters (it signs the status URLs).`);
  }
  if (!Number.isFinite(statusTtlSeconds) || statusTtlSeconds <= 0) throw new TypeError('statusTtlSeconds must be a positive number.');
  if (authorize !== undefined && typeof authorize !== 'function') throw new TypeError('authorize must be a function.');
  const client =
    options.client ?? createGcoreClient({ apiKey: options.apiKey as string, baseUrl: options.baseUrl, retry: options.retry, fetch: options.fetch });
  // Strings that must never appear in an answer.
  const secrets = [options.apiKey, secret].filter((s): s is string => typeof s === 'string' && s.length >= 4);

  const report = (error: unknown, request: Request, unexpected: boolean) => {
    try {
      if (onError) onError(error, request);
      else if (unexpected) console.error('gcore-uploader/server: unexpected error', error);
    } catch {
      // A logger that throws must not break the answer.
    }
  };

  function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    let text = JSON.stringify(body);
    for (const s of secrets) text = text.split(s).join('[redacted]');
    return new Response(text, {
      status,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      },
    });
  }

  const errorResponse = (e: HttpError) => json(e.status, { error: { code: e.code, message: e.message, ...e.extra } }, e.headers);

  /** A Gcore failure → 502 with Gcore's message (and its status). */
  function gcoreFailure(err: unknown, request: Request, what: string): HttpError {
    if (err instanceof GcoreApiError) {
      report(err, request, false);
      const said = gcoreErrorText(err.body) || (err.status === 0 ? 'Gcore could not be reached' : `HTTP ${err.status}`);
      return new HttpError(502, 'gcore-error', `${what}: ${said}`, {}, { gcoreStatus: err.status });
    }
    report(err, request, true);
    return new HttpError(500, 'internal-error', `${what}: unexpected server error.`);
  }

  async function readJson(request: Request): Promise<Record<string, unknown>> {
    const declared = Number(request.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw new HttpError(413, 'body-too-large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    let text = '';
    if (request.body) {
      const reader = request.body.getReader();
      const decoder = new TextDecoder();
      let size = 0;
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
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
    const trimmed = name.trim();
    if (trimmed === '') throw new HttpError(400, 'invalid-name', '"name" must not be empty.');
    return Array.from(trimmed).slice(0, MAX_NAME_LENGTH).join('');
  }

  async function checkAuthorized(request: Request): Promise<void> {
    if (!authorize) return;
    let allowed: unknown;
    try {
      allowed = await authorize(request);
    } catch {
      allowed = false;
    }
    if (!allowed) throw new HttpError(401, 'unauthorized', 'This request is not authorized.');
  }

  /** The `video` option's fields for this request, with `name` and what the route forces. */
  async function videoFields(request: Request, body: SessionRequest | ImportRequest): Promise<CreateVideoInput> {
    let defaults: VideoDefaults | undefined;
    try {
      defaults = typeof options.video === 'function' ? await options.video(request, body) : options.video;
    } catch (err) {
      report(err, request, true);
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

  async function session(request: Request, mount: string): Promise<Response> {
    await checkAuthorized(request);
    const body = await readJson(request);
    const name = readName(body);
    const size = body.size;
    if (size !== undefined && (typeof size !== 'number' || !Number.isFinite(size) || size < 0 || !Number.isInteger(size))) {
      throw new HttpError(400, 'invalid-size', '"size" must be a whole number of bytes, 0 or more.');
    }
    if (body.type !== undefined && body.type !== null && typeof body.type !== 'string') throw new HttpError(400, 'invalid-type', '"type" must be a string.');
    const input: SessionRequest = { name, size: size as number | undefined, type: (body.type as string | undefined) ?? undefined };
    const fields = await videoFields(request, input);
    // A direct upload: Gcore must not also download something.
    delete fields.origin_url;
    delete fields.origin_http_headers;

    let video: GcoreVideo;
    try {
      video = await client.createVideo(fields);
    } catch (err) {
      throw gcoreFailure(err, request, 'Gcore could not create the video');
    }
    let upload: Awaited<ReturnType<GcoreClient['getUploadSession']>>;
    try {
      upload = await client.getUploadSession(video.id);
    } catch (err) {
      // Do not leave an empty video behind.
      client.deleteVideo(video.id).catch(() => {});
      throw gcoreFailure(err, request, 'Gcore could not open an upload session');
    }
    const status_url = await signStatusUrl(mount, video.id, secret, { ttlSeconds: statusTtlSeconds });
    const sessionVideo = { ...pickVideoFields(video, SESSION_VIDEO_FIELDS), ...pickVideoFields(upload.video ?? ({} as GcoreVideo), SESSION_VIDEO_FIELDS) };
    return json(200, { servers: upload.servers, token: upload.token, video: sessionVideo, status_url });
  }

  async function importVideo(request: Request, mount: string): Promise<Response> {
    await checkAuthorized(request);
    const body = await readJson(request);
    const url = body.url;
    if (typeof url !== 'string' || url.trim() === '') throw new HttpError(400, 'invalid-url', 'The request needs a "url" of the video file.');
    const problem = importUrlProblem(url.trim());
    if (problem) throw new HttpError(400, 'invalid-url', problem);
    const name = readName(body);
    const fields = await videoFields(request, { url: url.trim(), name });
    let video: GcoreVideo;
    try {
      video = await client.importFromUrl({ ...fields, origin_url: url.trim() });
    } catch (err) {
      throw gcoreFailure(err, request, 'Gcore could not import the video');
    }
    const status_url = await signStatusUrl(mount, video.id, secret, { ttlSeconds: statusTtlSeconds });
    return json(200, { video: pickVideoFields(video), status_url });
  }

  async function status(request: Request, url: URL, rawId: string): Promise<Response> {
    const id = decodeSafe(rawId);
    if (!/^\d{1,20}$/.test(id)) throw new HttpError(400, 'invalid-video-id', 'The video id must be a number.');
    const check = await verifyStatusSignature(id, url.searchParams.get('exp'), url.searchParams.get('sig'), secret);
    if (!check.ok) {
      if (check.reason === 'expired') throw new HttpError(403, 'expired-signature', 'This status URL has expired.');
      throw new HttpError(403, 'invalid-signature', 'This status URL is not valid for this video.');
    }
    let video: GcoreVideo;
    try {
      video = await client.getVideo(id);
    } catch (err) {
      if (err instanceof GcoreApiError && err.status === 404) {
        throw new HttpError(404, 'video-not-found', 'The video no longer exists.');
      }
      throw gcoreFailure(err, request, 'Gcore could not give the video status');
    }
    return json(200, pickVideoFields(video));
  }

  return async function handleUploadRequest(request: Request): Promise<Response> {
    try {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        url = new URL(request.url, 'http://localhost');
      }
      const method = request.method.toUpperCase();
      const match = ROUTES.exec(url.pathname);
      if (!match) {
        const response = errorResponse(new HttpError(404, 'not-found', `No route for ${method} ${url.pathname}.`));
        unmatchedResponses.add(response);
        return response;
      }
      const mount = mountOf(url, match[0]);
      const allowed = match[1] === 'session' || match[1] === 'import' ? 'POST' : 'GET';
      if (method === 'OPTIONS') return new Response(null, { status: 204, headers: { Allow: `${allowed}, OPTIONS` } });
      if (method !== allowed) throw new HttpError(405, 'method-not-allowed', `Use ${allowed} here, not ${method}.`, { Allow: `${allowed}, OPTIONS` });
      if (match[1] === 'session') return await session(request, mount);
      if (match[1] === 'import') return await importVideo(request, mount);
      return await status(request, url, match[2]);
    } catch (err) {
      if (err instanceof HttpError) return errorResponse(err);
      report(err, request, true);
      try {
        return json(500, { error: { code: 'internal-error', message: 'Unexpected server error.' } });
      } catch {
        return new Response('{"error":{"code":"internal-error","message":"Unexpected server error."}}', { status: 500 });
      }
    }
  };
}
