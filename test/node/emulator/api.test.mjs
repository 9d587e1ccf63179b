// The emulator's API contract: field names, shapes and errors from Gcore's spec and seeds 001/002/004.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { verifyUploadToken } from '../../../demo/emulator/token.mjs';
import { startEmulator } from '../../../demo/emulator/index.mjs';
import { call, withEmulator } from './helpers.mjs';

// The fields of the create answer in seed 004 (videoDetails).
const SEED_004_FIELDS = [
  'id', 'name', 'description', 'client_id', 'duration', 'slug', 'status', 'origin_size', 'origin_video_duration',
  'origin_audio_channels', 'origin_height', 'origin_width', 'created_at', 'updated_at', 'clip_start_seconds',
  'clip_duration_seconds', 'hls_url', 'hls_cmaf_url', 'dash_url', 'iframe_url', 'poster', 'poster_thumb', 'screenshot',
  'screenshots', 'screenshot_id', 'views', 'cdn_views', 'projection', 'sprite', 'sprite_vtt', 'converted_videos',
];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

test('auth: Authorization: APIKey and APIKey: headers work; missing or wrong key is a JSON 401', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t);
  assert.equal((await call(emu, 'GET', '/streaming/videos')).status, 200);
  const other = await call(emu, 'GET', '/streaming/videos', { key: null, headers: { APIKey: emu.apiKey } });
  assert.equal(other.status, 200);
  for (const attempt of [
    { key: null },
    { key: 'wrong' },
    { key: null, headers: { APIKey: 'wrong' } },
    { key: null, headers: { Authorization: `Bearer ${emu.apiKey}` } },
  ]) {
    const res = await call(emu, 'POST', '/streaming/videos', { ...attempt, body: { video: { name: 'x' } } });
    assert.equal(res.status, 401, JSON.stringify(attempt));
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.equal(typeof res.body.error, 'string');
  }
  assert.equal(emu.store.all().length, 0, 'nothing was created without a key');
});

test('POST /streaming/videos answers an array of one videoDetails in status empty', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t);
  const res = await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'Gcore Demo', description: 'Uploaded via TUS session', directory_id: 800, client_user_id: 10 } } });
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(res.body), 'the spec and seed 004 answer an array');
  assert.equal(res.body.length, 1);
  const v = res.body[0];
  for (const f of SEED_004_FIELDS) assert.ok(f in v, `field ${f}`);
  assert.ok('error' in v && 'origin_url' in v);
  assert.ok(Number.isInteger(v.id));
  assert.equal(v.name, 'Gcore Demo');
  assert.equal(v.description, 'Uploaded via TUS session');
  assert.equal(v.client_id, emu.clientId);
  assert.equal(v.status, 'empty');
  assert.equal(v.duration, null);
  assert.equal(v.directory_id, 800);
  assert.equal(v.client_user_id, 10);
  assert.match(v.slug, /^[A-Za-z0-9]{16}$/);
  assert.match(v.created_at, ISO);
  assert.match(v.updated_at, ISO);
  assert.deepEqual(v.converted_videos, []);
  assert.deepEqual(v.screenshots, []);
  assert.equal(v.hls_url, `${emu.apiOrigin}/videos/${emu.clientId}_${v.slug}/master.m3u8`);
  assert.ok(!Object.keys(v).some((k) => k.startsWith('_')), 'no internal fields leak');

  const got = await call(emu, 'GET', `/streaming/videos/${v.id}`);
  assert.equal(got.status, 200);
  assert.ok(!Array.isArray(got.body));
  assert.deepEqual(got.body, v);
  // The seed's curl uses a trailing slash.
  const slash = await call(emu, 'POST', '/streaming/videos/', { body: { video: { name: 'slash' } } });
  assert.equal(slash.status, 200);
});

