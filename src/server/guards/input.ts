/**
 * Input cleaning: every field a browser sends is checked or cleaned here before it reaches Gcore or
 * an answer. Names lose control and bidi characters; import URLs must be http(s)/sftp files, not
 * manifests; types must be MIME types; sizes whole numbers within the server's limit; video ids digits.
 */
import { HttpError } from '../responses.js';

export const MAX_NAME_LENGTH = 255;
export const MAX_URL_LENGTH = 2048;
export const MAX_TYPE_LENGTH = 255;
/**
 * The largest `size` accepted by default: 1 TiB. Neither Gcore's API description nor its tutorials
 * state an upload limit; this bound is far above any video file and keeps `size` a sane number.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 ** 40;
const IMPORT_PROTOCOLS = new Set(['http:', 'https:', 'sftp:']);

/** C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates. */
const UNSAFE_CHARS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_CHAR = new RegExp(UNSAFE_CHARS.source);
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A MIME type as browsers give `File.type`: `type/subtype`, optionally with parameters. */
const TOKEN = "[A-Za-z0-9!#$&^_.+'*`|~-]+";
const MIME_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\u0000-\\u001F\\u007F]*"))*$`);

/**
 * Text made safe to store and show: lone surrogates replaced, control characters and bidi controls
 * removed (with `multiline`, newlines and tabs stay, and CR LF / CR become LF), NFC, trimmed. Not cut.
 */
export function cleanText(text: string, { multiline = false } = {}): string {
  const unified = multiline ? text.replace(/\r\n?/g, '\n') : text;
  const safe = unified.replace(LONE_SURROGATES, '\uFFFD').replace(UNSAFE_CHARS, (c) => (multiline && (c === '\n' || c === '\t') ? c : ''));
  return safe.normalize('NFC').trim();
}

/** The length of `text` in characters (code points), as the limits count it. */
export const charLength = (text: string): number => Array.from(text).length;

/**
 * A file or video name made safe to store and show: control characters and bidi controls removed,
 * lone surrogates replaced, NFC, trimmed, at most 255 characters.
 */
export function cleanVideoName(name: string): string {
  return Array.from(cleanText(name)).slice(0, MAX_NAME_LENGTH).join('').trim();
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

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The body's `name`, cleaned (`cleanVideoName`); 400 `invalid-name` when missing or nothing is left. */
export function readName(body: Record<string, unknown>): string {
  const name = body.name;
  if (name === undefined || name === null) throw new HttpError(400, 'invalid-name', 'The request needs a "name".');
  if (typeof name !== 'string') throw new HttpError(400, 'invalid-name', '"name" must be a string.');
  if (name.length > 64 * MAX_NAME_LENGTH) throw new HttpError(400, 'invalid-name', `"name" is far longer than ${MAX_NAME_LENGTH} characters.`);
  const cleaned = cleanVideoName(name);
  if (cleaned === '') throw new HttpError(400, 'invalid-name', '"name" must not be empty (control characters do not count).');
  return cleaned;
}

/** The body's optional `size` in bytes; 413 `file-too-large` above `maxUploadBytes`. */
export function readSize(body: Record<string, unknown>, maxUploadBytes: number): number | undefined {
  const size = body.size;
  if (size === undefined) return undefined;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new HttpError(400, 'invalid-size', '"size" must be a whole number of bytes, 0 or more.');
  }
  if (size > maxUploadBytes) throw new HttpError(413, 'file-too-large', `The file is larger than the ${maxUploadBytes} bytes this server accepts.`);
  return size;
}

/** The body's optional MIME `type`. */
export function readType(body: Record<string, unknown>): string | undefined {
  const type = body.type;
  if (type === undefined || type === null || type === '') return undefined;
  if (typeof type !== 'string') throw new HttpError(400, 'invalid-type', '"type" must be a string.');
  if (type.length > MAX_TYPE_LENGTH || !MIME_TYPE.test(type)) throw new HttpError(400, 'invalid-type', '"type" must be a MIME type like "video/mp4".');
  return type;
}

/** The body's `url`, checked (`checkImportUrl`): the serialized URL to send to Gcore. */
export function readImportUrl(body: Record<string, unknown>): string {
  const url = body.url;
  if (typeof url !== 'string' || url.trim() === '') throw new HttpError(400, 'invalid-url', 'The request needs a "url" of the video file.');
  const checked = checkImportUrl(url);
  if (checked.problem !== undefined) throw new HttpError(400, 'invalid-url', checked.problem);
  return checked.href;
}

/** The body's optional `autoCaptions` (the widget's `auto-captions`): true, false or absent. */
export function readAutoCaptions(body: Record<string, unknown>): boolean | undefined {
  const value = body.autoCaptions;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new HttpError(400, 'invalid-auto-captions', '"autoCaptions" must be true or false.');
  return value;
}

/** The video id of a status or edit path (percent-decoded): digits only. */
export function readVideoId(rawId: string): string {
  const id = decodeSafe(rawId);
  if (!/^\d{1,20}$/.test(id)) throw new HttpError(400, 'invalid-video-id', 'The video id must be a number.');
  return id;
}
