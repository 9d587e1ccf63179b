// Servers for the core's Node tests (not a test file itself): a real @tus/server as Gcore's upload
// server (sessions signed like Gcore's), and a developer's backend (session, import, status routes)
// that logs every request. Everything listens on 127.0.0.1; `after` closes it, even on failure.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createUploadServer } from '../../../demo/emulator/upload-server.mjs';
import { signUploadToken } from '../../../demo/emulator/token.mjs';

export const SECRET = 'core-test-secret';
export const CHUNK = 64 * 1024;

/** Deterministic bytes (xorshift per seed). */
export function bytes(size, seed = 1) {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

let nextVideoId = 5000;

/** A @tus/server with Gcore's checks; `session()` answers like `GET /streaming/videos/{id}/upload`. */
export async function startTus(after) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-core-tus-'));
  const upload = await createUploadServer({ directory: dir, secret: SECRET });
  after(async () => {
    await upload.close();
    await rm(dir, { recursive: true, force: true });
  });
  return Object.assign(upload, {
    session({ videoId = nextVideoId++, clientId = 7, tokenFor, token, hostnames, ttlSeconds, statusUrl } = {}) {
      const claims = tokenFor ?? { videoId, clientId };
      return {
        servers: (hostnames ?? [upload.hostname]).map((hostname, i) => ({ id: 500 + i, role: 'upload', hostname, active: true, ssl: false })),
        token: token !== undefined ? token : signUploadToken({ ...claims, secret: SECRET, ttlSeconds }),
        video: { id: videoId, client_id: clientId, name: 'test video', status: 'empty' },
        ...(statusUrl ? { status_url: statusUrl } : {}),
      };
    },
    requestsAfter(t) {
      return upload.stats.requests.filter((r) => r.t > t);
    },
  });
}

/**
 * A developer's backend: `POST /session` answers `session()`, `POST /import` answers a video after
 * `importDelayMs` (or `importStatus`), `GET /status/{id}` answers `statusFor(id)`. Every request is logged
 * with its time; `aborted` counts requests whose client went away before the answer.
 */
export async function startBackend(after, { session, importDelayMs = 0, importStatus = 200, statusFor = (id) => ({ id: Number(id), status: 'pending' }), sessionStatus = 200 } = {}) {
  const log = [];
  const state = { aborted: 0, importDelayMs, importStatus, sessionStatus, statusFor };
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const entry = { t: Date.now(), method: req.method, url: req.url };
    log.push(entry);
    let body = '';
    for await (const c of req) body += c;
    res.on('close', () => {
      if (!res.writableFinished) state.aborted++;
    });
    const json = (status, value) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    if (req.url === '/session') {
      entry.body = JSON.parse(body || 'null');
      return state.sessionStatus === 200 ? json(200, session(entry.body)) : json(state.sessionStatus, { error: 'refused' });
    }
    if (req.url === '/import') {
      entry.body = JSON.parse(body || 'null');
      await new Promise((r) => setTimeout(r, state.importDelayMs));
      if (state.importStatus !== 200) return json(state.importStatus, { error: { message: 'origin refused' } });
      const id = nextVideoId++;
      return json(200, { video: { id, status: 'pending', name: entry.body.name }, status_url: `${origin}/status/${id}` });
    }
    const status = /^\/status\/(\d+)/.exec(req.url);
    if (status) return json(200, state.statusFor(status[1]));
    json(404, { error: 'not found' });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(() => resolve()));
  });
  return { origin, log, state, requestsAfter: (t) => log.filter((r) => r.t > t) };
}

/** Resolves with the first `name` event's [detail, item] on `uploader`. */
export function once(uploader, name, filter = () => true) {
  return new Promise((resolve) => {
    const off = uploader.on(name, (detail, item) => {
      if (!filter(detail, item)) return;
      off();
      resolve([detail, item]);
    });
  });
}

/** Logs `names` events in order as {name, detail, id}. */
export function record(uploader, names) {
  const log = [];
  for (const name of names) uploader.on(name, (detail, item) => log.push({ name, detail, id: item.id }));
  return log;
}

/** Resolves when `check(snapshot)` holds (checked on every change). */
export function until(uploader, check) {
  return new Promise((resolve) => {
    if (check(uploader.getSnapshot())) return resolve(uploader.getSnapshot());
    const off = uploader.subscribe(() => {
      const snap = uploader.getSnapshot();
      if (!check(snap)) return;
      off();
      resolve(snap);
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Timers made by the code under test (the core, the poller, tus-js-client), tracked from here on:
 * `pending()` lists those neither fired nor cleared. Restore with `stop()`.
 */
export function trackTimers() {
  const live = new Map();
  const { setTimeout: st, clearTimeout: ct } = globalThis;
  const ours = (stack) => /[/\\]src[/\\](core|status|upload|session|import)|tus-js-client/.test(stack) && !/test[/\\]node[/\\]core/.test(stack.split('\n').slice(2, 3).join(''));
  globalThis.setTimeout = function (fn, ms, ...args) {
    const stack = new Error().stack ?? '';
    const handle = st(
      (...a) => {
        live.delete(handle);
        fn(...a);
      },
      ms,
      ...args,
    );
    if (ours(stack)) live.set(handle, stack.split('\n').slice(2, 5).join(' | '));
    return handle;
  };
  globalThis.clearTimeout = function (handle) {
    live.delete(handle);
    return ct(handle);
  };
  return {
    pending: () => [...live.values()],
    stop() {
      globalThis.setTimeout = st;
      globalThis.clearTimeout = ct;
    },
  };
}