test('create without a name is 422 {"errors":{"name":["can\'t be blank"]}}', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t);
  for (const body of [{ video: {} }, { video: { name: '' } }, { video: { name: '   ' } }, {}, { name: 'not wrapped' }, []]) {
    const res = await call(emu, 'POST', '/streaming/videos', { body });
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual(res.body, { errors: { name: ["can't be blank"] } });
  }
});

test('GET /streaming/videos/{id}/upload: servers, token (4 h, this video and client), video', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t);
  const [v] = (await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'up' } } })).body;
  const res = await call(emu, 'GET', `/streaming/videos/${v.id}/upload`);
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body).sort(), ['servers', 'token', 'video']);
  assert.equal(res.body.servers.length, 1);
  const [server] = res.body.servers;
  assert.deepEqual(Object.keys(server).sort(), ['active', 'hostname', 'id', 'role', 'ssl']);
  assert.equal(server.role, 'upload');
  assert.equal(server.active, true);
  assert.equal(server.ssl, false);
  assert.equal(server.hostname, emu.uploadServer.hostname);
  assert.match(server.hostname, /^127\.0\.0\.1:\d+$/);
  assert.equal(res.body.video.id, v.id);
  assert.equal(res.body.video.client_id, emu.clientId);
  const claims = verifyUploadToken(res.body.token, emu.store.tokenSecret);
  assert.ok(claims, 'token verifies');
  assert.equal(claims.video_id, v.id);
  assert.equal(claims.client_id, emu.clientId);
  const ttl = claims.exp - Date.now() / 1000;
  assert.ok(ttl > 4 * 3600 - 60 && ttl <= 4 * 3600 + 1, `ttl ${ttl}`);
});

test('bad requests answer JSON errors and never take the emulator down', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t);
  const bad = await call(emu, 'POST', '/streaming/videos', { raw: '{"video": {"name": ' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /JSON/);
  const badBatch = await call(emu, 'POST', '/streaming/videos/batch', { raw: 'nope' });
  assert.equal(badBatch.status, 400);
  for (const p of ['/streaming/videos/999999', '/streaming/videos/abc', '/streaming/videos/999999/upload', '/streaming/nothing', '/streaming/videos/1/2/3']) {
    const res = await call(emu, 'GET', p);
    assert.equal(res.status, 404, p);
    assert.equal(typeof res.body.error, 'string', p);
  }
  assert.equal((await call(emu, 'DELETE', '/streaming/videos/999999')).status, 404);
  assert.equal((await call(emu, 'GET', '/nowhere', { key: null })).status, 404);
  assert.equal((await call(emu, 'PUT', '/streaming/videos')).status, 405);
  const ok = await call(emu, 'GET', '/streaming/videos');
  assert.equal(ok.status, 200, 'still serving');
});

test('list: page, per_page, status, search, fields; delete answers 204', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t);
  const ids = [];
  for (const name of ['alpha one', 'beta two', 'gamma three', 'alpha four']) {
    ids.push((await call(emu, 'POST', '/streaming/videos', { body: { video: { name } } })).body[0].id);
  }
  const all = await call(emu, 'GET', '/streaming/videos');
  assert.equal(all.body.length, 4);
  assert.equal(all.headers.get('x-total-count'), '4');
  assert.ok(!('iframe_url' in all.body[0]), 'list items are videoListItem');
  const p1 = await call(emu, 'GET', '/streaming/videos?page=1&per_page=3');
  const p2 = await call(emu, 'GET', '/streaming/videos?page=2&per_page=3');
  assert.equal(p1.body.length, 3);
  assert.equal(p2.body.length, 1);
  assert.equal(new Set([...p1.body, ...p2.body].map((v) => v.id)).size, 4);
  assert.deepEqual((await call(emu, 'GET', '/streaming/videos?search=alpha')).body.map((v) => v.name).sort(), ['alpha four', 'alpha one']);
  assert.deepEqual((await call(emu, 'GET', `/streaming/videos?search=${ids[1]}`)).body.map((v) => v.id), [ids[1]]);
  assert.equal((await call(emu, 'GET', '/streaming/videos?status=empty')).body.length, 4);
  assert.equal((await call(emu, 'GET', '/streaming/videos?status=ready')).body.length, 0);
  assert.deepEqual(Object.keys((await call(emu, 'GET', '/streaming/videos?fields=id,name,status')).body[0]).sort(), ['id', 'name', 'status']);

  const del = await call(emu, 'DELETE', `/streaming/videos/${ids[0]}`);
  assert.equal(del.status, 204);
  assert.equal((await call(emu, 'GET', `/streaming/videos/${ids[0]}`)).status, 404);
  assert.equal((await call(emu, 'GET', '/streaming/videos')).body.length, 3);

  const patched = await call(emu, 'PATCH', `/streaming/videos/${ids[1]}`, { body: { name: 'renamed', description: 'd' } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.name, 'renamed');
  assert.equal((await call(emu, 'PATCH', `/streaming/videos/${ids[1]}`, { body: { name: '' } })).status, 422);
});

