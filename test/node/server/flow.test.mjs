// The upload handler against the local Gcore emulator: session → real tus upload from Node → status
// through the signed status_url; signatures, authorize, import, Gcore's own errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUploadHandler, signStatusUrl, toNodeHandler } from '../../../src/server/index.ts';
import { ALLOW_ALL, API_KEY, FAST_RETRY, SECRET, call, countingFetch, jsonPost, listen, pollStatus, read, tinyClip, tusUpload, withEmulator } from './helpers.mjs';

const WHITELIST = ['id', 'name', 'status', 'error', 'converted_videos', 'hls_url', 'poster', 'screenshots', 'screenshot', 'duration'];

describe('gcore-uploader/server with the emulator', { timeout: 120_000 }, () => {
  let emu;
  let app; // a plain node:http server: toNodeHandler mounted under /api/gcore
  let appFetch;
  const cleanups = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
    appFetch = countingFetch();
    const handler = createUploadHandler({
      apiKey: API_KEY,
      baseUrl: emu.apiOrigin,
      secret: SECRET,
      authorize: ALLOW_ALL,
      retry: FAST_RETRY,
      fetch: appFetch,
      video: { description: 'from the test' },
    });
    const middleware = toNodeHandler(handler);
    app = await listen((req, res) => {
      if (!req.url.startsWith('/api/gcore/')) {
        res.writeHead(404).end('not mine');
        return;
      }
      middleware(req, res);
    });
    cleanups.push(() => app.close());
  });

  const session = (body = { name: 'clip.mp4', size: 100, type: 'video/mp4' }) => call(`${app.origin}/api/gcore/session`, { method: 'POST', body });

  test('session → tus upload of a non-video → status through status_url: empty + "File Invalid"', async () => {
    const s = await session({ name: 'notes.mp4', size: 2000, type: 'video/mp4' });
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.equal(s.headers.get('cache-control'), 'no-store');
    const { servers, token, video, status_url } = s.body;
    assert.ok(Array.isArray(servers) && servers[0].hostname);
    assert.equal(typeof token, 'string');
    assert.equal(video.name, 'notes.mp4');
    assert.equal(video.client_id, emu.clientId);
    assert.deepEqual(Object.keys(video).sort(), ['client_id', ...WHITELIST].filter((k) => k in video).sort());
    assert.ok(!('description' in video) && !('slug' in video), 'only the whitelisted fields');
    assert.equal(emu.store.get(video.id).description, 'from the test', 'the video option was applied');
    assert.match(status_url, new RegExp(`^/api/gcore/videos/${video.id}\\?exp=\\d+&sig=[A-Za-z0-9_-]+$`));
    assert.ok(!s.text.includes(API_KEY) && !s.text.includes(SECRET));

    const up = await tusUpload(s.body, Buffer.from('this is not a video\n'.repeat(100)), { filename: 'notes.mp4' });
    assert.ok(up.ok, String(up.error));
    const { video: done } = await pollStatus(`${app.origin}${status_url}`, (v) => v.status !== 'empty' || !!v.error);
    assert.equal(done.status, 'empty');
    assert.equal(done.error, 'File Invalid');
    assert.deepEqual(Object.keys(done).sort(), WHITELIST.filter((k) => k in done).sort());
  });

  test('session → tus upload of a real tiny mp4 → ready with renditions and hls_url', async () => {
    const s = await session({ name: 'tiny.mp4', size: 1, type: 'video/mp4' });
    assert.equal(s.status, 200);
    const up = await tusUpload(s.body, await tinyClip());
    assert.ok(up.ok, String(up.error));
    const { video, statuses } = await pollStatus(`${app.origin}${s.body.status_url}`, (v) => v.status === 'ready' || !!v.error);
    assert.equal(video.status, 'ready', `statuses ${statuses.join(' → ')}; ${JSON.stringify(video)}`);
    assert.match(video.hls_url, /master\.m3u8$/);
    assert.ok(video.converted_videos.length > 0 && video.converted_videos.every((cv) => cv.status === 'complete'));
    assert.ok(Number.isInteger(video.duration) && video.duration > 0);
  });

  test('status URLs: tampered, expired and cross-video signatures are refused (403 JSON)', async () => {
    const a = (await session({ name: 'a.mp4', size: 1, type: 'video/mp4' })).body;
    const b = (await session({ name: 'b.mp4', size: 1, type: 'video/mp4' })).body;
    const ok = await call(`${app.origin}${a.status_url}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.id, a.video.id);

    const url = new URL(a.status_url, app.origin);
    const sig = url.searchParams.get('sig');
    const exp = url.searchParams.get('exp');
    const variants = {
      crossVideo: `/api/gcore/videos/${b.video.id}?exp=${exp}&sig=${sig}`,
      tamperedSig: `/api/gcore/videos/${a.video.id}?exp=${exp}&sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      longerExp: `/api/gcore/videos/${a.video.id}?exp=${Number(exp) + 86400}&sig=${sig}`,
      noSig: `/api/gcore/videos/${a.video.id}?exp=${exp}`,
      nothing: `/api/gcore/videos/${a.video.id}`,
    };
    const before = appFetch.calls.length;
    for (const [what, path] of Object.entries(variants)) {
      const r = await call(`${app.origin}${path}`);
      assert.equal(r.status, 403, what);
      assert.equal(r.body.error.code, 'invalid-signature', what);
    }
    const expired = await signStatusUrl('/api/gcore', a.video.id, SECRET, { now: Date.now() - 25 * 3600_000 });
    const r = await call(`${app.origin}${expired}`);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'expired-signature');
    assert.equal(appFetch.calls.length, before, 'no Gcore call for a refused signature');
  });

  test('status of a deleted video → 404 video-not-found', async () => {
    const s = (await session({ name: 'gone.mp4', size: 1, type: 'video/mp4' })).body;
    await fetch(`${emu.apiOrigin}/streaming/videos/${s.video.id}`, { method: 'DELETE', headers: { Authorization: `APIKey ${API_KEY}` } });
    const r = await call(`${app.origin}${s.status_url}`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'video-not-found');
  });

  test('Fetch-style mounting: the status URL follows whatever path the handler is reached at', async () => {
    const handler = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, retry: FAST_RETRY, statusTtlSeconds: 60 });
    const res = await read(await handler(jsonPost('https://app.example/deep/mount/point/session', { name: 'f.mp4', size: 5, type: 'video/mp4' })));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const statusUrl = new URL(res.body.status_url, 'https://app.example');
    assert.equal(statusUrl.pathname, `/deep/mount/point/videos/${res.body.video.id}`);
    const exp = Number(statusUrl.searchParams.get('exp'));
    assert.ok(Math.abs(exp - (Date.now() / 1000 + 60)) < 5, 'statusTtlSeconds');
    const status = await read(await handler(new Request(statusUrl)));
    assert.equal(status.status, 200);
    assert.equal(status.body.status, 'empty');
    // The same signature works at another mount (it signs the video, not the path)…
    const elsewhere = await read(await handler(new Request(`http://other/x/videos/${res.body.video.id}${statusUrl.search}`)));
    assert.equal(elsewhere.status, 200);
    // …and an explicit mountPath wins over the request's path.
    const fixed = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, mountPath: '/public/gcore/' });
    const fixedRes = await read(await fixed(jsonPost('http://internal/rewritten/session', '{"name":"m.mp4","size":1,"type":""}')));
    assert.match(fixedRes.body.status_url, /^\/public\/gcore\/videos\/\d+\?/);
  });

  test('authorize: false, throwing or async-false → 401 before any Gcore call; truthy lets through', async () => {
    for (const authorize of [() => false, () => null, () => { throw new Error('no cookie'); }, async () => false, async () => { throw new Error('x'); }]) {
      const f = countingFetch();
      const handler = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, fetch: f, authorize });
      const count = emu.store.all().length;
      for (const route of ['session', 'import']) {
        const r = await read(await handler(jsonPost(`http://h/api/${route}`, { name: 'n.mp4', size: 1, type: 'video/mp4', url: 'https://example.com/v.mp4' })));
        assert.equal(r.status, 401);
        assert.equal(r.body.error.code, 'unauthorized');
      }
      assert.equal(f.calls.length, 0, 'Gcore was not called');
      assert.equal(emu.store.all().length, count, 'the emulator created nothing');
    }
    let seen;
    const handler = createUploadHandler({
      apiKey: API_KEY,
      baseUrl: emu.apiOrigin,
      secret: SECRET,
      authorize: async (request) => {
        seen = request.headers.get('cookie');
        return seen === 'sid=ok';
      },
      video: async (request, body) => ({ client_user_id: 77, description: `${request.headers.get('cookie')} ${body.type}` }),
    });
    const r = await read(await handler(jsonPost('http://h/api/session', '{"name":"ok.mp4","size":3,"type":"video/mp4"}', { cookie: 'sid=ok' })));
    assert.equal(r.status, 200);
    assert.equal(seen, 'sid=ok');
    const stored = emu.store.get(r.body.video.id);
    assert.equal(stored.client_user_id, 77);
    assert.equal(stored.description, 'sid=ok video/mp4');
    const denied = await read(await handler(jsonPost('http://h/api/session', '{"name":"ok.mp4","size":3,"type":"video/mp4"}', { cookie: 'sid=bad' })));
    assert.equal(denied.status, 401);
  });

  test('import: bad URLs → 400 with an explanation; a good one → video + status_url, Gcore downloads it', async (t) => {
    const origin = await listen((req, res) => {
      res.writeHead(200, { 'Content-Type': 'video/mp4' });
      res.end('not really a video\n'.repeat(50));
    });
    t.after(() => origin.close());
    const imp = (body) => call(`${app.origin}/api/gcore/import`, { method: 'POST', body });
    const before = appFetch.calls.length;
    for (const [url, pattern] of [
      ['ftp://example.com/a.mp4', /http:\/\/, https:\/\/ or sftp:\/\//],
      ['javascript:alert(1)', /http:\/\/, https:\/\/ or sftp:\/\//],
      ['file:///etc/passwd', /http:\/\/, https:\/\/ or sftp:\/\//],
      ['https://demo-files.gvideo.io/hls/master.m3u8', /HLS \(\.m3u8\) and DASH \(\.mpd\)/],
      ['https://example.com/video/manifest.MPD?token=1', /HLS \(\.m3u8\) and DASH \(\.mpd\)/],
      ['not a url', /not a valid absolute URL/],
      ['', /needs a "url"/],
      [42, /needs a "url"/],
    ]) {
      const r = await imp({ url, name: 'x' });
      assert.equal(r.status, 400, String(url));
      assert.equal(r.body.error.code, 'invalid-url');
      assert.match(r.body.error.message, pattern, String(url));
    }
    const noName = await imp({ url: 'https://example.com/a.mp4' });
    assert.equal(noName.status, 400);
    assert.equal(noName.body.error.code, 'invalid-name');
    assert.equal(appFetch.calls.length, before, 'refused before any Gcore call');

    // sftp is accepted (Gcore downloads it; the emulator may not be able to).
    const sftp = await imp({ url: 'sftp://login:password@127.0.0.1:1/path/file.mp4', name: 'sftp.mp4' });
    assert.equal(sftp.status, 200, JSON.stringify(sftp.body));

    const r = await imp({ url: `${origin.origin}/media/source.mp4`, name: 'Imported' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.video.name, 'Imported');
    assert.deepEqual(Object.keys(r.body.video).sort(), WHITELIST.filter((k) => k in r.body.video).sort());
    assert.equal(emu.store.get(r.body.video.id).origin_url, `${origin.origin}/media/source.mp4`);
    assert.match(r.body.status_url, new RegExp(`^/api/gcore/videos/${r.body.video.id}\\?exp=`));
    const { video } = await pollStatus(`${app.origin}${r.body.status_url}`, (v) => !!v.error || v.status !== 'empty');
    assert.equal(video.status, 'empty');
    assert.equal(video.error, 'File Invalid');
  });

  test("Gcore's own refusal → 502 gcore-error; Gcore's words go to onError only; a failed upload session deletes the new video", async () => {
    const seen = [];
    const handler = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, video: { priority: 99 }, onError: (e) => seen.push(e) });
    const r = await read(await handler(jsonPost('http://h/session', '{"name":"p.mp4","size":1,"type":"video/mp4"}')));
    assert.equal(r.status, 502);
    assert.deepEqual(r.body, { error: { code: 'gcore-error', message: 'Gcore could not create the video.' } });
    assert.equal(seen[0].status, 422);
    assert.match(seen[0].message, /priority must be in -10\.\.10/);

    const wrongKey = createUploadHandler({ apiKey: 'wrong-key', baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, onError: (e) => seen.push(e) });
    const w = await read(await wrongKey(jsonPost('http://h/session', '{"name":"p.mp4","size":1,"type":"video/mp4"}')));
    assert.equal(w.status, 502);
    assert.doesNotMatch(w.text, /Invalid API key|401/);
    assert.match(seen[1].message, /Invalid API key/);
    assert.ok(!w.text.includes('wrong-key'));

    const errors = [];
    const failUpload = async (input, init) => (String(input).endsWith('/upload') ? new Response('{"error":"upload service down"}', { status: 503 }) : fetch(input, init));
    const h2 = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, fetch: failUpload, retry: { retries: 1, minDelayMs: 1 }, onError: (e) => errors.push(e) });
    const count = emu.store.all().length;
    const s = await read(await h2(jsonPost('http://h/session', '{"name":"orphan.mp4","size":1,"type":"video/mp4"}')));
    assert.equal(s.status, 502);
    assert.equal(s.body.error.message, 'Gcore could not open an upload session.');
    assert.match(errors[0].message, /upload service down/);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].status, 503);
    for (let i = 0; i < 50 && emu.store.all().length !== count; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(emu.store.all().length, count, 'the video without a session was deleted');
  });
});
