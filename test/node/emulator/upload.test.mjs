// TUS uploads from Node through tus-js-client against the emulator: Gcore's token checks (seed 001,
// HTTP 500 texts verbatim) and what happens to a file that is not a video.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { call, createSession, makeTextFile, pollVideo, tusUpload, withEmulator } from './helpers.mjs';

test('token checks answer HTTP 500 with Gcore\'s texts', { timeout: 60_000 }, async (t) => {
  const emu = await withEmulator(t);
  const a = await createSession(emu, 'a');
  const b = await createSession(emu, 'b');
  const data = Buffer.from('x'.repeat(1000));

  const forged = await tusUpload(a, data, { metadata: { token: 'eyJhbGciOiJIUzI1NiJ9.forged.token' } });
  assert.equal(forged.ok, false);
  assert.equal(forged.status, 500);
  assert.equal(forged.body, 'token invalid (eyJhbGciOi...)');

  const missing = await tusUpload(a, data, { metadata: { token: '' } });
  assert.equal(missing.status, 500);
  assert.equal(missing.body, 'token invalid (null)');

  const otherVideo = await tusUpload(a, data, { metadata: { video_id: String(b.video.id) } });
  assert.equal(otherVideo.status, 500);
  assert.equal(otherVideo.body, `token video (${a.video.id}) does not match this video (${b.video.id})`);

  const otherClient = await tusUpload(a, data, { metadata: { client_id: '234' } });
  assert.equal(otherClient.status, 500);
  assert.equal(otherClient.body, `token client (${emu.clientId}) does not match this client (234)`);

  assert.equal(emu.uploadServer.stats.created.length, 0, 'no upload was created');
  assert.equal((await call(emu, 'GET', `/streaming/videos/${a.video.id}`)).body.status, 'empty');
});

test('a file that is not a video leaves the video empty with error "File Invalid"; it may be uploaded again', { timeout: 60_000 }, async (t) => {
  const emu = await withEmulator(t);
  const session = await createSession(emu, 'notes');
  const text = await readFile(await makeTextFile());
  const up = await tusUpload(session, text, { filename: 'notes.txt', filetype: 'text/plain' });
  assert.equal(up.ok, true);
  const { video } = await pollVideo(emu, session.video.id, (v) => v.error !== null, { timeoutMs: 10_000 });
  assert.equal(video.status, 'empty');
  assert.equal(video.error, 'File Invalid');
  assert.deepEqual(video.converted_videos, []);

  // Seed 001: re-upload, or delete and create anew. The emulator is still serving and accepts another upload.
  const again = await call(emu, 'GET', `/streaming/videos/${session.video.id}/upload`);
  const second = await tusUpload(again.body, text.subarray(0, 10));
  assert.equal(second.ok, true);
  assert.equal((await call(emu, 'GET', '/streaming/videos')).status, 200);
});

test('an upload for a deleted video is refused at creation', { timeout: 60_000 }, async (t) => {
  const emu = await withEmulator(t);
  const session = await createSession(emu, 'gone');
  assert.equal((await call(emu, 'DELETE', `/streaming/videos/${session.video.id}`)).status, 204);
  const up = await tusUpload(session, Buffer.from('abc'));
  assert.equal(up.ok, false);
  assert.equal(up.status, 404);
});
