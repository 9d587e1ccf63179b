// The demo's backend, mounted into the Vite dev server: the package's own server helper
// (`gcore-uploader/server`) at /api/gcore/, holding the API key so the page never does.
//   POST /api/gcore/session {name, size, type} → Gcore's upload session + a signed status_url
//   GET  /api/gcore/videos/{id}?exp&sig       → the video's status
//   POST /api/gcore/import {url, name}         → Gcore downloads the file
//   GET  /api/demo-login                       → sets the demo session cookie, back to the page
//
// Who may upload: a browser holding the demo's session cookie, as a real app would check its own
// login. The cookie (random per process, HttpOnly, SameSite=Strict) is set on every demo page load,
// so there is nothing to sign in to; a page on another site never has it, and the helper refuses
// other origins and non-JSON posts anyway.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createUploadHandler, toNodeHandler } from '../src/server/index.ts';

export const DEMO_MOUNT = '/api/gcore';
export const DEMO_LOGIN = '/api/demo-login';
export const DEMO_COOKIE = 'gcore_demo_session';

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const sameText = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The demo's session and the helper behind it.
 * @param {{apiOrigin: string, apiKey: string, session?: string}} options  apiOrigin: Gcore's API origin (the emulator's, here)
 */
export function createDemoBackend({ apiOrigin, apiKey, session = randomBytes(24).toString('base64url') }) {
  const cookie = `${DEMO_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict`;
  const signedIn = (request) => {
    const value = readCookie(request.headers.get('cookie'), DEMO_COOKIE);
    return value !== undefined && sameText(value, session);
  };
  const handler = createUploadHandler({
    apiKey,
    baseUrl: apiOrigin,
    // Signs the status URLs; a real deployment keeps a fixed secret in its environment.
    secret: process.env.UPLOAD_STATUS_SECRET ?? randomBytes(32).toString('hex'),
    authorize: signedIn,
    video: (_request, body) => ({ description: `Uploaded from the gcore-uploader demo (${body.type || 'unknown type'}, ${Number(body.size) || 0} bytes)` }),
  });
  const gcore = toNodeHandler(handler);
  return {
    handler,
    cookie,
    /** Connect middleware: the demo login, the cookie on page loads, and the helper under DEMO_MOUNT. */
    middleware(req, res, next) {
      const pathname = (req.url ?? '/').split('?')[0];
      if (pathname === DEMO_LOGIN) {
        res.writeHead(303, { 'Set-Cookie': cookie, Location: '/', 'Cache-Control': 'no-store' }).end();
        return;
      }
      if (pathname === DEMO_MOUNT || pathname.startsWith(`${DEMO_MOUNT}/`)) return gcore(req, res, next);
      // A page load (the demo's HTML): hand out the session.
      if (req.method === 'GET' && /\btext\/html\b/.test(String(req.headers.accept ?? ''))) res.setHeader('Set-Cookie', cookie);
      next();
    },
  };
}

/**
 * The same as a Vite plugin (dev server only).
 * @param {{apiOrigin: string, apiKey: string}} options
 * @returns {import('vite').Plugin}
 */
export function demoBackend(options) {
  const backend = createDemoBackend(options);
  return {
    name: 'gcore-demo-backend',
    configureServer(server) {
      server.middlewares.use((req, res, next) => backend.middleware(req, res, next));
    },
  };
}
