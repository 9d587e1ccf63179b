// origin_url: the emulator copies the file over HTTP with up to 3 attempts (seed 000/001); a failure leaves
// the video `empty` with `error` set.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import { test } from 'node:test';
import { call, makeClip, pollVideo, withEmulator } from './helpers.mjs';

/** A local origin: /ok.mp4 serves a clip; /broken.mp4 answers 503; every request is recorded. */
async function startOrigin(t, clip) {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push({ url: req.url, authorization: req.headers.authorization });
    if (req.url === '/ok.mp4') {
      res.writeHead(200, { 'Content-Type': 'video/mp4' });
      createReadStream(clip).pipe(res);
    } else if (req.url === '/broken.mp4') {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('busy');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return { base: `http://127.0.0.1:${server.address().port}`, hits };
}

test('origin_url: downloaded (with origin_http_headers) and processed to ready', { timeout: 60_000 }, async (t) => {
  const clip = await makeClip({ width: 320, height: 240, seconds: 2 });
  const origin = await startOrigin(t, clip);
  const emu = await withEmulator(t);
  const res = await call(emu, 'POST', '/streaming/videos', {
    body: { video: { name: 'copied', origin_url: `${origin.base}/ok.mp4`, origin_http_headers: 'Authorization: Bearer ABC' } },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body[0].status, 'empty');
  assert.equal(res.body[0].origin_url, `${origin.base}/ok.mp4`);
  assert.ok(!('origin_http_headers' in res.body[0]), 'credentials are not echoed');
  const { video } = await pollVideo(emu, res.body[0].id, (v) => v.status === 'ready' || v.error, { timeoutMs: 30_000 });
  assert.equal(video.status, 'ready', JSON.stringify(video));
  assert.equal(origin.hits.length, 1);
  assert.equal(origin.hits[0].authorization, 'Bearer ABC');
  assert.equal(video.origin_width, 320);
  assert.equal(video.origin_height, 240);
  assert.deepEqual(video.converted_videos.map((c) => [c.name, c.status]), [['vod240p', 'complete']], 'nothing above the source height');
});

test('origin_url: 3 failing attempts leave the video empty with a download error', { timeout: 60_000 }, async (t) => {
  const origin = await startOrigin(t, '/dev/null');
  const emu = await withEmulator(t, { downloadRetryDelayMs: 50 });
  const [created] = (await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'broken', origin_url: `${origin.base}/broken.mp4` } } })).body;
  const { video } = await pollVideo(emu, created.id, (v) => v.error !== null, { intervalMs: 50, timeoutMs: 10_000 });
  assert.equal(video.status, 'empty');
  assert.match(video.error, /^Download failed: .*503/);
  assert.equal(origin.hits.filter((h) => h.url === '/broken.mp4').length, 3, 'exactly three attempts');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(origin.hits.length, 3, 'no fourth attempt');
});

test('origin_url: sftp and unreachable hosts fail without crashing', { timeout: 60_000 }, async (t) => {
  const emu = await withEmulator(t, { downloadRetryDelayMs: 10 });
  const [sftp] = (await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 's', origin_url: 'sftp://login:password@domain.com/path/file.mp4' } } })).body;
  const [down] = (await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'd', origin_url: 'http://127.0.0.1:1/nothing.mp4' } } })).body;
  for (const id of [sftp.id, down.id]) {
    const { video } = await pollVideo(emu, id, (v) => v.error !== null, { intervalMs: 50, timeoutMs: 10_000 });
    assert.equal(video.status, 'empty');
    assert.match(video.error, /^Download failed: /);
  }
  assert.equal((await call(emu, 'GET', '/streaming/videos')).status, 200);
});
