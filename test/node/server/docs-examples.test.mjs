// Every code block of README.md and docs/ that makes a handler (`createUploadHandler(`) is run here as
// written: TypeScript stripped by esbuild, `gcore-uploader/server` pointed at src/server, and small
// stand-ins for what is the app's (`./sessions`), a framework's (express, Deno.serve, Next's exports)
// or a service's (redis). Each example must then refuse an anonymous upload (401) and a cross-site
// text/plain post (415), and let a signed-in one through to the emulator (200, one video more).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { API_KEY, SECRET, SESSION_COOKIE, read, videoCount, withEmulator } from './helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TOKEN = 'valid-token';

/** The fenced ts/js blocks of a Markdown file that create a handler, with their line numbers. */
async function examples(file) {
  const text = await readFile(path.join(root, file), 'utf8');
  const out = [];
  const fence = /^```(ts|js|typescript|javascript)\n([\s\S]*?)^```$/gm;
  for (let m; (m = fence.exec(text)); ) {
    if (!m[2].includes('createUploadHandler(')) continue;
    out.push({ where: `${file}:${text.slice(0, m.index).split('\n').length}`, code: m[2] });
  }
  return out;
}

const STUBS = {
  // The app's session store: a session for the test's cookie, a user for its token.
  'sessions.mjs': `
export async function getSession(cookie) {
  return /(?:^|;\\s*)sid=valid-session(?:;|$)/.test(cookie ?? '') ? { userId: 7 } : null;
}
export async function verifyToken(token) {
  return token === ${JSON.stringify(TOKEN)} ? { userId: 7 } : null;
}`,
  // Express: app.use(mount, middleware) and app.listen() on a free loopback port.
  'express.mjs': `
import http from 'node:http';
export default function express() {
  const stack = [];
  const app = {
    use(mount, mw) { stack.push([mount, mw]); return app; },
    listen(_port, cb) {
      const server = http.createServer((req, res) => {
        const hit = stack.find(([m]) => req.url === m || req.url.startsWith(m + '/') || req.url.startsWith(m + '?'));
        if (!hit) return res.writeHead(404).end('not mounted');
        req.originalUrl = req.url;
        req.url = req.url.slice(hit[0].length) || '/';
        hit[1](req, res, (err) => res.writeHead(err ? 500 : 404).end(err ? String(err) : 'next()'));
      });
      server.listen(0, '127.0.0.1', cb);
      globalThis.__examples.servers.push(server);
      return server;
    },
  };
  return app;
}`,
  // node:http as the example uses it, but listening on a free loopback port.
  'http.mjs': `
import real from 'node:http';
export default {
  ...real,
  createServer(listener) {
    const server = real.createServer(listener);
    const listen = server.listen.bind(server);
    server.listen = (_port, _host, cb) => listen(0, '127.0.0.1', typeof _host === 'function' ? _host : cb);
    globalThis.__examples.servers.push(server);
    return server;
  },
};`,
  // node-redis: createClient().connect() and eval(script, {keys, arguments}), counted in memory.
  'redis.mjs': `
export function createClient() {
  const counts = new Map();
  const client = {
    async connect() { return client; },
    async eval(_script, { keys, arguments: args }) {
      const [cost, ms] = args.map(Number);
      const now = Date.now();
      let w = counts.get(keys[0]);
      if (!w || w.until <= now) counts.set(keys[0], (w = { n: 0, until: now + ms }));
      w.n += cost;
      return [w.n, w.until - now];
    },
  };
  return client;
}`,
};

