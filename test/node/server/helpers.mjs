// Shared helpers of the gcore-uploader/server tests (not a test file itself).
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { startEmulator } from '../../../demo/emulator/index.mjs';
import { fetchJson } from '../emulator/helpers.mjs';

export const API_KEY = 'test-key';
export const SECRET = 'a-test-secret-of-enough-length';
/** Retries that keep the tests fast. */
export const FAST_RETRY = { retries: 3, minDelayMs: 5, maxDelayMs: 2000 };
/** The explicit opt-in to anonymous uploads, for tests about something else. */
export const ALLOW_ALL = () => true;
/** The session cookie `cookieAuthorize` accepts. */
export const SESSION_COOKIE = 'sid=valid-session';
/** A real check, as the README shows it: the request carries the app's session cookie. */
export const cookieAuthorize = (request) => /(?:^|;\s*)sid=valid-session(?:;|$)/.test(request.headers.get('cookie') ?? '');

/** A JSON POST as the element sends it (Fetch `Request`). */
export const jsonPost = (url, body, headers = {}) =>
  new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Starts the emulator on free ports with a fresh temp dir; `after` closes it and removes the dir. */
export async function withEmulator(after, options = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gcore-server-test-'));
  const emu = await startEmulator({
    apiPort: 0,
    uploadPort: 0,
    dataDir,
    apiKey: API_KEY,
    tokenSecret: 'x',
    quiet: !process.env.EMU_LOG,
    downloadAttempts: 1,
    downloadRetryDelayMs: 10,
    ...options,
  });
  after(async () => {
    await emu.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return emu;
}

/** A `fetch` that records the URLs it is asked for. */
export function countingFetch(inner = globalThis.fetch) {
  const calls = [];
  const f = async (input, init) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET' });
    return inner(input, init);
  };
  f.calls = calls;
  return f;
}

/** A node:http server on 127.0.0.1 with `listener`; resolves {origin, server, close()}. */
export async function listen(listener) {
  const server = http.createServer(listener);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://127.0.0.1:${server.address().port}`,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads a request body as JSON. */
export async function readJson(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** fetch → {status, body (parsed JSON or text), text, headers}. */
export const call = (url, options) => fetchJson(url, options);

/** A Fetch `Response` → {status, body, text, headers}. */
export async function read(response) {
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, body: json, text, headers: response.headers };
}

/** Uploads `data` (Buffer) with tus-js-client as the widget does; resolves {ok, url} or {ok: false, error}. */
export function tusUpload(session, data, { filename = 'clip.mp4', filetype = 'video/mp4' } = {}) {
  return new Promise((resolve) => {
    const server = session.servers[0];
    const upload = new tus.Upload(data, {
      endpoint: `${server.ssl ? 'https' : 'http'}://${server.hostname}/upload/`,
      retryDelays: null,
      metadata: {
        filename,
        filetype,
        token: session.token,
        video_id: String(session.video.id),
        client_id: String(session.video.client_id),
      },
      onError: (error) => resolve({ ok: false, error }),
      onSuccess: () => resolve({ ok: true, url: upload.url }),
    });
    upload.start();
  });
}

/** Polls `url` (a status URL made absolute) until `until(video)`; returns {video, statuses}. */
export async function pollStatus(url, until, { intervalMs = 100, timeoutMs = 30_000 } = {}) {
  const statuses = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await call(url);
    if (status !== 200) throw new Error(`status URL answered ${status}: ${JSON.stringify(body)}`);
    if (statuses.at(-1) !== body.status) statuses.push(body.status);
    if (until(body)) return { video: body, statuses };
    if (Date.now() > deadline) throw new Error(`timed out; statuses ${statuses.join(' → ')}; last ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

let clip;
/** A tiny real mp4 (1 s, 160x90, no audio), generated once per process with the bundled ffmpeg. */
export async function tinyClip() {
  if (clip) return clip;
  const ffmpeg = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg').path;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-server-clip-'));
  const file = path.join(dir, 'clip.mp4');
  const r = spawnSync(
    ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=10:duration=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (r.status !== 0 || !existsSync(file)) throw new Error(`ffmpeg failed: ${r.stderr}`);
  const { readFile } = await import('node:fs/promises');
  clip = await readFile(file);
  await rm(dir, { recursive: true, force: true });
  return clip;
}

/**
 * A tiny Express look-alike on 127.0.0.1: `app.use(mount, middleware)` semantics (req.url without the
 * mount, req.originalUrl with it, next() → 404 "fell through"). Resolves what `listen` does.
 */
export function expressLike(mount, middleware) {
  return listen((req, res) => {
    if (req.url !== mount && !req.url.startsWith(`${mount}/`) && !req.url.startsWith(`${mount}?`)) return res.writeHead(404).end('outside');
    req.originalUrl = req.url;
    req.url = req.url.slice(mount.length) || '/';
    middleware(req, res, (err) => res.writeHead(err ? 500 : 404, { 'Content-Type': 'text/plain' }).end(err ? `next(${err.message})` : 'fell through'));
  });
}

/**
 * One request with node:http, for what fetch cannot do: a chosen Host header, a local address (another
 * "client" on 127.0.0.x), a body sent only in part (`send: 'headers'` sends none, a number sends that
 * many bytes) and kept open. Resolves {status, body, text, headers, ms} when the answer is complete.
 */
export function rawRequest(origin, { method = 'POST', path = '/', headers = {}, body, send = 'all', localAddress } = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const req = http.request({ host: hostname, port, method, path, headers, localAddress, agent: false, setHost: !Object.keys(headers).some((h) => h.toLowerCase() === 'host') }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = text;
        }
        req.destroy();
        resolve({ status: res.statusCode, body: json, text, headers: res.headers, ms: Date.now() - t0 });
      });
    });
    req.on('error', reject);
    const bytes = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    if (send === 'all') {
      req.end(bytes);
    } else if (send === 'headers') {
      req.flushHeaders();
    } else {
      req.write(bytes.subarray(0, send));
    }
  });
}

/** How many videos the emulator holds. */
export const videoCount = (emu) => emu.store.all().length;
