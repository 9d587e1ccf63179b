/**
 * Rate limit: video creation (`…/session`, `…/import`) is counted per client and per handler, in
 * fixed windows, in a pluggable store (`rate-limit-store.ts`). Edits (`PATCH …/videos/{id}`, `POST
 * …/videos/{id}/subtitles`) have budgets of their own in the same store and windows (keys prefixed
 * `edit:`), so editing never spends video creations and the other way round. The client is
 * `clientKey(request)`, or the peer address the Node adapter recorded (IPv6 by /64), or else one
 * shared key. Over the limit is 429 with `Retry-After`; a store that fails is 503 `rate-limit-unavailable`.
 */
import { positive } from '../options.js';
import { HttpError } from '../responses.js';
import { createMemoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';

export interface RateLimitOptions {
  /** Videos one client may create per window (default 60). */
  perClient?: number;
  /** Videos the handler (every client together) may create per window (default 600). */
  perHandler?: number;
  /** Edits (a PATCH of a video, or a subtitle added) one client may make per window (default 300). */
  editsPerClient?: number;
  /** Edits the handler (every client together) may make per window (default 3000). */
  editsPerHandler?: number;
  /** Window length in seconds (default 600 = 10 minutes). */
  windowSeconds?: number;
  /** Where the counts live (default: this process's memory, `createMemoryRateLimitStore()`). */
  store?: RateLimitStore;
}

export const DEFAULT_RATE_LIMIT = { perClient: 60, perHandler: 600, editsPerClient: 300, editsPerHandler: 3000, windowSeconds: 600 } as const;

/** What a request spends: a video creation, or an edit of a video. */
export type RateLimitKind = 'create' | 'edit';

/** What `clientKey` answers: a user id, an address…; nothing → the shared key `unknown`. */
export type ClientKey = string | number | bigint | null | undefined;

/** The peer address the Node adapter saw for a request. */
const requestAddresses = new WeakMap<Request, string>();

/** Records the peer address of `request` (the Node adapter calls it; so may your own adapter). */
export function setClientAddress(request: Request, address: string): void {
  if (typeof address === 'string' && address) requestAddresses.set(request, address);
}

/** The peer address `toNodeHandler` (or `setClientAddress`) recorded for `request`, if any. */
export function clientAddress(request: Request): string | undefined {
  return requestAddresses.get(request);
}

/**
 * A client's key for the per-client limit, from an IP address: IPv4 as is (also when IPv4-mapped),
 * IPv6 cut to its /64 (one host usually holds a whole /64).
 */
export function addressKey(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a) ?? /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1];
  if (!a.includes(':')) return a;
  // Expand `::` and keep the first four groups.
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = a.includes('::') && tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The limits and the store a handler counts with. */
export type RateLimitConfig = { perClient: number; perHandler: number; editsPerClient: number; editsPerHandler: number; windowSeconds: number; store: RateLimitStore };

/** Throws at creation when `clientKey` is given but not a function. */
export function checkClientKeyOption(clientKey: unknown): void {
  if (clientKey !== undefined && typeof clientKey !== 'function') throw new TypeError('clientKey must be a function (request) => string.');
}

/** The `rateLimit` option checked (throws at creation): its limits and store, or null when turned off. */
export function rateLimitConfig(option: RateLimitOptions | false | undefined): RateLimitConfig | null {
  if (option === false) return null;
  if (option !== undefined && (typeof option !== 'object' || option === null)) throw new TypeError('rateLimit must be an object or false.');
  const o = option ?? {};
  const store = o.store ?? createMemoryRateLimitStore();
  if (!store || typeof store.take !== 'function') throw new TypeError('rateLimit.store must have a take(key, cost, rule) method.');
  return {
    perClient: positive('rateLimit.perClient', o.perClient, DEFAULT_RATE_LIMIT.perClient, { integer: true }),
    perHandler: positive('rateLimit.perHandler', o.perHandler, DEFAULT_RATE_LIMIT.perHandler, { integer: true }),
    editsPerClient: positive('rateLimit.editsPerClient', o.editsPerClient, DEFAULT_RATE_LIMIT.editsPerClient, { integer: true }),
    editsPerHandler: positive('rateLimit.editsPerHandler', o.editsPerHandler, DEFAULT_RATE_LIMIT.editsPerHandler, { integer: true }),
    windowSeconds: positive('rateLimit.windowSeconds', o.windowSeconds, DEFAULT_RATE_LIMIT.windowSeconds),
    store,
  };
}

/** The rate limit of one handler: `(request, kind)` takes one creation (or one edit) from the client's and the handler's budgets, or throws. */
export function createRateLimiter({
  limits,
  clientKey,
  report,
}: {
  limits: RateLimitConfig | null;
  clientKey?: (request: Request) => ClientKey | Promise<ClientKey>;
  report: (error: unknown, request: Request) => void;
}): (request: Request, kind?: RateLimitKind) => Promise<void> {
  let warnedNoClientKey = false;

  async function keyOf(request: Request): Promise<string> {
    if (clientKey) {
      const key = await clientKey(request);
      const text = typeof key === 'string' || typeof key === 'number' || typeof key === 'bigint' ? String(key) : '';
      return text !== '' ? text.slice(0, 256) : 'unknown';
    }
    const address = requestAddresses.get(request);
    if (address) return addressKey(address);
    if (!warnedNoClientKey) {
      warnedNoClientKey = true;
      console.warn(
        'gcore-uploader/server: no client address for the per-client rate limit, so all such requests share one limit. ' +
          'Outside toNodeHandler, pass `clientKey: (request) => …` (a user id, or the address your platform gives you).',
      );
    }
    return 'unknown';
  }

  return async function checkRateLimit(request: Request, kind: RateLimitKind = 'create'): Promise<void> {
    if (!limits) return;
    const rule = (limit: number) => ({ limit, windowSeconds: limits.windowSeconds });
    let key: string;
    try {
      key = await keyOf(request);
    } catch (err) {
      report(err, request);
      throw new HttpError(500, 'internal-error', 'The server could not identify the client.');
    }
    const edit = kind === 'edit';
    const prefix = edit ? 'edit:' : '';
    let refused: number | null = null;
    try {
      const mine = await limits.store.take(`${prefix}client:${key}`, 1, rule(edit ? limits.editsPerClient : limits.perClient));
      if (!mine.ok) refused = mine.retryAfterSeconds;
      else {
        const all = await limits.store.take(`${prefix}handler`, 1, rule(edit ? limits.editsPerHandler : limits.perHandler));
        if (!all.ok) refused = all.retryAfterSeconds;
      }
    } catch (err) {
      report(err, request);
      throw new HttpError(503, 'rate-limit-unavailable', 'The server cannot check its rate limit right now; try again later.', { 'Retry-After': '5' });
    }
    if (refused !== null) {
      const seconds = String(Math.max(1, Math.ceil(refused)));
      const what = edit ? 'Too many changes to videos' : 'Too many uploads started';
      throw new HttpError(429, 'rate-limited', `${what}; try again in ${seconds} seconds.`, { 'Retry-After': seconds });
    }
  };
}