describe('the examples in README.md and docs/ run, and each refuses anonymous and cross-site uploads', { timeout: 60_000 }, () => {
  let emu;
  let dir;
  const cleanups = [];
  const saved = {};
  const realFetch = globalThis.fetch;
  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
    dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-docs-examples-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    for (const [name, code] of Object.entries(STUBS)) await writeFile(path.join(dir, name), code);
    globalThis.__examples = { servers: [], served: [] };
    globalThis.Deno = { env: { get: (k) => process.env[k] }, serve: (fn) => globalThis.__examples.served.push(fn) };
    for (const [k, v] of Object.entries({ GCORE_API_KEY: API_KEY, GCORE_UPLOAD_SECRET: SECRET, REDIS_URL: 'redis://127.0.0.1:1' })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    // The examples talk to https://api.gcore.com: send that to the emulator (clients keep this fetch).
    globalThis.fetch = (input, init) => realFetch(String(input instanceof Request ? input.url : input).replace('https://api.gcore.com', emu.apiOrigin), init);
  });
  after(async () => {
    globalThis.fetch = realFetch;
    for (const s of globalThis.__examples?.servers ?? []) s.closeAllConnections?.(), s.close();
    delete globalThis.__examples;
    delete globalThis.Deno;
    for (const [k, v] of Object.entries(saved)) (v === undefined ? delete process.env[k] : (process.env[k] = v));
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  /** Runs one example; resolves its entry points: HTTP origins and Fetch handlers. */
  async function load({ where, code }, index) {
    const server = pathToFileURL(path.join(root, 'src/server/index.ts')).href;
    const local = (name) => pathToFileURL(path.join(dir, name)).href;
    const specifiers = {
      'gcore-uploader/server': server,
      './sessions': local('sessions.mjs'),
      express: local('express.mjs'),
      'node:http': local('http.mjs'),
      redis: local('redis.mjs'),
    };
    let js = (await transform(code, { loader: 'ts', format: 'esm', target: 'es2022' })).code;
    js = js.replace(/(from\s+|import\s+)(['"])([^'"]+)\2/g, (m, head, q, spec) => {
      assert.ok(spec in specifiers, `${where}: no stand-in for "${spec}"`);
      return `${head}${q}${specifiers[spec]}${q}`;
    });
    js += '\nexport const __exampleHandler = typeof handler === "undefined" ? undefined : handler;\n';
    const file = path.join(dir, `example-${index}.mjs`);
    await writeFile(file, js);
    const before = { servers: globalThis.__examples.servers.length, served: globalThis.__examples.served.length };
    const mod = await import(pathToFileURL(file).href);
    const servers = globalThis.__examples.servers.slice(before.servers);
    await Promise.all(servers.map((s) => (s.listening ? null : new Promise((r) => s.once('listening', r)))));
    const fetchHandlers = [...globalThis.__examples.served.slice(before.served), ...[mod.POST, mod.handler, mod.__exampleHandler].filter((f) => typeof f === 'function')];
    return { origins: servers.map((s) => `http://127.0.0.1:${s.address().port}`), fetchHandlers: [...new Set(fetchHandlers)] };
  }

  test('every example: 401 without a session, 415 for text/plain, 200 (a video) with one', async () => {
    const all = [...(await examples('README.md')), ...(await examples('docs/server.md'))];
    for (const file of await readdir(path.join(root, 'docs'))) {
      if (file.endsWith('.md') && file !== 'server.md') all.push(...(await examples(`docs/${file}`)));
    }
    assert.ok(all.length >= 6, `found ${all.length} examples`);
    for (const [i, example] of all.entries()) {
      const { origins, fetchHandlers } = await load(example, i);
      const entries = [
        ...origins.map((origin) => async (headers, body) => read(await realFetch(`${origin}/api/gcore/session`, { method: 'POST', headers, body }))),
        ...fetchHandlers.map((h) => async (headers, body) => read(await h(new Request('http://localhost/api/gcore/session', { method: 'POST', headers, body })))),
      ];
      assert.ok(entries.length > 0, `${example.where}: the example mounts or exports no handler`);
      const body = JSON.stringify({ name: 'example.mp4', size: 10, type: 'video/mp4' });
      const signedIn = { Cookie: SESSION_COOKIE, Authorization: `Bearer ${TOKEN}` };
      for (const send of entries) {
        const count = videoCount(emu);
        const anonymous = await send({ 'Content-Type': 'application/json' }, body);
        assert.equal(anonymous.status, 401, `${example.where}: anonymous → ${anonymous.status} ${anonymous.text}`);
        assert.equal(anonymous.body.error.code, 'unauthorized');
        const forged = await send({ 'Content-Type': 'application/json', Cookie: 'sid=guess', Authorization: 'Bearer guess' }, body);
        assert.equal(forged.status, 401, `${example.where}: forged credentials`);
        const crossSite = await send({ 'Content-Type': 'text/plain', Origin: 'https://evil.example', ...signedIn }, body);
        assert.equal(crossSite.status, 403, `${example.where}: cross-site text/plain → ${crossSite.status}`);
        const textPlain = await send({ 'Content-Type': 'text/plain', ...signedIn }, body);
        assert.equal(textPlain.status, 415, `${example.where}: text/plain → ${textPlain.status}`);
        assert.equal(videoCount(emu), count, `${example.where}: refused requests created nothing`);
        const ok = await send({ 'Content-Type': 'application/json', ...signedIn }, body);
        assert.equal(ok.status, 200, `${example.where}: signed in → ${ok.status} ${ok.text}`);
        assert.equal(videoCount(emu), count + 1, `${example.where}: one video`);
      }
    }
  });

  test('no example reads the cookie the Node way (req.headers.cookie): the handler gets a Fetch Request', async () => {
    for (const file of ['README.md', 'docs/server.md']) {
      const text = await readFile(path.join(root, file), 'utf8');
      assert.doesNotMatch(text, /authorize:\s*\(req\)\s*=>[^\n]*req\.headers\.cookie/, file);
      assert.doesNotMatch(text, /headers\.cookie\?\.includes/, file);
    }
  });
});
