// The upload handler without Gcore: bad input, routes and methods, Gcore down, and the Node/Express
// adapter (mount paths, bodies already parsed, next()).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createUploadHandler, signStatusUrl, toNodeHandler } from '../../../src/server/index.ts';
import { ALLOW_ALL, SECRET, call, countingFetch, listen, read, readJson } from './helpers.mjs';

/** A base URL where nothing listens: Gcore is down. */
async function deadOrigin() {
  const s = await listen(() => {});
  const origin = s.origin;
  await s.close();
  return origin;
}

const post = (url, body, headers = {}) =>
  new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('bad input and Gcore down (Fetch handler)', { timeout: 30_000 }, () => {
  let handler;
  let gcoreFetch;
  const errors = [];
  before(async () => {
    gcoreFetch = countingFetch();
    handler = createUploadHandler({
      apiKey: 'never-shown-key',
      baseUrl: await deadOrigin(),
      secret: SECRET,
      authorize: ALLOW_ALL,
      fetch: gcoreFetch,
      retry: { retries: 2, minDelayMs: 1 },
      onError: (e) => errors.push(e),
    });
  });

  test('bad bodies → 400 JSON {error: {code, message}}, no Gcore call', async () => {
    const cases = [
      ['{not json', 'invalid-json'],
      ['', 'invalid-json'],
      ['[1,2]', 'invalid-body'],
      ['"text"', 'invalid-body'],
      ['null', 'invalid-body'],
      [{ size: 1, type: 'video/mp4' }, 'invalid-name'],
      [{ name: '', size: 1 }, 'invalid-name'],
      [{ name: '   ', size: 1 }, 'invalid-name'],
      [{ name: 42, size: 1 }, 'invalid-name'],
      [{ name: 'a.mp4', size: -1 }, 'invalid-size'],
      [{ name: 'a.mp4', size: 'abc' }, 'invalid-size'],
      [{ name: 'a.mp4', size: '12' }, 'invalid-size'],
      [{ name: 'a.mp4', size: 1.5 }, 'invalid-size'],
      [{ name: 'a.mp4', size: null }, 'invalid-size'],
      [{ name: 'a.mp4', size: 1, type: 5 }, 'invalid-type'],
      [{ name: 'a.mp4', size: 1, type: 'not a type' }, 'invalid-type'],
      [{ name: 'a.mp4', size: 1, type: `video/${'x'.repeat(300)}` }, 'invalid-type'],
      [{ name: 'a.mp4', size: 2 ** 53 }, 'invalid-size'],
      [{ name: '\u0000\u001b\u202e ', size: 1 }, 'invalid-name'],
    ];
    for (const [body, code] of cases) {
      const r = await read(await handler(post('http://h/api/gcore/session', body)));
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(r.body.error.code, code, JSON.stringify(body));
      assert.equal(typeof r.body.error.message, 'string');
    }
    const big = await read(await handler(post('http://h/session', JSON.stringify({ name: 'x'.repeat(70_000) }))));
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'body-too-large');
    assert.equal(gcoreFetch.calls.length, 0);
  });

  test('unknown routes → 404, wrong methods → 405 with Allow, OPTIONS → 204', async () => {
    for (const [method, url, status, code] of [
      ['GET', 'http://h/api/gcore/nothing', 404, 'not-found'],
      ['POST', 'http://h/api/gcore/sessions', 404, 'not-found'],
      ['POST', 'http://h/api/gcore/videos/1/extra', 404, 'not-found'],
      ['GET', 'http://h/api/gcore/session', 405, 'method-not-allowed'],
      ['PUT', 'http://h/api/gcore/import', 405, 'method-not-allowed'],
      ['POST', 'http://h/api/gcore/videos/12', 405, 'method-not-allowed'],
      ['DELETE', 'http://h/api/gcore/videos/12', 405, 'method-not-allowed'],
      ['GET', 'http://h/api/gcore/videos/abc?exp=1&sig=x', 400, 'invalid-video-id'],
      ['GET', 'http://h/api/gcore/videos/12?exp=1&sig=x', 403, 'invalid-signature'],
    ]) {
      const r = await read(await handler(new Request(url, { method })));
      assert.equal(r.status, status, `${method} ${url}`);
      assert.equal(r.body.error.code, code, `${method} ${url}`);
    }
    const r = await handler(new Request('http://h/api/gcore/session', { method: 'GET' }));
    assert.equal(r.headers.get('allow'), 'POST, OPTIONS');
    const o = await handler(new Request('http://h/api/gcore/videos/3', { method: 'OPTIONS' }));
    assert.equal(o.status, 204);
    assert.equal(o.headers.get('allow'), 'GET, PATCH, OPTIONS');
    assert.equal(o.headers.get('access-control-allow-origin'), null, 'no CORS without allowedOrigins');
    assert.equal(gcoreFetch.calls.length, 0);
  });

  test('Gcore down → 502 gcore-error (session, import, status), no key in the answer', async () => {
    errors.length = 0;
    const s = await read(await handler(post('http://h/api/gcore/session', { name: 'a.mp4', size: 1, type: 'video/mp4' })));
    assert.equal(s.status, 502);
    assert.deepEqual(s.body, { error: { code: 'gcore-error', message: 'Gcore could not create the video.' } }, "neither Gcore's words nor its status");
    assert.equal(gcoreFetch.calls.length, 1, 'a POST is not retried after a network error');

    const i = await read(await handler(post('http://h/api/gcore/import', { url: 'https://example.com/a.mp4', name: 'a' })));
    assert.equal(i.status, 502);

    const statusUrl = await signStatusUrl('/api/gcore', 12, SECRET);
    const g = await read(await handler(new Request(`http://h${statusUrl}`)));
    assert.equal(g.status, 502);
    assert.equal(g.body.error.code, 'gcore-error');
    assert.equal(gcoreFetch.calls.length, 2 + 3, 'the GET was retried twice');
    for (const r of [s, i, g]) assert.ok(!r.text.includes('never-shown-key') && !r.text.includes(SECRET));
    assert.equal(errors.length, 3, 'onError saw each Gcore failure');
    assert.match(errors[0].message, /Gcore could not be reached/, "onError gets Gcore's side");
  });

  test('a throwing video option → 500 JSON; nothing throws out of the handler', async () => {
    const seen = [];
    const h = createUploadHandler({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:1',
      secret: SECRET,
      authorize: ALLOW_ALL,
      video: () => {
        throw new Error('database down');
      },
      onError: (e) => seen.push(e.message),
    });
    const r = await read(await h(post('http://h/session', { name: 'a.mp4', size: 1 })));
    assert.equal(r.status, 500);
    assert.equal(r.body.error.code, 'internal-error');
    assert.ok(!r.text.includes('database down'));
    assert.deepEqual(seen, ['database down']);
    // A request whose body stream fails.
    const broken = new Request('http://h/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new ReadableStream({ pull: (c) => c.error(new Error('boom')) }),
      duplex: 'half',
    });
    const b = await read(await h(broken));
    assert.equal(b.status, 400);
  });

  test('options are checked when the handler is made', () => {
    assert.throws(() => createUploadHandler({ apiKey: 'k', authorize: ALLOW_ALL }), /secret/);
    assert.throws(() => createUploadHandler({ apiKey: 'k', secret: 'short', authorize: ALLOW_ALL }), /secret/);
    assert.throws(() => createUploadHandler({ secret: SECRET, authorize: ALLOW_ALL }), /apiKey/);
    assert.throws(() => createUploadHandler({ apiKey: 'k', secret: SECRET }), /authorize/);
    assert.throws(() => createUploadHandler({ apiKey: 'k', secret: SECRET, authorize: true }), /authorize/);
    const ok = { apiKey: 'k', secret: SECRET, authorize: ALLOW_ALL };
    assert.throws(() => createUploadHandler({ ...ok, statusTtlSeconds: 0 }), /statusTtlSeconds/);
    for (const allowedOrigins of [['*'], ['null'], ['https://a.example/path'], ['a.example'], ['ftp://a.example'], 'https://a.example']) {
      assert.throws(() => createUploadHandler({ ...ok, allowedOrigins }), /allowedOrigins/, JSON.stringify(allowedOrigins));
    }
    assert.doesNotThrow(() => createUploadHandler({ ...ok, allowedOrigins: ['https://a.example', 'http://127.0.0.1:8000/'] }));
    for (const rateLimit of [{ perClient: 0 }, { perHandler: 1.5 }, { windowSeconds: -1 }, { store: {} }, 'off']) {
      assert.throws(() => createUploadHandler({ ...ok, rateLimit }), /rateLimit/, JSON.stringify(rateLimit));
    }
    for (const name of ['timeoutMs', 'bodyTimeoutMs', 'maxConcurrentBodies', 'maxUploadBytes']) {
      assert.throws(() => createUploadHandler({ ...ok, [name]: 0 }), new RegExp(name));
    }
    assert.throws(() => createUploadHandler({ ...ok, clientKey: 'ip' }), /clientKey/);
  });
});

