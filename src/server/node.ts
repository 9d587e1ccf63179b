/**
 * `toNodeHandler(handler)`: the Fetch-API upload handler as a Node `http` / Express / Connect
 * middleware `(req, res, next?)`. The body is streamed to the handler (which bounds its size and the
 * time it takes), or taken from `req.body` when a body parser (e.g. `express.json()`) already read it.
 *
 * Routes are matched on the request's path (`req.originalUrl` under Express, else `req.url`); the
 * Host header only names the origin, and must be a plain `host[:port]`. The peer address is passed
 * on for the per-client rate limit (`clientAddress(request)`).
 *
 * The request and response are typed structurally, so this module needs no Node or Express types.
 */
import { isValidHost } from './guards/host.js';
import { setClientAddress } from './guards/rate-limit.js';
import type { UploadHandler } from './handler.js';
import { errorBody, JSON_HEADERS } from './responses.js';
import { matchesRoute, unmatchedResponses } from './routes/match.js';

/** The part of `http.IncomingMessage` (or an Express request) used here. */
export interface NodeLikeRequest extends AsyncIterable<unknown> {
  method?: string;
  url?: string;
  /** Express: the URL before the mount path was stripped. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by body parsers. */
  body?: unknown;
  /** `encrypted` is true on a TLS socket; `remoteAddress` is the peer. */
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
  /**
   * Behind your own reverse proxy: take the scheme and host from `X-Forwarded-Proto` /
   * `X-Forwarded-Host`, and the client address from the last `X-Forwarded-For` entry (the one your
   * proxy added). Default false: the socket's own address and the Host header. Never set it when
   * clients reach Node directly: they could then pick any address, and escape the rate limit.
   */
  trustProxy?: boolean;
  /**
   * With a `next` (Express, Connect), paths that match no route go to `next()` instead of a JSON 404.
   * Default true.
   */
  fallthrough?: boolean;
}

const encoder = new TextEncoder();
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim() || undefined;
const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v)?.split(',').at(-1)?.trim() || undefined;

function toBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === 'string') return encoder.encode(chunk);
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return encoder.encode(String(chunk));
}

/** The request body as a stream the handler reads (and may stop reading); `state.done` once it ended. */
function streamOf(req: NodeLikeRequest, state: { done: boolean }): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= req[Symbol.asyncIterator]();
        const { value, done } = await iterator.next();
        if (done) {
          state.done = true;
          controller.close();
          return;
        }
        controller.enqueue(toBytes(value));
      },
      // The handler stopped reading (too large, too slow): the answer closes the connection.
      cancel() {},
    },
    { highWaterMark: 0 },
  );
}

/** The body: a parser's `req.body` as text when there is one, else the stream. */
function requestBody(req: NodeLikeRequest, state: { done: boolean }): { body: string | ReadableStream<Uint8Array> | undefined; parsed: boolean } {
  const parsed = req.body;
  if (typeof parsed === 'string') return { body: parsed, parsed: true };
  if (parsed instanceof Uint8Array) return { body: new TextDecoder().decode(parsed), parsed: true };
  if (parsed !== undefined && parsed !== null) {
    // express.json() leaves `{}` without reading when the content type is not JSON: read the stream then.
    const consumed = (req as { _body?: unknown })._body === true || req.readableEnded === true;
    const empty = typeof parsed === 'object' && Object.keys(parsed as object).length === 0;
    if (consumed || !empty) return { body: JSON.stringify(parsed), parsed: true };
  }
  if (req.readableEnded) return { body: undefined, parsed: false };
  return { body: streamOf(req, state), parsed: false };
}

function toHeaders(req: NodeLikeRequest, keepLength: boolean): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === undefined || name.startsWith(':')) continue;
    const lower = name.toLowerCase();
    if ((lower === 'content-length' && !keepLength) || lower === 'transfer-encoding' || lower === 'connection') continue;
    try {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    } catch {
      // An invalid header value: leave it out.
    }
  }
  return headers;
}

function sendJson(res: NodeLikeResponse, status: number, code: string, message: string, close = false): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  for (const [name, value] of Object.entries(JSON_HEADERS)) res.setHeader(name, value);
  if (close) res.setHeader('Connection', 'close');
  res.end(JSON.stringify(errorBody(code, message)));
}

/** The path the request was made for, always starting with one `/`. */
function requestPath(req: NodeLikeRequest): string {
  const path = req.originalUrl ?? req.url ?? '/';
  return path.startsWith('/') ? path : `/${path}`;
}

/** Adapts a Fetch-API handler to `(req, res, next?)`. */
export function toNodeHandler(handler: UploadHandler, options: NodeHandlerOptions = {}): NodeHandler {
  if (typeof handler !== 'function') throw new TypeError('toNodeHandler needs the handler from createUploadHandler.');
  const { trustProxy = false, fallthrough = true } = options;
  return async function gcoreUploadMiddleware(req, res, next) {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const path = requestPath(req);
      // Route on the path alone (the host part of this URL is a placeholder).
      let pathname: string;
      try {
        pathname = new URL(`http://route.invalid${path}`).pathname;
      } catch {
        return sendJson(res, 400, 'bad-request', 'The request path is not valid.', true);
      }
      if (!matchesRoute(pathname) && next && fallthrough) {
        next();
        return;
      }

      const forwardedHost = trustProxy ? first(req.headers['x-forwarded-host']) : undefined;
      const host = forwardedHost ?? first(req.headers.host) ?? first(req.headers[':authority']);
      if (!host || !isValidHost(host)) return sendJson(res, 400, 'bad-host', 'The Host header is not a valid host name.', true);
      const forwardedProto = trustProxy ? first(req.headers['x-forwarded-proto'])?.toLowerCase() : undefined;
      const socket = req.socket as { encrypted?: boolean; remoteAddress?: string } | null | undefined;
      const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : socket?.encrypted ? 'https' : 'http';
      let url: string;
      try {
        url = new URL(`${proto}://${host}${path}`).href;
      } catch {
        return sendJson(res, 400, 'bad-host', 'The Host header is not a valid host name.', true);
      }

      const state = { done: false };
      let body: string | ReadableStream<Uint8Array> | undefined;
      let parsed = false;
      if (method !== 'GET' && method !== 'HEAD') ({ body, parsed } = requestBody(req, state));
      const streamed = body instanceof ReadableStream;
      // The declared length goes along with a streamed body, so the handler can refuse it unread.
      const headers = toHeaders(req, streamed);
      if (parsed) headers.delete('content-length');
      const request = new Request(url, { method, headers, body, ...(streamed ? { duplex: 'half' } : {}) } as RequestInit);
      const address = (trustProxy ? last(req.headers['x-forwarded-for']) : undefined) ?? socket?.remoteAddress;
      if (address) setClientAddress(request, address);

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
      // A body left unread (refused, too slow): do not wait for the rest of it on this connection.
      if (streamed && !state.done) res.setHeader('Connection', 'close');
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
