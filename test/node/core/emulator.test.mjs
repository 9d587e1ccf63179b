// The core end to end against the local Gcore emulator (demo/emulator): a real clip uploaded through
// tus-js-client's Node entry, then followed through real ffmpeg processing to `ready`; and a link
// imported (Gcore downloads it), followed the same way.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../../demo/emulator/index.mjs';
import { makeClip } from '../emulator/helpers.mjs';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { record } from './helpers.mjs';

describe('core: against the emulator', { timeout: 90_000 }, async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gcore-core-emu-'));
  const apiKey = randomBytes(12).toString('hex');
  const emu = await startEmulator({ apiPort: 0, uploadPort: 0, dataDir, apiKey, quiet: !process.env.EMU_LOG });
  const clip = await readFile(await makeClip({ width: 320, height: 240, seconds: 2 }));
  // Where the imported link points: a plain file server on 127.0.0.1.
  const origin = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip));
  await new Promise((r) => origin.listen(0, '127.0.0.1', r));
  after(async () => {
    origin.closeAllConnections?.();
    await new Promise((r) => origin.close(r));
    await emu.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = async (method, pathname, body) => {
    const res = await fetch(`${emu.apiOrigin}${pathname}`, {
      method,
      headers: { Authorization: `APIKey ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const value = await res.json();
    if (!res.ok) throw Object.assign(new Error(JSON.stringify(value)), { status: res.status });
    return value;
  };
  // The app's own backend calls, made here directly: create a video, get its upload session, read its status.
  const getSession = async (file) => {
    const [video] = [].concat(await api('POST', '/streaming/videos', { video: { name: file.name } }));
    return api('GET', `/streaming/videos/${video.id}/upload`);
  };
  const getStatus = (id, signal) => api('GET', `/streaming/videos/${id}`, undefined, signal);

  test('a real clip: uploaded, processed, viewable, ready', async () => {
    const uploader = createUploader({ getSession, getStatus, pollInterval: 200, resumeStore: memoryStore() });
    const log = record(uploader, ['upload-start', 'upload-success', 'status-change', 'video-viewable', 'video-ready', 'processing-error']);
    const states = [];
    uploader.subscribe(() => {
      const s = uploader.getSnapshot().state;
      if (states.at(-1) !== s) states.push(s);
    });
    const id = uploader.add(new File([clip], 'clip.mp4', { type: 'video/mp4' }));
    const videoId = await uploader.settled(id);
    const ready = await new Promise((resolve) => uploader.on('video-ready', (d) => resolve(d.video)));
    assert.equal(ready.status, 'ready');
    assert.equal(String(ready.id), videoId);
    assert.match(ready.hls_url, /master\.m3u8$/);
    assert.deepEqual(
      log.map((e) => e.name).filter((n) => n !== 'status-change'),
      ['upload-start', 'upload-success', 'video-viewable', 'video-ready'],
    );
    assert.deepEqual(states.slice(0, 3), ['preparing', 'uploading', 'success']);
    assert.deepEqual(states.slice(-2), ['processing', 'ready']);
    assert.equal(uploader.getSnapshot().items[0].video.status, 'ready');
    await uploader.destroy();
  });

  test('a link: imported by Gcore, then followed to ready', async () => {
    // The backend's import route, as gcore-uploader/server answers it: the created video (and a status URL).
    const backend = http.createServer(async (req, res) => {
      let body = '';
      for await (const c of req) body += c;
      const { url, name } = JSON.parse(body);
      const video = await api('POST', '/streaming/videos', { video: { name, origin_url: url } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ video }));
    });
    await new Promise((r) => backend.listen(0, '127.0.0.1', r));
    after(() => new Promise((r) => (backend.closeAllConnections?.(), backend.close(r))));
    const uploader = createUploader({ importUrl: `http://127.0.0.1:${backend.address().port}/import`, getStatus, pollInterval: 200 });
    const link = `http://127.0.0.1:${origin.address().port}/take.mp4`;
    const started = new Promise((resolve) => uploader.on('import-start', resolve));
    const ready = new Promise((resolve) => uploader.on('video-ready', (d) => resolve(d.video)));
    const id = uploader.add(link);
    const videoId = await uploader.settled(id);
    const detail = await started;
    assert.equal(detail.url, link);
    assert.equal(detail.videoId, videoId);
    assert.equal((await ready).status, 'ready');
    assert.equal(uploader.getSnapshot().items[0].name, link);
    await uploader.destroy();
  });
});
