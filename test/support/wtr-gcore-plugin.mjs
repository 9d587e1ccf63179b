// A web-test-runner plugin that runs Gcore's upload side for the browser tests: a real @tus/server
// on its own origin (127.0.0.1, another port than the page), upload sessions signed like Gcore's,
// and server commands to inject faults, restart the server and read back what it received.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createUploadServer } from '../../demo/emulator/upload-server.mjs';
import { signUploadToken } from '../../demo/emulator/token.mjs';

export const TEST_SECRET = 'wtr-upload-secret';

export function gcorePlugin() {
  let dir;
  let upload;
  let nextVideoId = 1000;
  const sessionRequests = [];
  // A response of GET /streaming/videos/{id}/upload, as Gcore shapes it (seed 001).
  function makeSession(payload) {
    const videoId = payload.videoId ?? nextVideoId++;
    const clientId = payload.clientId ?? 7;
    const claims = payload.tokenFor ?? { videoId, clientId };
    const token =
      payload.token !== undefined ? payload.token : signUploadToken({ ...claims, secret: TEST_SECRET, ttlSeconds: payload.ttlSeconds });
    const servers = (payload.hostnames ?? [upload.hostname]).map((hostname, i) => ({ id: 500 + i, role: 'upload', hostname, active: true, ssl: false }));
    return {
      servers,
      token,
      video: { id: videoId, client_id: clientId, name: payload.name ?? 'test video', status: 'empty', slug: `slug${videoId}` },
    };
  }
  // A developer's backend route on the page's origin: POST {name, size, type} → a session.
  // `?status=503` makes it fail; what it was asked is kept for the tests.
  async function backendMiddleware(ctx, next) {
    if (ctx.path !== '/__backend/session') return next();
    const body = await new Promise((resolve) => {
      let text = '';
      ctx.req.on('data', (c) => (text += c));
      ctx.req.on('end', () => resolve(text));
    });
    sessionRequests.push({ method: ctx.method, contentType: ctx.get('content-type'), body: safeJson(body) });
    const status = Number(ctx.query.status ?? 200);
    ctx.status = status;
    ctx.type = 'application/json';
    ctx.body = status === 200 ? JSON.stringify(makeSession({})) : JSON.stringify({ error: 'backend refused' });
  }
  return {
    name: 'gcore-test-server',
    /** Add to the config's `middleware` (it must run before the dev server's own 404). */
    middleware: backendMiddleware,
    async serverStart() {
      dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-wtr-'));
      upload = await createUploadServer({ directory: dir, secret: TEST_SECRET });
    },
    async serverStop() {
      await upload?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload = {} }) {
      switch (command) {
        case 'gcore-session':
          return makeSession(payload);
        case 'backend-requests':
          return sessionRequests;
        case 'backend-reset':
          sessionRequests.length = 0;
          return true;
        case 'tus-info':
          return { hostname: upload.hostname, endpoint: upload.endpoint, origin: upload.origin };
        case 'tus-inject':
          upload.inject(payload);
          return true;
        case 'tus-clear-faults':
          upload.faults.length = 0;
          return true;
        case 'tus-reset':
          upload.resetStats();
          return true;
        case 'tus-stats':
          return upload.stats;
        case 'tus-restart':
          await upload.restart(payload);
          return true;
        case 'tus-truncate':
          await upload.truncate(payload.id, payload.size);
          return true;
        case 'tus-digest':
          return upload.digest(payload.id);
        default:
          return undefined;
      }
    },
  };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
