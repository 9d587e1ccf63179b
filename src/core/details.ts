/**
 * A video's details through the session's signed `edit_url` (gcore-uploader/server, docs/server.md
 * "Editing a video"): `PATCH edit_url` with `{name, description, poster, screenshot_id}`, and
 * `POST <edit_url's path>/subtitles?<same query>` with `{language, vtt, name}`. JSON, same-origin
 * credentials (the helper still runs `authorize`), the item's AbortSignal. No DOM.
 *
 * Failures are GcoreUploaderErrors `{code, params}`: the helper's own refusals of a poster or a subtitle
 * keep their codes (`poster-too-large`, `invalid-poster`, `invalid-subtitle`, `subtitle-too-large`);
 * anything else is `details-save-failed` (`params.reason`: `unreachable`, `refused` with `status`,
 * `expired`, `rate-limited`, `no-edit-url`; `params.serverCode` is the helper's code).
 */
import { GcoreUploaderError } from '../errors.js';
import { sendJson } from '../json-request.js';
import type { GcoreVideo } from '../status/video.js';
import { detailsError, MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, type DetailsErrorCode, type DetailsErrorParams } from '../details/codes.js';

/** What a PATCH may change. */
export interface VideoDetailsFields {
  /** The title (Gcore's `name`), 1–255 characters. */
  name?: string;
  /** Multi-line; `""` clears it. At most 5000 characters. */
  description?: string;
  /** A `data:image/(jpeg|png|webp);base64,…` URL of at most 1 000 000 bytes. */
  poster?: string;
  /** Which of Gcore's `screenshots` is the default `screenshot`. */
  screenshot_id?: number;
}

export type VideoDetailsField = keyof VideoDetailsFields;

/** A subtitle to add: WebVTT text in an ISO 639-2 language. */
export interface SubtitleInput {
  language: string;
  vtt: string;
  name?: string;
}

/** The helper's answer to a subtitle added. */
export interface GcoreSubtitle {
  id: number | string;
  name?: string;
  language: string;
}

export interface DetailsRequestOptions {
  signal?: AbortSignal;
  /** What a relative `edit_url` is relative to (default the page's location; in Node, e.g. the session URL). */
  base?: string | null;
}

/** The edit URL made absolute, or a `details-save-failed` error. */
function absolute(editUrl: string | null | undefined, base?: string | null): URL {
  if (!editUrl) throw detailsError('details-save-failed', { reason: 'no-edit-url' });
  // The page's base URL (an iframe of `srcdoc` has its parent's, not `about:srcdoc`), else its location; none in Node.
  const g = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  const page = g.document?.baseURI ?? g.location?.href;
  try {
    return new URL(editUrl, base ?? page ?? undefined);
  } catch (cause) {
    throw detailsError('details-save-failed', { reason: 'no-edit-url', detail: `edit_url ${JSON.stringify(editUrl)} is not a URL here` }, { cause });
  }
}

/** The subtitles URL of an edit URL: its path plus `/subtitles`, the same query. */
export function subtitlesUrlFor(editUrl: string, base?: string | null): string {
  const url = absolute(editUrl, base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/subtitles`;
  return url.href;
}

/** Cuts a string to `max` characters (code points, so no half surrogate pair is sent). */
const cut = (text: string, max: number) => {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max).join('') : text;
};

/** The fields to send: a title trimmed and cut to 255 (an empty one is not sent), a description cut to 5000. */
export function cleanDetails(fields: VideoDetailsFields): VideoDetailsFields {
  const out: VideoDetailsFields = {};
  if (typeof fields.name === 'string') {
    const name = cut(fields.name.trim(), MAX_TITLE_LENGTH).trim();
    if (name) out.name = name;
  }
  if (typeof fields.description === 'string') out.description = cut(fields.description.replace(/\r\n?/g, '\n'), MAX_DESCRIPTION_LENGTH);
  if (typeof fields.poster === 'string' && fields.poster) out.poster = fields.poster;
  if (typeof fields.screenshot_id === 'number' && Number.isInteger(fields.screenshot_id) && fields.screenshot_id >= 0) out.screenshot_id = fields.screenshot_id;
  return out;
}

/** The helper's refusals that keep their own code. */
const OWN_CODES: Record<string, DetailsErrorCode> = {
  'poster-too-large': 'poster-too-large',
  'invalid-poster': 'invalid-poster',
  'invalid-subtitle': 'invalid-subtitle',
  'subtitle-is-srt': 'invalid-subtitle',
  'subtitle-too-large': 'subtitle-too-large',
};

async function send<T>(method: 'PATCH' | 'POST', url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  let text: string;
  try {
    ({ response, text } = await sendJson(method, url, body, signal));
  } catch (cause) {
    if (signal?.aborted) throw new GcoreUploaderError('aborted', { cause });
    throw detailsError('details-save-failed', { reason: 'unreachable', detail: String((cause as Error)?.message ?? cause) }, { cause });
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok && json && typeof json === 'object') return json as T;
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const serverCode = typeof error?.code === 'string' ? error.code : undefined;
  const serverMessage = typeof error?.message === 'string' ? error.message : text.slice(0, 500) || undefined;
  const status = response.status;
  const own = serverCode ? OWN_CODES[serverCode] : undefined;
  const params: DetailsErrorParams = { ...(serverCode ? { serverCode } : {}) };
  if (own) throw detailsError(own, { ...params, reason: 'refused', detail: serverMessage }, { status, serverMessage });
  const reason = serverCode === 'expired-signature' ? 'expired' : status === 429 ? 'rate-limited' : 'refused';
  throw detailsError('details-save-failed', { ...params, reason, status, detail: serverMessage }, { status, serverMessage });
}

/** `PATCH edit_url` with the (cleaned) fields; resolves with the video as Gcore now has it. */
export async function patchVideoDetails(editUrl: string, fields: VideoDetailsFields, options: DetailsRequestOptions = {}): Promise<GcoreVideo> {
  const body = cleanDetails(fields);
  if (Object.keys(body).length === 0) throw detailsError('details-save-failed', { reason: 'refused', detail: 'nothing to save' });
  return send<GcoreVideo>('PATCH', absolute(editUrl, options.base).href, body, options.signal);
}

/** `POST <edit_url's path>/subtitles?<same query>` with `{language, vtt, name}`; resolves with the subtitle. */
export async function postSubtitle(editUrl: string, subtitle: SubtitleInput, options: DetailsRequestOptions = {}): Promise<GcoreSubtitle> {
  const body: SubtitleInput = { language: subtitle.language.toLowerCase(), vtt: subtitle.vtt };
  if (subtitle.name && subtitle.name.trim()) body.name = cut(subtitle.name.trim(), MAX_TITLE_LENGTH);
  return send<GcoreSubtitle>('POST', subtitlesUrlFor(editUrl, options.base), body, options.signal);
}
