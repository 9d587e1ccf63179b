// Issue #13, "the backend helper is secure by default": each finding, with the helper mounted as the
// README's minimal example mounts it (Express-style under /api/gcore, a cookie check in authorize),
// against the local emulator. Every refusal is checked for its status, its code, and for creating no
// video in the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createGcoreClient, createUploadHandler, toNodeHandler } from '../../../src/server/index.ts';
import {
  ALLOW_ALL,
  API_KEY,
  FAST_RETRY,
  SECRET,
  SESSION_COOKIE,
  call,
  cookieAuthorize,
  expressLike,
  jsonPost,
  listen,
  rawRequest,
  read,
  videoCount,
  withEmulator,
} from './helpers.mjs';

const SESSION_BODY = { name: 'clip.mp4', size: 1000, type: 'video/mp4' };

describe('the backend helper is secure by default (#13)', { timeout: 60_000 }, () => {
  let emu;
  let app; // README: app.use('/api/gcore', toNodeHandler(createUploadHandler({apiKey, secret, authorize})))
  const cleanups = [];
  const errors = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  /** The README's minimal mount, with options added for a test. */
  async function mount(extra = {}, adapter = {}) {
    const handler = createUploadHandler({
      apiKey: API_KEY,
      baseUrl: emu.apiOrigin,
      secret: SECRET,
      authorize: cookieAuthorize,
      retry: FAST_RETRY,
      onError: (e) => errors.push(e),
      ...extra,
    });
    const server = await expressLike('/api/gcore', toNodeHandler(handler, adapter));
    cleanups.push(() => server.close());
    return server;
  }

  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
    app = await mount();
  });

  /** A POST to `<origin>/api/gcore/<route>`; JSON with the session cookie unless told otherwise. */
  const post = (origin, route, { body = SESSION_BODY, headers = {}, cookie = true, ...rest } = {}) =>
    rawRequest(origin, {
      path: `/api/gcore/${route}`,
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: SESSION_COOKIE } : {}), ...headers },
      body,
      ...rest,
    });

  /** Asserts a JSON refusal and that the emulator created nothing while `fn` ran. */
  async function refused(fn, status, code) {
    const count = videoCount(emu);
    const r = await fn();
    assert.equal(r.status, status, r.text);
    assert.equal(r.body?.error?.code, code, r.text);
    assert.equal(typeof r.body.error.message, 'string');
    assert.match(r.headers['content-type'] ?? r.headers.get?.('content-type'), /^application\/json/);
    assert.equal(videoCount(emu), count, 'no video was created');
    return r;
  }

  test('1. no implicit allow-all: without authorize the handler is not made; without the cookie → 401', async () => {
    assert.throws(
      () => createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET }),
      (err) => err instanceof TypeError && /authorize/.test(err.message) && /\(\) => true/.test(err.message) && /cookie/.test(err.message),
    );
    for (const route of ['session', 'import']) {
      await refused(() => post(app.origin, route, { cookie: false, body: { ...SESSION_BODY, url: 'https://example.com/a.mp4' } }), 401, 'unauthorized');
      await refused(() => post(app.origin, route, { cookie: false, headers: { Cookie: 'sid=forged' }, body: { ...SESSION_BODY, url: 'https://example.com/a.mp4' } }), 401, 'unauthorized');
    }
    // The explicit opt-in works, and the check itself lets the cookie through.
    const open = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL });
    assert.equal((await open(jsonPost('http://h/session', SESSION_BODY))).status, 200);
    const count = videoCount(emu);
    const ok = await post(app.origin, 'session');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(videoCount(emu), count + 1);
  });

  test('2. cross-site: text/plain, forms and foreign origins are refused; same origin passes', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', undefined]) {
      await refused(
        () => post(app.origin, 'session', { headers: { 'Content-Type': type ?? '' }, body: JSON.stringify(SESSION_BODY) }),
        415,
        'unsupported-media-type',
      );
    }
    // A CORS "simple request" from another site, with the cookie: refused on both counts.
    await refused(() => post(app.origin, 'session', { headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } }), 403, 'origin-not-allowed');
    for (const headers of [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: `${app.origin}.evil.example` },
      { Origin: app.origin.replace('http:', 'https:') + ':1' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ]) {
      for (const route of ['session', 'import']) {
        await refused(() => post(app.origin, route, { headers, body: { ...SESSION_BODY, url: 'https://example.com/a.mp4' } }), 403, 'origin-not-allowed');
      }
    }
    // The status route too (its answers carry no CORS headers for foreign pages anyway).
    await refused(() => rawRequest(app.origin, { method: 'GET', path: '/api/gcore/videos/1?exp=1&sig=x', headers: { Origin: 'https://evil.example' } }), 403, 'origin-not-allowed');

    // The page's own origin (what a browser sends with the element's same-origin POST).
    const count = videoCount(emu);
    for (const headers of [{ Origin: app.origin, 'Sec-Fetch-Site': 'same-origin' }, { Origin: app.origin }, { 'Sec-Fetch-Site': 'same-origin' }, {}]) {
      const r = await post(app.origin, 'session', { headers });
      assert.equal(r.status, 200, `${JSON.stringify(headers)} ${r.text}`);
      assert.equal(r.headers['access-control-allow-origin'], undefined, 'no CORS headers for same-origin answers');
    }
    // Behind a proxy that rewrote the Host: the browser still says same-origin.
    const proxied = await post(app.origin, 'session', { headers: { Origin: 'https://public.example', 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(proxied.status, 200, proxied.text);
    assert.equal(videoCount(emu), count + 5);
  });

  test('2b. allowedOrigins: the preflight is answered for exactly the listed origins; answers carry CORS for them only', async () => {
    const listed = 'https://app.example';
    const cors = await mount({ allowedOrigins: [listed] });
    const preflight = (origin) =>
      rawRequest(cors.origin, {
        method: 'OPTIONS',
        path: '/api/gcore/session',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
    const ok = await preflight(listed);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers['access-control-allow-origin'], listed);
    assert.equal(ok.headers['access-control-allow-credentials'], 'true');
    assert.match(ok.headers['access-control-allow-methods'], /POST/);
    assert.match(ok.headers['access-control-allow-headers'], /Content-Type/i);
    assert.match(ok.headers.vary, /Origin/);
    for (const other of ['https://evil.example', 'https://app.example.evil.example', 'http://app.example', 'null']) {
      const r = await refused(() => preflight(other), 403, 'origin-not-allowed');
      assert.equal(r.headers['access-control-allow-origin'], undefined, other);
      assert.equal(r.headers['access-control-allow-credentials'], undefined, other);
    }
    // Actual requests.
    const count = videoCount(emu);
    const s = await post(cors.origin, 'session', { headers: { Origin: listed, 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(s.status, 200, s.text);
    assert.equal(s.headers['access-control-allow-origin'], listed);
    assert.equal(s.headers['access-control-allow-credentials'], 'true');
    assert.match(s.headers.vary, /Origin/);
    assert.equal(videoCount(emu), count + 1);
    const denied = await post(cors.origin, 'session', { cookie: false, headers: { Origin: listed } });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers['access-control-allow-origin'], listed, 'errors are readable by the listed page too');
    const evil = await refused(() => post(cors.origin, 'session', { headers: { Origin: 'https://evil.example' } }), 403, 'origin-not-allowed');
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
    // Listed, but not JSON: still refused.
    await refused(() => post(cors.origin, 'session', { headers: { Origin: listed, 'Content-Type': 'text/plain' } }), 415, 'unsupported-media-type');
    // Without allowedOrigins nobody gets a preflight answer.
    const none = await refused(() => rawRequest(app.origin, { method: 'OPTIONS', path: '/api/gcore/session', headers: { Origin: listed, 'Access-Control-Request-Method': 'POST' } }), 403, 'origin-not-allowed');
    assert.equal(none.headers['access-control-allow-origin'], undefined);
  });

  test('3. rate limit (defaults): a burst of 100 from one client → 60 pass, then 429 + Retry-After; another client still passes', async () => {
    const limited = await mount(); // a fresh handler: fresh counters
    const count = videoCount(emu);
    const results = [];
    for (let i = 0; i < 100; i++) results.push(await post(limited.origin, 'session', { localAddress: '127.0.0.1' }));
    const passed = results.filter((r) => r.status === 200).length;
    assert.equal(passed, 60, 'the default: 60 per client per 10 minutes');
    assert.equal(videoCount(emu), count + 60, 'refused requests created nothing');
    const refusedOnes = results.slice(60);
    for (const r of refusedOnes) {
      assert.equal(r.status, 429);
      assert.equal(r.body.error.code, 'rate-limited');
      const after = Number(r.headers['retry-after']);
      assert.ok(Number.isInteger(after) && after >= 1 && after <= 600, `Retry-After ${r.headers['retry-after']}`);
    }
    // The import route shares the client's budget.
    await refused(() => post(limited.origin, 'import', { localAddress: '127.0.0.1', body: { url: 'https://example.com/a.mp4', name: 'a' } }), 429, 'rate-limited');
    // Another client (another address) is not held back by the first one.
    const other = await post(limited.origin, 'session', { localAddress: '127.0.0.2' });
    assert.equal(other.status, 200, other.text);
    // X-Forwarded-For is not believed without trustProxy…
    await refused(() => post(limited.origin, 'session', { localAddress: '127.0.0.1', headers: { 'X-Forwarded-For': '203.0.113.9' } }), 429, 'rate-limited');
  });

  test('3b. rate limit: per handler, trustProxy and X-Forwarded-For, clientKey, rateLimit: false', async () => {
    const small = await mount({ rateLimit: { perClient: 2, perHandler: 3, windowSeconds: 60 } }, { trustProxy: true });
    const from = (ip) => post(small.origin, 'session', { headers: { 'X-Forwarded-For': `198.51.100.77, ${ip}` } });
    assert.equal((await from('203.0.113.1')).status, 200);
    assert.equal((await from('203.0.113.1')).status, 200);
    const r = await refused(() => from('203.0.113.1'), 429, 'rate-limited');
    assert.ok(Number(r.headers['retry-after']) <= 60);
    assert.equal((await from('203.0.113.2')).status, 200, 'the last X-Forwarded-For entry is the client (trustProxy)');
    await refused(() => from('203.0.113.3'), 429, 'rate-limited'); // the handler's 3 are spent
    // clientKey: the app's own key (a user id); rateLimit: false turns it off.
    const keys = [];
    const byUser = createUploadHandler({
      apiKey: API_KEY,
      baseUrl: emu.apiOrigin,
      secret: SECRET,
      authorize: ALLOW_ALL,
      rateLimit: { perClient: 1 },
      clientKey: (request) => (keys.push(request.headers.get('x-user')), request.headers.get('x-user')),
    });
    assert.equal((await byUser(jsonPost('http://h/session', SESSION_BODY, { 'x-user': 'a' }))).status, 200);
    assert.equal((await byUser(jsonPost('http://h/session', SESSION_BODY, { 'x-user': 'a' }))).status, 429);
    assert.equal((await byUser(jsonPost('http://h/session', SESSION_BODY, { 'x-user': 'b' }))).status, 200);
    assert.deepEqual(keys, ['a', 'a', 'b']);
    // A numeric user id is a key too.
    let id = 41;
    const numeric = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, rateLimit: { perClient: 1 }, clientKey: async () => id });
    assert.equal((await numeric(jsonPost('http://h/session', SESSION_BODY))).status, 200);
    assert.equal((await numeric(jsonPost('http://h/session', SESSION_BODY))).status, 429);
    id = 42;
    assert.equal((await numeric(jsonPost('http://h/session', SESSION_BODY))).status, 200);
    const off = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, rateLimit: false, clientKey: () => 'same' });
    const statuses = [];
    for (let i = 0; i < 70; i++) statuses.push((await off(jsonPost('http://h/session', SESSION_BODY))).status);
    assert.deepEqual([...new Set(statuses)], [200]);
    // A store that fails: 503, no video.
    const broken = createUploadHandler({
      apiKey: API_KEY,
      baseUrl: emu.apiOrigin,
      secret: SECRET,
      authorize: ALLOW_ALL,
      clientKey: () => 'k',
      onError: () => {},
      rateLimit: { store: { take: async () => Promise.reject(new Error('redis down')) } },
    });
    await refused(async () => read(await broken(jsonPost('http://h/session', SESSION_BODY))), 503, 'rate-limit-unavailable');
  });

  test('4. the Host header never picks the route: host:port/…/session? on POST /videos/1 → 400, no video', async () => {
    const { host } = new URL(app.origin);
    for (const bad of [`${host}/api/gcore/session?`, `${host}/api/gcore/session#`, `evil.example/api/gcore/session?x=`, `${host}?`, 'user@evil.example', `${host} x`, '']) {
      await refused(() => post(app.origin, 'videos/1', { headers: { Host: bad } }), 400, 'bad-host');
    }
    // A valid Host: the path decides, and POST /videos/1 is the status route (GET only).
    await refused(() => post(app.origin, 'videos/1', { headers: { Host: host } }), 405, 'method-not-allowed');
    await refused(() => post(app.origin, 'videos/1', { headers: { Host: 'other.example:8443' } }), 405, 'method-not-allowed');
    // A runtime that builds the URL from the Host the same naive way: the handler checks Host itself.
    const handler = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL });
    const naive = `http://${host}/api/gcore/session?/api/gcore/videos/1`;
    await refused(async () => read(await handler(jsonPost(naive, SESSION_BODY, { host: `${host}/api/gcore/session?` }))), 400, 'bad-host');
  });

  test('5. bounded bodies: a declared oversize body is refused before its bytes arrive; a slow one is cut off; concurrent bodies are capped', async () => {
    // Headers only: the 413 comes back although not one byte of the 10 MiB was sent.
    const r = await refused(() => post(app.origin, 'session', { headers: { 'Content-Length': String(10 * 1024 * 1024) }, body: '', send: 'headers' }), 413, 'body-too-large');
    assert.ok(r.ms < 2000, `answered in ${r.ms} ms`);
    assert.equal(r.headers.connection, 'close');
    // A large body actually sent: refused too.
    await refused(() => post(app.origin, 'session', { body: { name: 'x'.repeat(70_000) } }), 413, 'body-too-large');

    const slow = await mount({ bodyTimeoutMs: 300, maxConcurrentBodies: 2 });
    const body = JSON.stringify(SESSION_BODY);
    const t0 = Date.now();
    const cut = await refused(() => post(slow.origin, 'session', { headers: { 'Content-Length': String(body.length) }, body, send: 5 }), 408, 'body-timeout');
    assert.ok(Date.now() - t0 >= 280 && Date.now() - t0 < 3000, `cut off after ${Date.now() - t0} ms`);
    assert.equal(cut.headers.connection, 'close');

    // Two bodies trickling in hold both slots: a third request is turned away at once.
    const count = videoCount(emu);
    const hanging = [1, 2].map(() => post(slow.origin, 'session', { headers: { 'Content-Length': String(body.length) }, body, send: 3 }));
    await new Promise((res) => setTimeout(res, 100));
    const busy = await post(slow.origin, 'session');
    assert.equal(busy.status, 503, busy.text);
    assert.equal(busy.body.error.code, 'server-busy');
    assert.ok(Number(busy.headers['retry-after']) >= 1);
    for (const h of await Promise.all(hanging)) assert.equal(h.status, 408);
    assert.equal(videoCount(emu), count);
    // Slots are given back.
    assert.equal((await post(slow.origin, 'session')).status, 200);
  });

  test('6. input: names lose control and bidi characters; URLs are sent as validated; type and size are bounded', async () => {
    const h = await mount({ rateLimit: false });
    const session = async (name) => {
      const r = await post(h.origin, 'session', { body: { ...SESSION_BODY, name } });
      assert.equal(r.status, 200, r.text);
      return emu.store.get(r.body.video.id).name;
    };
    assert.equal(await session('evil\u0000name\u001b[31m\r\nX-Injected: 1\u007f\u0085.mp4'), 'evilname[31mX-Injected: 1.mp4');
    assert.equal(await session('harmless\u202Egpj.exe'), 'harmlessgpj.exe', 'no right-to-left override');
    assert.equal(await session('\u2066a\u2069\u200e\u200f\u202a\u202b\u202c\u202d b'), 'a b');
    assert.equal(await session('é'.normalize('NFD') + '.mp4'), 'é.mp4', 'NFC');
    assert.equal([...(await session('n'.repeat(1000)))].length, 255);
    for (const name of ['\u0000\u0001\u202e', '   ', '\u200e\r\n']) {
      await refused(() => post(h.origin, 'session', { body: { ...SESSION_BODY, name } }), 400, 'invalid-name');
    }

    const imp = (url, name = 'imported') => post(h.origin, 'import', { body: { url, name } });
    for (const url of [
      'https://example.com/a\u0000.mp4',
      'https://exa\nmple.com/a.mp4',
      'https://example.com/\u202egpj.mp4',
      'ftp://example.com/a.mp4',
      'javascript:alert(1)',
      'file:///etc/passwd',
      `https://example.com/${'a'.repeat(2100)}.mp4`,
      `https://example.com/${'ü'.repeat(400)}.mp4`, // short as text, 2400+ characters once serialized
    ]) {
      await refused(() => imp(url), 400, 'invalid-url');
    }
    // (Hosts where nothing listens: the emulator's download fails at once.)
    for (const raw of ['http://127.0.0.1:1/my video (1).mp4', 'HTTP://127.0.0.1:1/a/../b/ü.mp4?x=1 2', '  http://127.0.0.1:1/trim.mp4  ', 'sftp://login:password@127.0.0.1:1/path/file.mp4']) {
      const r = await imp(raw);
      assert.equal(r.status, 200, `${raw}: ${r.text}`);
      assert.equal(emu.store.get(r.body.video.id).origin_url, new URL(raw.trim()).href, 'the serialized URL is what Gcore gets');
    }
    const cleanName = await imp('http://127.0.0.1:1/x.mp4', 'a\u0000b\u202e');
    assert.equal(emu.store.get(cleanName.body.video.id).name, 'ab');

    for (const type of ['x'.repeat(60_000), 'video/mp4\r\nX: y', 'video', 'video/mp4; codecs=<script>', `video/${'a'.repeat(260)}`]) {
      await refused(() => post(h.origin, 'session', { body: { ...SESSION_BODY, type } }), 400, 'invalid-type');
    }
    for (const type of ['video/mp4', 'video/x-matroska', 'video/mp4; codecs="avc1.42E01E"', '']) {
      assert.equal((await post(h.origin, 'session', { body: { ...SESSION_BODY, type } })).status, 200, type);
    }
    for (const size of [-1, 1.5, '10', Number.MAX_SAFE_INTEGER + 2, null]) {
      await refused(() => post(h.origin, 'session', { body: { ...SESSION_BODY, size } }), 400, 'invalid-size');
    }
    await refused(() => post(h.origin, 'session', { body: { ...SESSION_BODY, size: 2 ** 40 + 1 } }), 413, 'file-too-large');
    assert.equal((await post(h.origin, 'session', { body: { ...SESSION_BODY, size: 2 ** 40 } })).status, 200, '1 TiB is accepted');
    const capped = await mount({ maxUploadBytes: 1000 });
    await refused(() => post(capped.origin, 'session', { body: { ...SESSION_BODY, size: 1001 } }), 413, 'file-too-large');
  });

  test("7. secrets: a key quoted anywhere in Gcore's error never reaches the browser; Gcore's words and status stay in onError", async (t) => {
    const key = 'gk_live_0123456789abcdefghijklmnopqrstuvwxyz';
    let offset = 0;
    let mode = 'json';
    const fake = await listen((req, res) => {
      req.resume();
      const words = `${'e'.repeat(offset)}${key} rejected (Authorization: APIKey ${key})`;
      if (mode === 'json') res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: { name: [words] } }));
      else if (mode === 'text') res.writeHead(400, { 'Content-Type': 'text/plain' }).end(words);
      else res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: `echo: ${'z'.repeat(offset)}APIKey ${key}` }));
    });
    t.after(() => fake.close());
    const seen = [];
    const handler = createUploadHandler({ apiKey: key, baseUrl: fake.origin, secret: SECRET, authorize: ALLOW_ALL, retry: { retries: 1, minDelayMs: 1 }, onError: (e) => seen.push(e) });
    const pieces = Array.from({ length: key.length - 7 }, (_, i) => key.slice(i, i + 8));
    for (mode of ['json', 'text', 'server']) {
      for (offset of [0, 400, 470, 480, 485, 490, 495, 498, 500, 502, 505, 510, 520, 600]) {
        const r = await read(await handler(jsonPost('http://h/api/gcore/session', SESSION_BODY)));
        assert.equal(r.status, 502, `${mode}@${offset}`);
        assert.deepEqual(r.body, { error: { code: 'gcore-error', message: 'Gcore could not create the video.' } });
        const logged = seen.at(-1);
        for (const piece of pieces) {
          assert.ok(!r.text.includes(piece), `answer ${mode}@${offset}`);
          assert.ok(!logged.message.includes(piece), `onError message ${mode}@${offset}: ${logged.message.slice(-80)}`);
          assert.ok(!JSON.stringify(logged.body).includes(piece), `onError body ${mode}@${offset}`);
        }
        assert.ok(logged.message.length <= 600);
        assert.match(logged.message, /\[redacted\]|e{20}|z{20}/);
        assert.doesNotMatch(r.text, /422|400|500|rejected|echo/, "Gcore's status and words stay out of the answer");
      }
    }
    // The status route too.
    const { signStatusUrl } = await import('../../../src/server/index.ts');
    mode = 'text';
    offset = 495;
    const st = await read(await handler(new Request(`http://h${await signStatusUrl('/api/gcore', 5, SECRET)}`)));
    assert.equal(st.status, 502);
    for (const piece of pieces) assert.ok(!st.text.includes(piece));
  });

  test('8. upstream time: a hanging Gcore is answered within timeoutMs (504), retries included', async (t) => {
    const hits = [];
    const hanging = await listen((req) => {
      hits.push(req.method);
      req.resume(); // never answers
    });
    t.after(() => hanging.close());
    const seen = [];
    const handler = createUploadHandler({
      apiKey: API_KEY,
      baseUrl: hanging.origin,
      secret: SECRET,
      authorize: ALLOW_ALL,
      timeoutMs: 400,
      retry: { retries: 5, minDelayMs: 1 },
      onError: (e) => seen.push(e),
    });
    for (const request of [
      () => jsonPost('http://h/api/gcore/session', SESSION_BODY),
      () => jsonPost('http://h/api/gcore/import', { url: 'https://example.com/a.mp4', name: 'a' }),
    ]) {
      const t0 = Date.now();
      const r = await read(await handler(request()));
      const ms = Date.now() - t0;
      assert.equal(r.status, 504, r.text);
      assert.equal(r.body.error.code, 'gcore-timeout');
      assert.ok(ms >= 380 && ms < 1500, `answered after ${ms} ms`);
    }
    const { signStatusUrl } = await import('../../../src/server/index.ts');
    const t0 = Date.now();
    const st = await read(await handler(new Request(`http://h${await signStatusUrl('/api/gcore', 5, SECRET)}`)));
    assert.equal(st.status, 504);
    assert.ok(Date.now() - t0 < 1500, 'the GET and its retries share one deadline');
    assert.ok(seen.every((e) => e.timedOut === true));

    // A Gcore that answers 503 slowly, again and again: still one deadline for the whole call.
    const slow503 = await listen((req, res) => setTimeout(() => res.writeHead(503).end('busy'), 150));
    t.after(() => slow503.close());
    const client = createGcoreClient({ apiKey: 'k', baseUrl: slow503.origin, timeoutMs: 500, retry: { retries: 10, minDelayMs: 50 } });
    const t1 = Date.now();
    const err = await client.getVideo(1).catch((e) => e);
    assert.ok(Date.now() - t1 < 1200, `gave up after ${Date.now() - t1} ms`);
    assert.ok(err.status === 503 || err.timedOut, String(err));

    // A custom client that ignores the signal is cut off all the same.
    const stuck = createUploadHandler({
      client: { createVideo: () => new Promise(() => {}), getUploadSession: () => new Promise(() => {}), getVideo: () => new Promise(() => {}), deleteVideo: async () => {}, importFromUrl: () => new Promise(() => {}) },
      secret: SECRET,
      authorize: ALLOW_ALL,
      timeoutMs: 200,
      onError: () => {},
    });
    const s = await read(await stuck(jsonPost('http://h/session', SESSION_BODY)));
    assert.equal(s.status, 504);
  });

  test('every answer: JSON, Cache-Control: no-store, X-Content-Type-Options: nosniff', async () => {
    const answers = [
      await post(app.origin, 'session'),
      await post(app.origin, 'session', { cookie: false }),
      await post(app.origin, 'session', { headers: { 'Content-Type': 'text/plain' } }),
      await post(app.origin, 'session', { headers: { Origin: 'https://evil.example' } }),
      await post(app.origin, 'videos/1', { headers: { Host: 'a/b' } }),
      await rawRequest(app.origin, { method: 'GET', path: '/api/gcore/session' }),
      await rawRequest(app.origin, { method: 'GET', path: '/api/gcore/videos/1?exp=1&sig=x' }),
      await rawRequest(app.origin, { method: 'OPTIONS', path: '/api/gcore/session' }),
    ];
    for (const r of answers) {
      assert.match(r.headers['content-type'], /^application\/json/, `${r.status}`);
      assert.equal(r.headers['cache-control'], 'no-store', `${r.status}`);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', `${r.status}`);
      if (r.status >= 400) assert.ok(r.status < 500 && typeof r.body.error.code === 'string', r.text);
    }
  });

  test('10. the emulator: no CORS for foreign origins, no well-known key', async () => {
    const count = videoCount(emu);
    const foreign = await call(`${emu.apiOrigin}/streaming/videos`, {
      method: 'POST',
      body: { video: { name: 'from a foreign page' } },
      headers: { Authorization: `APIKey ${API_KEY}`, Origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(videoCount(emu), count, 'no video was created');
    const preflight = await fetch(`${emu.apiOrigin}/streaming/videos`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const demo = await fetch(`${emu.apiOrigin}/streaming/videos`, { method: 'OPTIONS', headers: { Origin: 'http://127.0.0.1:5173', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(demo.status, 204);
    assert.equal(demo.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
    const oldDefault = await call(`${emu.apiOrigin}/streaming/videos`, { method: 'POST', body: { video: { name: 'x' } }, headers: { Authorization: 'APIKey emulator-key' } });
    assert.equal(oldDefault.status, 401);
    assert.equal(videoCount(emu), count);
  });
});