describe('toNodeHandler', { timeout: 30_000 }, () => {
  let gcore;
  let handler;
  const created = [];
  before(async () => {
    // A fake Gcore: enough of POST /streaming/videos and GET …/upload.
    gcore = await listen(async (req, res) => {
      if (req.method === 'POST') {
        const body = await readJson(req);
        created.push(body.video);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([{ id: created.length, name: body.video.name, client_id: 5 }]));
        return;
      }
      const id = Number(req.url.split('/')[3]);
      if (!req.url.endsWith('/upload')) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id, name: 'n', client_id: 5, status: 'pending', slug: 'hidden' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ servers: [{ hostname: 'u:1', active: true }], token: 't', video: { id, client_id: 5, name: 'n' } }));
    });
    handler = createUploadHandler({ apiKey: 'k', baseUrl: gcore.origin, secret: SECRET, authorize: ALLOW_ALL });
  });
  after(() => gcore?.close());

  /** A tiny Express look-alike: strips the mount from req.url, keeps originalUrl, maybe parses JSON, has next(). */
  function expressLike(mount, middleware, { parse = 'json' } = {}) {
    return listen(async (req, res) => {
      if (!req.url.startsWith(mount)) return res.writeHead(404).end('outside');
      req.originalUrl = req.url;
      req.url = req.url.slice(mount.length) || '/';
      if (parse === 'json' && req.headers['content-type'] === 'application/json') {
        req.body = await readJson(req);
        req._body = true;
      } else if (parse === 'json') {
        req.body = {}; // express.json() with another content type: {} and the stream unread
      } else if (parse === 'text') {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        req.body = Buffer.concat(chunks).toString();
      } else if (parse === 'raw') {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        req.body = Buffer.concat(chunks);
      }
      middleware(req, res, (err) => res.writeHead(err ? 500 : 404, { 'Content-Type': 'text/plain' }).end(err ? `next(${err.message})` : 'fell through'));
    });
  }

  test('Express-style mount: body from req.body, status_url keeps the mount, unknown paths go to next()', async (t) => {
    const app = await expressLike('/api/gcore', toNodeHandler(handler));
    t.after(() => app.close());
    const s = await call(`${app.origin}/api/gcore/session`, { method: 'POST', body: { name: 'e.mp4', size: 10, type: 'video/mp4' } });
    assert.equal(s.status, 200, s.text);
    assert.equal(s.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.match(s.body.status_url, /^\/api\/gcore\/videos\/\d+\?exp=\d+&sig=/);
    assert.equal(created.at(-1).name, 'e.mp4');
    const st = await call(`${app.origin}${s.body.status_url}`);
    assert.equal(st.status, 200, st.text);
    assert.deepEqual(st.body, { id: s.body.video.id, name: 'n', status: 'pending' });

    const bad = await call(`${app.origin}/api/gcore/session`, { method: 'POST', body: { size: 10 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid-name');

    const unknown = await call(`${app.origin}/api/gcore/elsewhere`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.text, 'fell through');

    // express.json() saw another content type: that is not JSON, whatever the body looks like.
    const count = created.length;
    const textType = await call(`${app.origin}/api/gcore/session`, { method: 'POST', raw: '{"name":"t.mp4","size":1}', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(textType.status, 415, textType.text);
    assert.equal(textType.body.error.code, 'unsupported-media-type');
    assert.equal(created.length, count);
    // A JSON body express.json() did not parse (another parser's job): the adapter streams it.
    const streamed = await call(`${app.origin}/api/gcore/session`, { method: 'POST', raw: '{"name":"s.mp4","size":1}', headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    assert.equal(streamed.status, 200, streamed.text);
    assert.equal(created.at(-1).name, 's.mp4');
  });

  test('bodies parsed as text or raw bytes are used as they are', async (t) => {
    for (const parse of ['text', 'raw']) {
      const app = await expressLike('/x', toNodeHandler(handler), { parse });
      t.after(() => app.close());
      const r = await call(`${app.origin}/x/session`, { method: 'POST', raw: `{"name":"${parse}.mp4","size":2}` });
      assert.equal(r.status, 200, r.text);
      assert.equal(created.at(-1).name, `${parse}.mp4`);
      assert.match(r.body.status_url, /^\/x\/videos\//);
    }
  });

  test('plain node:http: JSON 404 for unknown paths (no next), 413 for huge bodies, fallthrough: false', async (t) => {
    const middleware = toNodeHandler(handler);
    const app = await listen((req, res) => middleware(req, res));
    t.after(() => app.close());
    const unknown = await call(`${app.origin}/api/gcore/elsewhere`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not-found');
    const huge = await call(`${app.origin}/api/gcore/session`, { method: 'POST', raw: JSON.stringify({ name: 'x'.repeat(2_000_000) }) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'body-too-large');
    const s = await call(`${app.origin}/session`, { method: 'POST', body: { name: 'root.mp4', size: 1 } });
    assert.equal(s.status, 200);
    assert.match(s.body.status_url, /^\/videos\/\d+\?/);

    const strict = await expressLike('/m', toNodeHandler(handler, { fallthrough: false }));
    t.after(() => strict.close());
    const r = await call(`${strict.origin}/m/nope`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not-found');
  });

  test('a handler that throws reaches next(err), or a 500 JSON without next', async (t) => {
    const throwing = toNodeHandler(async () => {
      throw new Error('kaput');
    });
    const app = await expressLike('/m', throwing);
    t.after(() => app.close());
    const r = await call(`${app.origin}/m/session`);
    assert.equal(r.status, 500);
    assert.equal(r.text, 'next(kaput)');
    const plain = await listen((req, res) => throwing(req, res));
    t.after(() => plain.close());
    const p = await call(`${plain.origin}/m/session`);
    assert.equal(p.status, 500);
    assert.equal(p.body.error.code, 'internal-error');
  });
});

test('browser code never imports the server module', async () => {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src');
  const offenders = [];
  async function walk(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(src, 'server')) await walk(full);
      } else if (/\.(ts|js|mjs)$/.test(entry.name)) {
        const text = await readFile(full, 'utf8');
        if (/from\s+['"][^'"]*\/server(\/[^'"]*)?(\.js|\.ts)?['"]|import\(\s*['"][^'"]*\/server/.test(text)) offenders.push(full);
      }
    }
  }
  await walk(src);
  assert.deepEqual(offenders, []);
});