test('batch: up to 500 videos with subtitles; 501 is 400 {status, error}', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t);
  const many = Array.from({ length: 501 }, (_, i) => ({ name: `v${i}` }));
  const tooMany = await call(emu, 'POST', '/streaming/videos/batch', { body: { videos: many } });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.status, 400);
  assert.equal(typeof tooMany.body.error, 'string');
  assert.equal(emu.store.all().length, 0, 'nothing created');

  assert.equal((await call(emu, 'POST', '/streaming/videos/batch', { body: { videos: 'x' } })).status, 400);
  const noName = await call(emu, 'POST', '/streaming/videos/batch', { body: { videos: [{ name: 'ok' }, { description: 'no name' }] } });
  assert.equal(noName.status, 422);
  assert.deepEqual(noName.body, { errors: { name: ["can't be blank"] } });
  assert.equal(emu.store.all().length, 0, 'all or nothing');

  const vtt = 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHello';
  const res = await call(emu, 'POST', '/streaming/videos/batch', {
    body: { videos: [{ name: 'one', subtitles: [{ name: 'English', language: 'eng', vtt }] }, { name: 'two' }] },
  });
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(res.body));
  assert.deepEqual(res.body.map((v) => v.name), ['one', 'two']);
  for (const v of res.body) for (const f of SEED_004_FIELDS) assert.ok(f in v, f);
  const subs = await call(emu, 'GET', `/streaming/videos/${res.body[0].id}/subtitles`);
  assert.equal(subs.body.length, 1);
  assert.equal(subs.body[0].language, 'eng');
  assert.equal(subs.body[0].vtt, vtt);

  const exactly500 = await call(emu, 'POST', '/streaming/videos/batch', { body: { videos: many.slice(0, 500) } });
  assert.equal(exactly500.status, 200);
  assert.equal(exactly500.body.length, 500);
});

test('the store survives a restart on the same data dir', { timeout: 30_000 }, async (t) => {
  const emu = await withEmulator(t, { keepDataDir: true });
  const [v] = (await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'kept' } } })).body;
  const token = (await call(emu, 'GET', `/streaming/videos/${v.id}/upload`)).body.token;
  await emu.close();
  const again = await startEmulator({ apiPort: 0, uploadPort: 0, quiet: true, dataDir: emu.dataDir, apiKey: 'test-key' });
  t.after(() => again.close());
  t.after(() => rm(emu.dataDir, { recursive: true, force: true }));
  const got = await call(again, 'GET', `/streaming/videos/${v.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.slug, v.slug);
  assert.ok(verifyUploadToken(token, again.store.tokenSecret), 'tokens issued before the restart stay valid');
  const [next] = (await call(again, 'POST', '/streaming/videos', { body: { video: { name: 'next' } } })).body;
  assert.ok(next.id > v.id);
});
