/**
 * The routes, matched on the tail of the path so the handler works under any mount path:
 * `POST …/session`, `POST …/import`, `GET` (status) and `PATCH` (edit) `…/videos/{id}`, `POST
 * …/videos/{id}/subtitles`. Also the mount path a signed URL is made under, and the mark on "no
 * route here" answers that the Node adapter hands to `next()`.
 */

const ROUTES = /\/(session|import|videos\/([^/]*)(\/subtitles)?)\/?$/;

/** A matched route: its name, the methods it takes, the path tail matched and (videos) the raw video id. */
export interface Route {
  name: 'session' | 'import' | 'video' | 'subtitles';
  methods: readonly ('POST' | 'GET' | 'PATCH')[];
  tail: string;
  rawId: string;
}

/** Whether `pathname` is one of the handler's routes. */
export function matchesRoute(pathname: string): boolean {
  return ROUTES.test(pathname);
}

/** The route `pathname` ends in, or null. */
export function matchRoute(pathname: string): Route | null {
  const match = ROUTES.exec(pathname);
  if (!match) return null;
  if (match[1] === 'session' || match[1] === 'import') return { name: match[1], methods: ['POST'], tail: match[0], rawId: '' };
  if (match[3]) return { name: 'subtitles', methods: ['POST'], tail: match[0], rawId: match[2] };
  return { name: 'video', methods: ['GET', 'PATCH'], tail: match[0], rawId: match[2] };
}

/** `<mount>` of this request: the configured one, or the path minus the route's tail. */
export function mountOf(url: URL, tail: string, mountPath: string | undefined): string {
  if (mountPath !== undefined) return mountPath.replace(/\/+$/, '');
  // Never `//host/…` (a protocol-relative URL to another host).
  return url.pathname.slice(0, url.pathname.length - tail.length).replace(/^\/{2,}/, '/');
}

/** Responses meaning "no route here" (the Node adapter hands them to `next()` when it has one). */
export const unmatchedResponses = new WeakSet<Response>();
