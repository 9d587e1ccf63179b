/**
 * The checks of an edit (`PATCH …/videos/{id}`, `POST …/videos/{id}/subtitles`): the same rules the
 * widget applies, again, because the browser is not trusted. Only `name`, `description`, `poster` and
 * `screenshot_id` may be changed; a poster is a JPEG, PNG or WebP data URL of at most 1 000 000 bytes
 * whose first bytes are what its type says; a subtitle is WebVTT (SRT is refused: the widget converts
 * it), at most 2 000 000 bytes, in a three-letter ISO 639-2 language.
 */
import { HttpError } from '../responses.js';
import type { BodyLimit } from './body.js';
import { charLength, cleanText, MAX_NAME_LENGTH } from './input.js';

/** Gcore: posters "up to 1Mb" (read as 1 000 000 bytes, the smaller reading), decoded. */
export const MAX_POSTER_BYTES = 1_000_000;
/** The longest description (characters). Gcore states no bound; this keeps bodies and pages sane. */
export const MAX_DESCRIPTION_LENGTH = 5000;
/** The largest WebVTT text (UTF-8 bytes). Gcore accepts up to 5 MB; 2 MB is hours of dialogue. */
export const MAX_SUBTITLE_BYTES = 2_000_000;
/** The largest screenshot index accepted (Gcore makes about 5 screenshots). */
export const MAX_SCREENSHOT_ID = 10_000;

/** The fields `PATCH …/videos/{id}` may change; anything else is 400 `field-not-editable`. */
export const EDITABLE_VIDEO_FIELDS = ['name', 'description', 'poster', 'screenshot_id'] as const;
/** The fields of `POST …/videos/{id}/subtitles`. */
export const SUBTITLE_INPUT_FIELDS = ['name', 'language', 'vtt'] as const;

/**
 * The largest PATCH body: a poster of MAX_POSTER_BYTES in base64 (4/3, padded) plus its prefix, a name
 * and a description at their longest with every character escaped (`\uXXXX\uXXXX`, 12 bytes), and the
 * JSON around them: 1 333 336 + 23 + 63 060 + a few ≈ 1.4 MB. Only a poster over its limit (or
 * fields that are refused anyway) can make a body larger.
 */
export const MAX_EDIT_BODY_BYTES = 1_400_000;
/** The largest subtitle body: the VTT at its limit even if JSON doubles it (`\n`, `"`), and the rest. */
export const MAX_SUBTITLE_BODY_BYTES = 2 * MAX_SUBTITLE_BYTES + 64 * 1024;

export const EDIT_BODY_LIMIT: BodyLimit = {
  maxBytes: MAX_EDIT_BODY_BYTES,
  code: 'poster-too-large',
  message: `The request body is larger than ${MAX_EDIT_BODY_BYTES} bytes: the poster must be at most ${MAX_POSTER_BYTES} bytes.`,
};
export const SUBTITLE_BODY_LIMIT: BodyLimit = {
  maxBytes: MAX_SUBTITLE_BODY_BYTES,
  code: 'subtitle-too-large',
  message: `The request body is larger than ${MAX_SUBTITLE_BODY_BYTES} bytes: the subtitles must be at most ${MAX_SUBTITLE_BYTES} bytes.`,
};

/** What `PATCH …/videos/{id}` sends to Gcore. */
export type VideoEdit = {
  name?: string;
  description?: string;
  poster?: string;
  screenshot_id?: number;
};

/** What `POST …/videos/{id}/subtitles` sends to Gcore. */
export interface SubtitleInput {
  name?: string;
  language: string;
  vtt: string;
}

const bad = (code: string, message: string) => new HttpError(400, code, message);

function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw bad('field-not-editable', `"${key.slice(0, 64)}" cannot be set here; only ${allowed.map((f) => `"${f}"`).join(', ')}.`);
    }
  }
}

/** A title: cleaned like a video name, not empty, at most 255 characters (refused, not cut). */
export function readTitle(value: unknown, what = 'name'): string {
  if (typeof value !== 'string') throw bad('invalid-name', `"${what}" must be a string.`);
  if (value.length > 64 * MAX_NAME_LENGTH) throw bad('invalid-name', `"${what}" is far longer than ${MAX_NAME_LENGTH} characters.`);
  const cleaned = cleanText(value);
  if (cleaned === '') throw bad('invalid-name', `"${what}" must not be empty (control characters do not count).`);
  if (charLength(cleaned) > MAX_NAME_LENGTH) throw bad('invalid-name', `"${what}" is longer than ${MAX_NAME_LENGTH} characters.`);
  return cleaned;
}

/** A description: control and bidi characters removed but newlines and tabs, at most 5000 characters; "" clears it. */
export function readDescription(value: unknown): string {
  if (typeof value !== 'string') throw bad('invalid-description', '"description" must be a string.');
  if (value.length > 64 * MAX_DESCRIPTION_LENGTH) throw bad('invalid-description', `"description" is far longer than ${MAX_DESCRIPTION_LENGTH} characters.`);
  const cleaned = cleanText(value, { multiline: true });
  if (charLength(cleaned) > MAX_DESCRIPTION_LENGTH) throw bad('invalid-description', `"description" is longer than ${MAX_DESCRIPTION_LENGTH} characters.`);
  return cleaned;
}

