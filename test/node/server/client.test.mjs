// createGcoreClient against small local servers that play Gcore's contract: batch splitting, retries,
// both answer shapes of POST /streaming/videos, errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGcoreClient, GcoreApiError, gcoreErrorText } from '../../../src/server/index.ts';
import { FAST_RETRY, listen, readJson } from './helpers.mjs';

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

test('importBatch sends at most 500 videos a call and concatenates the answers (1201 → 3 calls)', { timeout: 30_000 }, async (t) => {
  const calls = [];
  let nextId = 1;
  const gcore = await listen(async (req, res) => {
    const body = await readJson(req);
    calls.push({ method: req.method, url: req.url, auth: req.headers.authorization, count: body.videos.length });
    if (body.videos.length > 500) return json(res, 400, { status: 400, error: 'Batch max size = 500 videos' });
    json(res, 200, body.videos.map((v) => ({ id: nextId++, name: v.name, status: 'empty' })));
  });
  t.after(() => gcore.close());
  const client = createGcoreClient({ apiKey: 'k1', baseUrl: `${gcore.origin}/`, retry: FAST_RETRY });
  const videos = Array.from({ length: 1201 }, (_, i) => ({ name: `v${i}`, origin_url: `https://example.com/${i}.mp4` }));
  const created = await client.importBatch(videos);
  assert.deepEqual(
    calls.map((c) => c.count),
    [500, 500, 201],
  );
  assert.ok(calls.every((c) => c.method === 'POST' && c.url === '/streaming/videos/batch' && c.auth === 'APIKey k1'));
  assert.equal(created.length, 1201);
  assert.deepEqual(
    created.map((v) => v.name),
    videos.map((v) => v.name),
  );
  assert.deepEqual(await client.importBatch([]), [], 'nothing to send, no call');
  assert.equal(calls.length, 3);
});

