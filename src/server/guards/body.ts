/**
 * Body limits: a body must say it is JSON, be at most its route's limit (declared and as read: 64 KiB
 * for `/session` and `/import`, more for edits, whose posters and subtitles are large), arrive within
 * `bodyTimeoutMs`, and be a JSON object; at most `maxConcurrentBodies` are read at once.
 */
import { isObject } from '../json.js';
import { HttpError } from '../responses.js';

/** Largest JSON body read for `/session` and `/import` (bytes). */
export const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONCURRENT_BODIES = 64;

/** A route's body limit: the most bytes, and the code and message of the 413 beyond it. */
export interface BodyLimit {
  maxBytes: number;
  code: string;
  message: string;
}

export const DEFAULT_BODY_LIMIT: BodyLimit = { maxBytes: MAX_BODY_BYTES, code: 'body-too-large', message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` };

const tooLarge = (limit: BodyLimit) => new HttpError(413, limit.code, limit.message);

function isJsonType(contentType: string | null): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

/** Refuses, from the headers alone, a body that is not JSON (415) or declares more than `limit` (413). */
export function checkBodyHeaders(request: Request, limit: BodyLimit = DEFAULT_BODY_LIMIT): void {
  if (!isJsonType(request.headers.get('content-type'))) {
    throw new HttpError(415, 'unsupported-media-type', 'Send the body as JSON, with "Content-Type: application/json".');
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > limit.maxBytes) throw tooLarge(limit);
}

/** A body reader of one handler: `readJson(request, limit?)` → the body's JSON object, within the limits. */
export function createBodyReader({ bodyTimeoutMs, maxConcurrentBodies }: { bodyTimeoutMs: number; maxConcurrentBodies: number }) {
  let readingBodies = 0;

  return async function readJson(request: Request, limit: BodyLimit = DEFAULT_BODY_LIMIT): Promise<Record<string, unknown>> {
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
          if (size > limit.maxBytes) {
            reader.cancel().catch(() => {});
            throw tooLarge(limit);
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
    if (!isObject(value)) throw new HttpError(400, 'invalid-body', 'The request body must be a JSON object.');
    return value;
  };
}
