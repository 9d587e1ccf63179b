/**
 * `toNodeHandler(handler)`: the Fetch-API upload handler as a Node `http` / Express / Connect
 * middleware `(req, res, next?)`. The body is read from the request stream, or taken from `req.body`
 * when a body parser (e.g. `express.json()`) already read it.
 *
 * The request and response are typed structurally, so this module needs no Node or Express types.
 */
import { unmatchedResponses, type UploadHandler } from './handler.js';

/** The part of `http.IncomingMessage` (or an Express request) used here. */
export interface NodeLikeRequest extends AsyncIterable<unknown> {
  method?: string;
  url?: string;
  /** Express: the URL before the mount path was stripped. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by body parsers. */
  body?: unknown;
  /** `encrypted` is true on a TLS socket. */
  socket?: object | null;
  readableEnded?: boolean;
}

/** The part of `http.ServerResponse` used here. */
export interface NodeLikeResponse {
  statusCode: number;
  headersSent?: boolean;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  end(chunk?: any): unknown;
}

export type NodeNext = (error?: unknown) => void;

export type NodeHandler = (req: NodeLikeRequest, res: NodeLikeResponse, next?: NodeNext) => Promise<void>;

export interface NodeHandlerOptions {
  /** Take the scheme and host from `X-Forwarded-Proto` / `X-Forwarded-Host` (behind your own proxy). Default false. */
  trustProxy?: boolean;
  /**
   * With a `next` (Express, Connect), paths that match no route go to `next()` instead of a JSON 404.
   * Default true.
   */
  fallthrough?: boolean;
}

const MAX_NODE_BODY_BYTES = 1024 * 1024;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim() || undefined;

function requestUrl(req: NodeLikeRequest, trustProxy: boolean): string {
  let path = req.originalUrl ?? req.url ?? '/';
  if (!path.startsWith('/')) path = `/${path}`;
  const forwardedProto = trustProxy ? first(req.headers['x-forwarded-proto']) : undefined;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted ? 'https' : 'http';
  const host = (trustProxy ? first(req.headers['x-forwarded-host']) : undefined) ?? first(req.headers.host) ?? 'localhost';
  try {
    return new URL(`${proto}://${host}${path}`).href;
  } catch {
    return new URL(path.replace(/^\/+/, '/'), 'http://localhost').href;
  }
}

class BodyTooLarge extends Error {}

async function readStream(req: NodeLikeRequest): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > MAX_NODE_BODY_BYTES) throw new BodyTooLarge();
    text += decoder.decode(bytes, { stream: true });
  }
  return text + decoder.decode();
}

/** The body as text: a parser's `req.body` when there is one, else the stream. */
async function requestBody(req: NodeLikeRequest): Promise<string | undefined> {
  const parsed = req.body;
  if (typeof parsed === 'string') return parsed;
  if (parsed instanceof Uint8Array) return new TextDecoder().decode(parsed);
  if (parsed !== undefined && parsed !== null) {
    // express.json() leaves `{}` without reading when the content type is not JSON: read the stream then.
    const consumed = (req as { _body?: unknown })._body === true || req.readableEnded === true;
    const empty = typeof parsed === 'object' && Object.keys(parsed as object).length === 0;
    if (consumed || !empty) return JSON.stringify(parsed);
  }
  if (req.readableEnded) return undefined;
  return readStream(req);
}

function toHeaders(req: NodeLikeRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === undefined || name.startsWith(':')) continue;
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') continue;
    try {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    } catch {
      // An invalid header value: leave it out.
    }
  }
  return headers;
}

function sendJson(res: NodeLikeResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Adapts a Fetch-API handler to `(req, res, next?)`. */
export function toNodeHandler(handler: UploadHandler, options: NodeHandlerOptions = {}): NodeHandler {
  if (typeof handler !== 'function') throw new TypeError('toNodeHandler needs the handler from createUploadHandler.');
  const { trustProxy = false, fallthrough = true } = options;
  return async function gcoreUploadMiddleware(req, res, next) {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const headers = toHeaders(req);
      let body: string | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        try {
          body = await requestBody(req);
        } catch (err) {
          if (err instanceof BodyTooLarge) return sendJson(res, 413, 'body-too-large', 'The request body is too large.');
          return sendJson(res, 400, 'invalid-body', 'The request body could not be read.');
        }
        if (body !== undefined && req.body !== undefined && typeof req.body === 'object' && !(req.body instanceof Uint8Array)) {
          headers.set('content-type', 'application/json');
        }
      }
      const request = new Request(requestUrl(req, trustProxy), { method, headers, body });
      const response = await handler(request);
      if (next && fallthrough && unmatchedResponses.has(response)) {
        next();
        return;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (res.headersSent) {
        res.end();
        return;
      }
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        res.setHeader(name, value);
      });
      res.setHeader('Content-Length', bytes.byteLength);
      res.end(bytes);
    } catch (err) {
      if (next) {
        next(err);
        return;
      }
      try {
        sendJson(res, 500, 'internal-error', 'Unexpected server error.');
      } catch {
        // The connection is gone.
      }
    }
  };
}
