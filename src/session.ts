/**
 * The upload session: Gcore's answer to `GET /streaming/videos/{id}/upload` (`{servers, token, video}`),
 * checked before any request, and fetched from the developer's backend when the element has a
 * `session-url` or a `getSession` function.
 */
import { GcoreUploaderError, isUploaderError, type ErrorReason } from './errors.js';
import { sendJson } from './json-request.js';

export interface GcoreUploadServer {
  id?: number;
  hostname: string;
  role?: string;
  active?: boolean;
  ssl?: boolean;
}

/** The part of Gcore's video object the upload needs; the rest is kept as given. */
export interface GcoreSessionVideo {
  id: number | string;
  client_id: number | string;
  name?: string;
  status?: string;
  [field: string]: unknown;
}

export interface GcoreUploadSession {
  servers: GcoreUploadServer[];
  token: string;
  video: GcoreSessionVideo;
  /** Added by `gcore-uploader/server`: a signed URL that answers the video's status. */
  status_url?: string;
  /** Added by `gcore-uploader/server`: a signed URL to change the video's details (`details`). */
  edit_url?: string;
  /** Added by `gcore-uploader/server`: whether the new video asks Gcore for AI captions. */
  auto_captions?: boolean;
}

/** What the element POSTs to `session-url`. */
export interface SessionRequestBody {
  name: string;
  size: number;
  type: string;
  /** Only with `auto-captions`: ask for Gcore's AI captions (the backend decides). */
  autoCaptions?: true;
}

export type GetSession = (file: File) => Promise<GcoreUploadSession | string>;

const invalid = (reason: ErrorReason) => new GcoreUploaderError('invalid-session', { params: { reason } });

const isId = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '');

/** Validates a session given as an object or as JSON text; throws `invalid-session`. */
export function parseSession(input: unknown): GcoreUploadSession {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalid('not-json');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('not-object');
  const s = value as Record<string, unknown>;
  if (typeof s.token !== 'string' || s.token.trim() === '') throw invalid('no-token');
  const video = s.video as Record<string, unknown> | undefined;
  if (!video || typeof video !== 'object') throw invalid('no-video');
  if (!isId(video.id)) throw invalid('no-video-id');
  if (!isId(video.client_id)) throw invalid('no-client-id');
  if (!Array.isArray(s.servers)) throw invalid('no-servers');
  if (uploadServers(s.servers as GcoreUploadServer[]).length === 0) throw invalid('no-active-server');
  if (s.status_url !== undefined && typeof s.status_url !== 'string') throw invalid('bad-status-url');
  return value as GcoreUploadSession;
}

/** The servers to try, in the order given: active, role `upload` (or no role), with a hostname. */
export function uploadServers(servers: GcoreUploadServer[]): GcoreUploadServer[] {
  return servers.filter(
    (s) => s && typeof s.hostname === 'string' && s.hostname.trim() !== '' && s.active !== false && (s.role === undefined || s.role === 'upload'),
  );
}

/** `http(s)://{hostname}/upload/` for each usable server; `ssl: false` picks plain http. */
export function uploadEndpoints(session: GcoreUploadSession): string[] {
  return uploadServers(session.servers).map((s) => `${s.ssl === false ? 'http' : 'https'}://${s.hostname.trim()}/upload/`);
}

/** POSTs `{name, size, type}` (and `autoCaptions: true` when asked) to the developer's backend and validates the session it answers. */
export async function requestSession(url: string, file: Pick<File, 'name' | 'size' | 'type'>, signal?: AbortSignal, autoCaptions = false): Promise<GcoreUploadSession> {
  let response: Response;
  const body: SessionRequestBody = { name: file.name, size: file.size, type: file.type, ...(autoCaptions ? { autoCaptions: true as const } : {}) };
  let text: string;
  try {
    ({ response, text } = await sendJson('POST', url, body, signal));
  } catch (cause) {
    if (signal?.aborted) throw new GcoreUploaderError('aborted', { cause });
    throw new GcoreUploaderError('session-request-failed', { params: { reason: 'unreachable', detail: String((cause as Error)?.message ?? cause) }, cause });
  }
  if (!response.ok) {
    throw new GcoreUploaderError('session-request-failed', {
      status: response.status,
      serverMessage: text.slice(0, 500) || undefined,
      params: { reason: 'refused' },
    });
  }
  return parseSession(text);
}

/** Runs a `getSession` function; anything it throws becomes `session-request-failed`. */
export async function callGetSession(getSession: GetSession, file: File): Promise<GcoreUploadSession> {
  let value: GcoreUploadSession | string;
  try {
    value = await getSession(file);
  } catch (cause) {
    if (isUploaderError(cause)) throw cause;
    throw new GcoreUploaderError('session-request-failed', { params: { reason: 'thrown', detail: String((cause as Error)?.message ?? cause) }, cause });
  }
  return parseSession(value);
}
