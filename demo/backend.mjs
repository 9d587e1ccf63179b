// The demo's backend, mounted into the Vite dev server: the package's own server helper
// (`gcore-uploader/server`) at /api/gcore/, holding the API key so the page never does.
//   POST /api/gcore/session {name, size, type} → Gcore's upload session + a signed status_url
//   GET  /api/gcore/videos/{id}?exp&sig       → the video's status
//   POST /api/gcore/import {url, name}         → Gcore downloads the file
import { randomBytes } from 'node:crypto';
import { createUploadHandler, toNodeHandler } from '../src/server/index.ts';

export const DEMO_MOUNT = '/api/gcore';

/**
 * The same as a Vite plugin (dev server only).
 * @param {{apiOrigin: string, apiKey: string}} options  apiOrigin: Gcore's API origin (the emulator's, here)
 * @returns {import('vite').Plugin}
 */
export function demoBackend({ apiOrigin, apiKey }) {
  const handler = toNodeHandler(
    createUploadHandler({
      apiKey,
      baseUrl: apiOrigin,
      // Signs the status URLs; a real deployment keeps a fixed secret in its environment.
      secret: process.env.UPLOAD_STATUS_SECRET ?? randomBytes(32).toString('hex'),
      video: (_request, body) => ({ description: `Uploaded from the gcore-uploader demo (${body.type || 'unknown type'}, ${Number(body.size) || 0} bytes)` }),
    }),
  );
  return {
    name: 'gcore-demo-backend',
    configureServer(server) {
      server.middlewares.use(DEMO_MOUNT, (req, res, next) => handler(req, res, next));
    },
  };
}
