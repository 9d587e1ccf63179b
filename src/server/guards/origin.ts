/**
 * Origin: who may call the handler from a browser. Same-origin requests, and pages of the exact
 * origins in `allowedOrigins` (with credentials, so no `*`); a request without `Origin` must not say
 * `Sec-Fetch-Site: cross-site / same-site`. The CORS preflight and response headers are for listed
 * origins only.
 */
import { HttpError } from '../responses.js';

/** The canonical form of an origin (`scheme://host[:port]`), or null. */
function canonicalOrigin(origin: string): string | null {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The `allowedOrigins` option checked (throws a TypeError at creation) and canonical. */
export function checkAllowedOrigins(list: unknown): Set<string> {
  if (list === undefined) return new Set();
  if (!Array.isArray(list)) throw new TypeError('allowedOrigins must be an array of origins, e.g. ["https://app.example"].');
  const out = new Set<string>();
  for (const entry of list) {
    if (entry === '*' || entry === 'null') {
      throw new TypeError(`allowedOrigins lists exact origins; ${JSON.stringify(entry)} is not accepted (the browser's cookies are sent with these requests).`);
    }
    const text = typeof entry === 'string' ? entry.trim().replace(/\/$/, '') : '';
    const origin = text ? canonicalOrigin(text) : null;
    if (!origin || origin !== text.toLowerCase()) {
      throw new TypeError(`allowedOrigins: ${JSON.stringify(entry)} is not an origin like "https://app.example" (scheme, host and port only).`);
    }
    out.add(origin);
  }
  return out;
}

/** Origin rules: same origin, or a listed one (`listed`); a request without Origin must not say cross-site. */
function originCheck(request: Request, url: URL, allowedOrigins: ReadonlySet<string>): { ok: boolean; listed?: string } {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin !== null) {
    const o = canonicalOrigin(origin.trim());
    if (o && allowedOrigins.has(o)) return { ok: true, listed: o };
    if (o && o === url.origin) return { ok: true };
    // The browser says it is the page's own origin: the Host we were given was rewritten by a proxy.
    if (o && site === 'same-origin') return { ok: true };
    return { ok: false };
  }
  return { ok: site !== 'cross-site' && site !== 'same-site' };
}

/** 403 `origin-not-allowed`, or the origin: `listed` and its CORS `headers` when it is one of `allowedOrigins`. */
export function checkOrigin(request: Request, url: URL, allowedOrigins: ReadonlySet<string>): { listed?: string; cors: Record<string, string> } {
  const origin = originCheck(request, url, allowedOrigins);
  if (!origin.ok) throw new HttpError(403, 'origin-not-allowed', 'Requests from this origin are not allowed.');
  return origin.listed ? { listed: origin.listed, cors: corsHeaders(origin.listed) } : { cors: {} };
}

/** The CORS headers of every answer to a listed origin. */
const corsHeaders = (origin: string): Record<string, string> => ({
  'Access-Control-Allow-Origin': origin,
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Expose-Headers': 'Retry-After',
  Vary: 'Origin',
});

/** The headers a preflight (OPTIONS with `Access-Control-Request-Method`) from a listed origin adds, else none. */
export function preflightHeaders(request: Request, listed: string | undefined, methods: string): Record<string, string> {
  if (!listed || request.headers.get('access-control-request-method') === null) return {};
  return {
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': 'Content-Type, Authorization',
    'Access-Control-Max-Age': '600',
  };
}