test('a failing batch call throws GcoreApiError carrying the videos created before it', { timeout: 30_000 }, async (t) => {
  let n = 0;
  const gcore = await listen(async (req, res) => {
    const body = await readJson(req);
    if (++n === 2) return json(res, 422, { errors: { name: ["can't be blank"] } });
    json(res, 200, body.videos.map((v, i) => ({ id: n * 1000 + i, name: v.name })));
  });
  t.after(() => gcore.close());
  const client = createGcoreClient({ apiKey: 'k', baseUrl: gcore.origin, retry: FAST_RETRY });
  const err = await client.importBatch(Array.from({ length: 700 }, (_, i) => ({ name: `v${i}` }))).catch((e) => e);
  assert.ok(err instanceof GcoreApiError);
  assert.equal(err.status, 422);
  assert.deepEqual(err.body, { errors: { name: ["can't be blank"] } });
  assert.match(err.message, /422.*name can't be blank/);
  assert.equal(err.created.length, 500);
});

test('429 is retried with backoff (twice 429, then success), for POST too', { timeout: 30_000 }, async (t) => {
  const seen = [];
  const gcore = await listen(async (req, res) => {
    const body = await readJson(req);
    seen.push(body);
    if (seen.length <= 2) return json(res, 429, { error: 'Too many requests' });
    json(res, 200, [{ id: 9, name: body.video.name }]);
  });
  t.after(() => gcore.close());
  const client = createGcoreClient({ apiKey: 'k', baseUrl: gcore.origin, retry: FAST_RETRY });
  const video = await client.createVideo({ name: 'hello' });
  assert.deepEqual(video, { id: 9, name: 'hello' });
  assert.equal(seen.length, 3);
  assert.deepEqual(seen[2], { video: { name: 'hello' } });
});

test('Retry-After is honoured; one longer than maxDelayMs is not waited for', { timeout: 30_000 }, async (t) => {
  let n = 0;
  let retryAfter = '1';
  const gcore = await listen((req, res) => {
    n++;
    if (n === 1) return json(res, 429, { error: 'slow down' }, { 'Retry-After': retryAfter });
    json(res, 200, { id: 5, name: 'x', status: 'ready' });
  });
  t.after(() => gcore.close());
  const client = createGcoreClient({ apiKey: 'k', baseUrl: gcore.origin, retry: FAST_RETRY });
  const started = Date.now();
  assert.equal((await client.getVideo(5)).status, 'ready');
  assert.ok(Date.now() - started >= 950, `waited ${Date.now() - started} ms`);
  assert.equal(n, 2);

  n = 0;
  retryAfter = '120';
  const err = await client.getVideo(5).catch((e) => e);
  assert.ok(err instanceof GcoreApiError);
  assert.equal(err.status, 429);
  assert.equal(err.body.error, 'slow down');
  assert.equal(n, 1, 'no retry when Gcore asks for a longer wait than maxDelayMs');
});

test('5xx and network errors are retried on GET only; retries give up after a few attempts', { timeout: 30_000 }, async (t) => {
  let gets = 0;
  let posts = 0;
  const gcore = await listen(async (req, res) => {
    if (req.method === 'POST') {
      posts++;
      await readJson(req);
      return json(res, 503, { error: 'maintenance' });
    }
    gets++;
    if (req.url === '/streaming/videos/1' && gets === 1) return req.socket.destroy(); // network error
    if (req.url === '/streaming/videos/1' && gets === 2) return json(res, 500, { error: 'oops' });
    if (req.url === '/streaming/videos/1') return json(res, 200, { id: 1, name: 'one' });
    json(res, 502, { error: 'bad gateway' });
  });
  t.after(() => gcore.close());
  const client = createGcoreClient({ apiKey: 'k', baseUrl: gcore.origin, retry: FAST_RETRY });
  assert.deepEqual(await client.getVideo(1), { id: 1, name: 'one' });
  assert.equal(gets, 3);

  const postErr = await client.createVideo({ name: 'x' }).catch((e) => e);
  assert.equal(postErr.status, 503);
  assert.equal(posts, 1, 'a POST that reached Gcore is not repeated on 5xx');

  gets = 10;
  const getErr = await client.getVideo(2).catch((e) => e);
  assert.equal(getErr.status, 502);
  assert.equal(gets, 14, '1 + 3 retries');
});

test('Gcore unreachable → GcoreApiError with status 0', { timeout: 30_000 }, async () => {
  const gcore = await listen(() => {});
  const origin = gcore.origin;
  await gcore.close();
  const client = createGcoreClient({ apiKey: 'k', baseUrl: origin, retry: { retries: 1, minDelayMs: 1 } });
  const err = await client.getVideo(1).catch((e) => e);
  assert.ok(err instanceof GcoreApiError);
  assert.equal(err.status, 0);
  assert.match(err.message, /could not be reached/);
});

test('createVideo reads an array (spec) or a bare object (tutorial); the other calls use the right paths', { timeout: 30_000 }, async (t) => {
  const calls = [];
  const gcore = await listen(async (req, res) => {
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    calls.push({ method: req.method, url: req.url, body, auth: req.headers.authorization, type: req.headers['content-type'] });
    if (req.method === 'POST' && body.video.name === 'bare') return json(res, 200, { id: 2, name: 'bare' });
    if (req.method === 'POST' && body.video.name === 'none') return json(res, 200, []);
    if (req.method === 'POST') return json(res, 200, [{ id: 1, name: body.video.name, origin_url: body.video.origin_url }]);
    if (req.method === 'DELETE') return json(res, 204);
    if (req.url.endsWith('/upload')) return json(res, 200, { servers: [{ hostname: 'u.example', active: true }], token: 't', video: { id: 3, client_id: 7 } });
    if (req.url === '/streaming/videos/4') return json(res, 404, { error: 'Video not found' });
    if (req.url === '/streaming/videos/5') return json(res, 200, { servers: [] });
    json(res, 500, 'nope');
  });
  t.after(() => gcore.close());
  const client = createGcoreClient({ apiKey: 'secret-key', baseUrl: gcore.origin, retry: FAST_RETRY });
  assert.deepEqual(await client.createVideo({ name: 'arr' }), { id: 1, name: 'arr' });
  assert.deepEqual(await client.createVideo({ name: 'bare' }), { id: 2, name: 'bare' });
  await assert.rejects(client.createVideo({ name: 'none' }), GcoreApiError);
  assert.equal((await client.getUploadSession(3)).token, 't');
  assert.equal(await client.deleteVideo('3'), undefined);
  const imported = await client.importFromUrl({ name: 'imp', origin_url: 'https://example.com/a.mp4', origin_http_headers: 'Authorization: Bearer x' });
  assert.equal(imported.origin_url, 'https://example.com/a.mp4');
  const notFound = await client.getVideo(4).catch((e) => e);
  assert.equal(notFound.status, 404);
  assert.equal(notFound.message, 'Gcore answered HTTP 404 to GET /streaming/videos/4: Video not found');
  await assert.rejects(client.getVideo('1/../../x'), TypeError, 'ids are checked before any call');
  await assert.rejects(client.importFromUrl({ name: 'no url' }), TypeError);

  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.url}`),
    [
      'POST /streaming/videos',
      'POST /streaming/videos',
      'POST /streaming/videos',
      'GET /streaming/videos/3/upload',
      'DELETE /streaming/videos/3',
      'POST /streaming/videos',
      'GET /streaming/videos/4',
    ],
  );
  assert.ok(calls.every((c) => c.auth === 'APIKey secret-key'));
  assert.deepEqual(calls[5].body, { video: { name: 'imp', origin_url: 'https://example.com/a.mp4', origin_http_headers: 'Authorization: Bearer x' } });
  assert.equal(calls[0].type, 'application/json');
});

test('createGcoreClient needs an API key', { timeout: 30_000 }, () => {
  assert.throws(() => createGcoreClient({}), TypeError);
  assert.throws(() => createGcoreClient({ apiKey: '  ' }), TypeError);
});

test('timeoutMs is one deadline for the whole call, retries and waits included; a per-call signal ends it too', { timeout: 30_000 }, async (t) => {
  let hits = 0;
  const gcore = await listen((req, res) => {
    hits++;
    req.resume();
    setTimeout(() => json(res, 503, { error: 'busy' }), 120);
  });
  t.after(() => gcore.close());
  const client = createGcoreClient({ apiKey: 'k', baseUrl: gcore.origin, timeoutMs: 400, retry: { retries: 20, minDelayMs: 30, maxDelayMs: 2000 } });
  const t0 = Date.now();
  const err = await client.getVideo(1).catch((e) => e);
  const ms = Date.now() - t0;
  assert.ok(err instanceof GcoreApiError);
  assert.ok(ms < 900, `gave up after ${ms} ms`);
  assert.ok(hits >= 2 && hits <= 4, `${hits} attempts`);

  const hanging = await listen((req) => req.resume());
  t.after(() => hanging.close());
  const slow = createGcoreClient({ apiKey: 'k', baseUrl: hanging.origin, timeoutMs: 60_000 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const t1 = Date.now();
  const aborted = await slow.getVideo(1, { signal: controller.signal }).catch((e) => e);
  assert.ok(Date.now() - t1 < 1000);
  assert.equal(aborted.status, 0);
  assert.equal(aborted.timedOut, true);
  const timed = await createGcoreClient({ apiKey: 'k', baseUrl: hanging.origin, timeoutMs: 150, retry: { retries: 0 } }).createVideo({ name: 'x' }).catch((e) => e);
  assert.equal(timed.timedOut, true);
  assert.match(timed.message, /did not answer in time/);
});

test("the API key and credential headers are redacted from Gcore's answer before its text is cut", { timeout: 30_000 }, async (t) => {
  const key = 'sk_9f8e7d6c5b4a3210fedcba9876543210';
  const gcore = await listen((req, res) => {
    req.resume();
    json(res, 400, { error: `${'x'.repeat(490)}${key}`, detail: { echo: `Authorization: APIKey ${key}`, other: 'APIKey: abcdef123456' } });
  });
  t.after(() => gcore.close());
  const err = await createGcoreClient({ apiKey: key, baseUrl: gcore.origin }).createVideo({ name: 'x' }).catch((e) => e);
  for (let i = 0; i + 6 <= key.length; i++) {
    const piece = key.slice(i, i + 6);
    assert.ok(!err.message.includes(piece), `message holds ${piece}`);
    assert.ok(!JSON.stringify(err.body).includes(piece), `body holds ${piece}`);
  }
  assert.ok(!JSON.stringify(err.body).includes('abcdef123456'), 'any APIKey value');
  assert.match(err.message, /x{100}\[redac/);
  assert.equal(gcoreErrorText({ error: `${'y'.repeat(497)}Bearer ${key}` }).includes(key.slice(0, 6)), false);
});
