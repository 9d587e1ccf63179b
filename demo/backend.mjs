// The demo's backend, mounted into the Vite dev server: it holds the Gcore API key, so the page never does.
//   POST /api/session {name, size, type} → creates a video, answers GET /streaming/videos/{id}/upload
//   GET  /api/videos/{id}                → GET /streaming/videos/{id}
// (A later issue replaces this with the package's own server helper.)

/**
 * Connect-style middleware for the two routes.
 * @param {{apiOrigin: string, apiKey: string}} options   apiOrigin: Gcore's API origin (the emulator's, here)
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void}
 */
export function demoBackendMiddleware({ apiOrigin, apiKey }) {
  const gcore = async (method, pathname, body) => {
    const res = await fetch(`${apiOrigin}${pathname}`, {
      method,
      headers: { Authorization: `APIKey ${apiKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text };
  };
  const send = (res, status, text) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(text);
  };
  const readJson = async (req) => {
    let raw = '';
    for await (const chunk of req) {
      raw += chunk;
      if (raw.length > 64 * 1024) throw new Error('body too large');
    }
    return raw ? JSON.parse(raw) : {};
  };

  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    const videoMatch = /^\/api\/videos\/(\d+)$/.exec(url.pathname);
    if (!(url.pathname === '/api/session' && req.method === 'POST') && !(videoMatch && req.method === 'GET')) return next();
    (async () => {
      if (videoMatch) {
        const r = await gcore('GET', `/streaming/videos/${videoMatch[1]}`);
        return send(res, r.status, r.text);
      }
      let input;
      try {
        input = await readJson(req);
      } catch {
        return send(res, 400, JSON.stringify({ error: 'Invalid JSON body' }));
      }
      const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 255) : 'Untitled upload';
      const created = await gcore('POST', '/streaming/videos', {
        video: { name, description: `Uploaded from the gcore-uploader demo (${input.type || 'unknown type'}, ${Number(input.size) || 0} bytes)` },
      });
      if (created.status !== 200) return send(res, created.status, created.text);
      const parsed = JSON.parse(created.text);
      // Gcore's spec answers an array; the tutorial prints a bare object. Read both.
      const video = Array.isArray(parsed) ? parsed[0] : parsed;
      const session = await gcore('GET', `/streaming/videos/${video.id}/upload`);
      return send(res, session.status, session.text);
    })().catch((err) => send(res, 502, JSON.stringify({ error: `Gcore API unreachable: ${err?.message ?? err}` })));
  };
}

/**
 * The same as a Vite plugin (dev server only).
 * @param {{apiOrigin: string, apiKey: string}} options
 * @returns {import('vite').Plugin}
 */
export function demoBackend(options) {
  return {
    name: 'gcore-demo-backend',
    configureServer(server) {
      server.middlewares.use(demoBackendMiddleware(options));
    },
  };
}