const POSTER_URL = /^data:image\/(jpeg|png|webp);base64,([A-Za-z0-9+/]*={0,2})$/i;
const MAGIC: Record<string, (b: Uint8Array) => boolean> = {
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  // "RIFF" <size> "WEBP"
  webp: (b) => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP',
};

/** The decoded size of base64 text (length a multiple of 4). */
const decodedBytes = (b64: string) => (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

/**
 * A poster: `data:image/(jpeg|png|webp);base64,<data>` (RFC 2397), at most 1 000 000 bytes decoded
 * (413 `poster-too-large`), whose first bytes are a JPEG, PNG or WebP as declared (else 400
 * `invalid-poster`). Returns the data URL as sent to Gcore (the type in lower case).
 */
export function readPoster(value: unknown): string {
  if (typeof value !== 'string') throw bad('invalid-poster', '"poster" must be a data URL: data:image/jpeg;base64,…');
  const m = POSTER_URL.exec(value);
  if (!m || m[2].length % 4 !== 0 || m[2].length === 0) {
    throw bad('invalid-poster', '"poster" must be a base64 data URL of a JPEG, PNG or WebP image: data:image/(jpeg|png|webp);base64,…');
  }
  const type = m[1].toLowerCase();
  const size = decodedBytes(m[2]);
  if (size > MAX_POSTER_BYTES) throw new HttpError(413, 'poster-too-large', `The poster is ${size} bytes; at most ${MAX_POSTER_BYTES} are accepted.`);
  let head: Uint8Array;
  try {
    head = Uint8Array.from(atob(m[2].slice(0, 16)), (c) => c.charCodeAt(0));
  } catch {
    throw bad('invalid-poster', '"poster" is not valid base64.');
  }
  if (!MAGIC[type](head)) throw bad('invalid-poster', `The poster's bytes are not a ${type.toUpperCase()} image, as its data URL says.`);
  return `data:image/${type};base64,${m[2]}`;
}

/** A screenshot index: a whole number from 0 (Gcore's `screenshots` array). */
export function readScreenshotId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SCREENSHOT_ID) {
    throw bad('invalid-screenshot-id', `"screenshot_id" must be a whole number from 0 to ${MAX_SCREENSHOT_ID}.`);
  }
  return value;
}

/** The body of `PATCH …/videos/{id}`, checked: at least one of the editable fields, nothing else. */
export function readVideoEdit(body: Record<string, unknown>): VideoEdit {
  onlyFields(body, EDITABLE_VIDEO_FIELDS);
  const edit: VideoEdit = {};
  if (body.name !== undefined) edit.name = readTitle(body.name);
  if (body.description !== undefined) edit.description = readDescription(body.description);
  if (body.poster !== undefined) edit.poster = readPoster(body.poster);
  if (body.screenshot_id !== undefined) edit.screenshot_id = readScreenshotId(body.screenshot_id);
  if (Object.keys(edit).length === 0) throw bad('invalid-body', `Send at least one of ${EDITABLE_VIDEO_FIELDS.map((f) => `"${f}"`).join(', ')}.`);
  return edit;
}

/** A language: a three-letter ISO 639-2 code (`eng`, `ger`, `fre`…), in lower case. */
export function readLanguage(value: unknown): string {
  const code = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!/^[a-z]{3}$/.test(code)) throw bad('invalid-language', '"language" must be a three-letter ISO 639-2 code, like "eng", "ger" or "fre".');
  return code;
}

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;
const SRT_START = /^\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->/;
const VTT_START = /^WEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|$)/;

/** WebVTT text: at most 2 000 000 bytes (413 `subtitle-too-large`), starting `WEBVTT` after an optional BOM (which is dropped). */
export function readVtt(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw bad('invalid-subtitle', '"vtt" must be the text of a WebVTT file.');
  const size = utf8Length(value);
  if (size > MAX_SUBTITLE_BYTES) throw new HttpError(413, 'subtitle-too-large', `The subtitles are ${size} bytes; at most ${MAX_SUBTITLE_BYTES} are accepted.`);
  const text = value.replace(/^\uFEFF/, '');
  if (SRT_START.test(text)) throw bad('subtitle-is-srt', 'These subtitles are SRT; send WebVTT (convert SRT to WebVTT first).');
  if (!VTT_START.test(text)) throw bad('invalid-subtitle', 'WebVTT text must start with "WEBVTT".');
  if (text.includes('\u0000')) throw bad('invalid-subtitle', 'WebVTT text must not contain NUL characters.');
  return text;
}

/** The body of `POST …/videos/{id}/subtitles`, checked: `{language, vtt, name?}`. */
export function readSubtitle(body: Record<string, unknown>): SubtitleInput {
  onlyFields(body, SUBTITLE_INPUT_FIELDS);
  const language = readLanguage(body.language);
  const vtt = readVtt(body.vtt);
  const subtitle: SubtitleInput = { language, vtt };
  if (body.name !== undefined && body.name !== null) subtitle.name = readTitle(body.name);
  return subtitle;
}
