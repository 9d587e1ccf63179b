// A real transcode of a tiny generated clip: pending → viewable → ready, with master.m3u8, segments,
// MP4 and screenshots served publicly with the right MIME types and CORS; webhooks on each change;
// resuming after a restart; delete removing the files.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startEmulator } from '../../../demo/emulator/index.mjs';
import { call, createSession, makeClip, pollVideo, tusUpload, withEmulator } from './helpers.mjs';

async function startWebhookReceiver(t) {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received };
}

async function get(url, headers = {}) {
  const res = await fetch(url, { headers: { Origin: 'http://localhost:5173', ...headers } });
  return { status: res.status, type: res.headers.get('content-type'), cors: res.headers.get('access-control-allow-origin'), headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

test('upload → pending → viewable → ready; HLS, MP4 and screenshots served with MIME + CORS; webhooks', { timeout: 120_000 }, async (t) => {
  const hook = await startWebhookReceiver(t);
  const emu = await withEmulator(t, { webhookUrl: hook.url, pendingDelayMs: 400, renditionDelayMs: 600 });
  const clip = await makeClip({ width: 640, height: 360, seconds: 2 });
  const session = await createSession(emu, 'real transcode');
  const up = await tusUpload(session, await readFile(clip), { chunkSize: 64 * 1024 });
  assert.equal(up.ok, true);

  const first = await pollVideo(emu, session.video.id, (v) => ['viewable', 'ready', 'error'].includes(v.status) || Boolean(v.error));
  assert.equal(first.video.status, 'viewable');
  // In `viewable` the master already exists and lists the finished rendition only.
  const early = await get(first.video.hls_url);
  assert.equal(early.status, 200);
  assert.deepEqual(early.body.toString().split('\n').filter((l) => l && !l.startsWith('#')), ['vod240p/index.m3u8']);
  assert.deepEqual(first.video.converted_videos.map((c) => c.status), ['complete', 'processing']);
  const rest = await pollVideo(emu, session.video.id, (v) => v.status === 'ready' || v.status === 'error' || Boolean(v.error));
  const video = rest.video;
  const statuses = [...first.statuses, ...rest.statuses].filter((s, i, a) => s !== a[i - 1]);
  assert.deepEqual(statuses.filter((s) => s !== 'empty'), ['pending', 'viewable', 'ready']);

  assert.equal(video.status, 'ready');
  assert.equal(video.error, null);
  assert.ok(Math.abs(video.duration - 2000) < 150, `duration ${video.duration} ms`);
  assert.ok(Number.isInteger(video.duration) && Number.isInteger(video.origin_video_duration));
  assert.equal(video.origin_width, 640);
  assert.equal(video.origin_height, 360);
  assert.equal(video.origin_audio_channels, 1);
  assert.ok(video.origin_size > 1000);
  assert.deepEqual(video.converted_videos.map((c) => c.name), ['vod240p', 'vod360p'], 'nothing above the source height');
  for (const cv of video.converted_videos) {
    assert.deepEqual(Object.keys(cv).sort(), ['error', 'height', 'id', 'mp4_url', 'name', 'progress', 'size', 'status', 'width']);
    assert.equal(cv.status, 'complete');
    assert.equal(cv.progress, 100);
    assert.ok(cv.size > 0);
    assert.ok(Number.isInteger(cv.id));
  }
  assert.deepEqual(video.converted_videos.map((c) => [c.width, c.height]), [[426, 240], [640, 360]]);

  const master = await get(video.hls_url);
  assert.equal(master.status, 200);
  assert.equal(master.type, 'application/vnd.apple.mpegurl');
  assert.equal(master.cors, '*');
  const masterText = master.body.toString();
  assert.match(masterText, /^#EXTM3U/);
  const variants = masterText.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(variants, ['vod240p/index.m3u8', 'vod360p/index.m3u8']);
  assert.match(masterText, /RESOLUTION=640x360/);

  const media = await get(new URL(variants[0], video.hls_url).href);
  assert.equal(media.type, 'application/vnd.apple.mpegurl');
  assert.equal(media.cors, '*');
  assert.match(media.body.toString(), /#EXT-X-PLAYLIST-TYPE:VOD[\s\S]*#EXT-X-ENDLIST/);
  const segments = media.body.toString().split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(segments.length >= 1);
  const seg = await get(new URL(segments[0], new URL(variants[0], video.hls_url)).href);
  assert.equal(seg.status, 200);
  assert.equal(seg.type, 'video/mp2t');
  assert.equal(seg.cors, '*');
  assert.equal(seg.body[0], 0x47, 'an MPEG-TS sync byte');

  const mp4 = await get(video.converted_videos[0].mp4_url, { Range: 'bytes=0-99' });
  assert.equal(mp4.status, 206);
  assert.equal(mp4.type, 'video/mp4');
  assert.equal(mp4.cors, '*');
  assert.equal(mp4.body.length, 100);
  assert.equal(mp4.body.subarray(4, 8).toString(), 'ftyp');

  assert.ok(video.screenshots.length >= 1);
  for (const url of [video.screenshot, video.poster, video.poster_thumb, ...video.screenshots]) {
    const img = await get(url);
    assert.equal(img.status, 200, url);
    assert.equal(img.type, 'image/jpeg');
    assert.equal(img.cors, '*');
    assert.deepEqual([...img.body.subarray(0, 2)], [0xff, 0xd8]);
  }
  const pre = await fetch(video.hls_url, { method: 'OPTIONS', headers: { Origin: 'http://x', 'Access-Control-Request-Method': 'GET' } });
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.equal((await get(video.hls_url.replace('master.m3u8', '../../store.json'))).status, 404, 'no escaping the media dir');

  // Webhooks: one per status change, in order, with Gcore's shape (seed 003).
  await emu.webhooks.idle();
  assert.deepEqual(hook.received.map((h) => h.message.video.status), ['pending', 'viewable', 'ready']);
  for (const h of hook.received) {
    assert.equal(h.type, 'video');
    for (const f of ['id', 'slug', 'name', 'duration', 'status', 'converted_videos']) assert.ok(f in h.message.video, f);
    assert.equal(h.message.video.id, session.video.id);
  }
  const viewable = hook.received[1].message.video;
  assert.deepEqual(viewable.converted_videos.map((c) => c.status), ['complete', 'processing']);

  // A second upload for a video that already has its file is refused at creation.
  const again = (await call(emu, 'GET', `/streaming/videos/${session.video.id}/upload`)).body;
  const refused = await tusUpload(again, Buffer.from('more'));
  assert.equal(refused.ok, false);
  assert.equal(refused.status, 405);

  // Delete removes the media.
  const dir = path.join(emu.dataDir, 'media', `${emu.clientId}_${video.slug}`);
  assert.ok(existsSync(path.join(dir, 'master.m3u8')));
  assert.equal((await call(emu, 'DELETE', `/streaming/videos/${video.id}`)).status, 204);
  assert.equal(existsSync(dir), false);
  assert.equal((await get(video.hls_url)).status, 404);
});

test('a video left viewable mid-transcode resumes after a restart and reaches ready', { timeout: 120_000 }, async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-test-'));
  const running = [];
  // One hook, in order: close every emulator (close waits for their store writes), then remove the folder.
  t.after(async () => {
    for (const e of running.reverse()) await e.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });
  const start = (options = {}) =>
    startEmulator({ apiPort: 0, uploadPort: 0, quiet: !process.env.EMU_LOG, dataDir, apiKey: 'test-key', ...options }).then((e) => (running.push(e), e));
  const emu = await start({ renditionDelayMs: 60_000 });
  const clip = await makeClip({ width: 640, height: 360, seconds: 2 });
  const session = await createSession(emu, 'resume me');
  assert.equal((await tusUpload(session, await readFile(clip))).ok, true);
  const first = await pollVideo(emu, session.video.id, (v) => v.status === 'viewable', { intervalMs: 100 });
  const done240 = first.video.converted_videos[0];
  await emu.close();

  const again = await start();
  const { video } = await pollVideo(again, session.video.id, (v) => v.status === 'ready' || v.status === 'error');
  assert.equal(video.status, 'ready');
  assert.deepEqual(video.converted_videos[0], { ...done240, mp4_url: done240.mp4_url.replace(emu.apiOrigin, again.apiOrigin) }, 'the finished rendition is kept');
  assert.equal(video.converted_videos[1].status, 'complete');
  const master = await get(video.hls_url);
  assert.equal(master.body.toString().split('\n').filter((l) => l && !l.startsWith('#')).length, 2);
});

test('close() waits for the store writes in flight and stops writing: the data folder can go at once', { timeout: 30_000 }, async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-test-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const emu = await startEmulator({ apiPort: 0, uploadPort: 0, quiet: true, dataDir, apiKey: 'test-key' });
  // Changes right before close, and one after it (work winding down).
  for (let i = 0; i < 20; i++) await call(emu, 'POST', '/streaming/videos', { body: { video: { name: `v${i}` } } });
  await emu.close();
  emu.store.touch();
  emu.store.insert({ id: 1, name: 'late' });
  await rm(dataDir, { recursive: true });
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(existsSync(dataDir), false, 'nothing wrote into the folder after close');
});
