/**
 * Host: the Host header must be a plain `host[:port]` (a name, IPv4 or [IPv6]); anything else may
 * have been pasted into the request URL by a runtime, so the handler routes on nothing and answers
 * 400 `bad-host`. The Node adapter applies the same check before it builds a URL.
 */
import { HttpError } from '../responses.js';

const HOST_LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST = new RegExp(`^(?:\\[[0-9A-Fa-f:.]{2,45}\\]|${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?)(?::(\\d{1,5}))?$`);

/** Whether `host` is a plain `host[:port]` (a name, IPv4 or [IPv6]), as a Host header must be. */
export function isValidHost(host: string): boolean {
  if (typeof host !== 'string' || host.length === 0 || host.length > 261) return false;
  const m = HOST.exec(host);
  return !!m && (m[1] === undefined || Number(m[1]) <= 65535);
}

/** The request's URL, after its Host header (when there is one) is checked. */
export function requestUrl(request: Request): URL {
  const host = request.headers.get('host');
  if (host !== null && !isValidHost(host.trim())) throw new HttpError(400, 'bad-host', 'The Host header is not a valid host name.');
  try {
    return new URL(request.url);
  } catch {
    return new URL(request.url, 'http://localhost');
  }
}
