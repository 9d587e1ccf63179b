/**
 * How the server answers: JSON with the security headers (`no-store`, `nosniff`), secrets redacted
 * from every answer, and one error shape `{error: {code, message}}`. A refusal anywhere in the handler
 * is an `HttpError` thrown up to the handler, which answers it.
 */
import { redactSecrets } from './redact.js';

/** A refusal: the status, the error code and message the browser gets, and extra headers (`Retry-After`, `Allow`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The headers of every JSON answer, the Node adapter's own included. */
export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** The error shape of every answer that is not a success. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export interface Responder {
  /** `JSON_HEADERS`, plus `Vary: Origin` when the answer depends on the Origin (any origin is listed). */
  baseHeaders(): Record<string, string>;
  /** `body` as JSON, with `secrets` redacted; `headers` are added to (and override) the base headers. */
  json(status: number, body: unknown, headers?: Record<string, string>): Response;
  /** `error` in the error shape, with its own headers after `headers`. */
  error(error: HttpError, headers?: Record<string, string>): Response;
}

/** The answers of one handler: `secrets` (the API key, the signing secret) never appear in them. */
export function createResponder({ secrets, varyOrigin }: { secrets: readonly (string | undefined)[]; varyOrigin: boolean }): Responder {
  const baseHeaders = () => ({ ...JSON_HEADERS, ...(varyOrigin ? { Vary: 'Origin' } : {}) });
  function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    const text = redactSecrets(JSON.stringify(body), secrets);
    return new Response(text, { status, headers: { ...baseHeaders(), ...headers } });
  }
  const error = (e: HttpError, headers: Record<string, string> = {}) => json(e.status, errorBody(e.code, e.message), { ...headers, ...e.headers });
  return { baseHeaders, json, error };
}
