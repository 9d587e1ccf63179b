// The plain modules, without a browser: Gcore's answers to codes, sessions, and the file check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeForUploadResponse, isRetryableUploadResponse, GcoreUploaderError } from '../../../src/errors.ts';
import { parseSession, uploadEndpoints } from '../../../src/session.ts';
import { checkFile, DEFAULT_ACCEPT } from '../../../src/file-check.ts';

test("Gcore's TUS answers map to stable codes (seed 001)", () => {
  assert.equal(codeForUploadResponse(500, 'token invalid (null)'), 'token-invalid');
  assert.equal(codeForUploadResponse(500, 'Error: token invalid (eyJhbGciOi...)'), 'token-invalid');
  assert.equal(codeForUploadResponse(500, 'token video (12345) does not match this video (23456)'), 'token-video-mismatch');
  assert.equal(codeForUploadResponse(500, 'token client (123) does not match this client (234)'), 'token-client-mismatch');
  assert.equal(codeForUploadResponse(405, ''), 'method-not-allowed');
  assert.equal(codeForUploadResponse(429, 'slow down'), 'rate-limited');
  assert.equal(codeForUploadResponse(0), 'network');
  assert.equal(codeForUploadResponse(502, 'bad gateway'), 'server-error');
});

test('only what may pass on a second try is retried', () => {
  assert.equal(isRetryableUploadResponse(429), true);
  assert.equal(isRetryableUploadResponse(0), true);
  assert.equal(isRetryableUploadResponse(503), true);
  assert.equal(isRetryableUploadResponse(500, 'token invalid (null)'), false);
  assert.equal(isRetryableUploadResponse(405), false);
  assert.equal(isRetryableUploadResponse(404), false);
  assert.equal(new GcoreUploaderError('token-invalid').retryable, false);
  assert.equal(new GcoreUploaderError('rate-limited').retryable, true);
});

const good = {
  servers: [
    { id: 1, role: 'upload', hostname: 'down.example', active: false, ssl: true },
    { id: 2, role: 'upload', hostname: 'vod-uploader-ed-2.gvideo.co', active: true, ssl: true },
    { id: 3, role: 'upload', hostname: '127.0.0.1:8081', active: true, ssl: false },
  ],
  token: 'eyJhbGciOi',
  video: { id: 2501637, client_id: 2675, name: 'Gcore Demo', status: 'empty' },
};

test('a session is read from an object or JSON, and its usable servers become endpoints in order', () => {
  assert.deepEqual(uploadEndpoints(parseSession(good)), ['https://vod-uploader-ed-2.gvideo.co/upload/', 'http://127.0.0.1:8081/upload/']);
  assert.equal(parseSession(JSON.stringify(good)).video.id, 2501637);
});

test('a malformed session is invalid-session, with what is wrong said', () => {
  const cases = [
    ['{not json', /not JSON/],
    [[], /expected an object/],
    [{ ...good, token: '' }, /no token/],
    [{ ...good, video: undefined }, /no video/],
    [{ ...good, video: { client_id: 1 } }, /no id/],
    [{ ...good, video: { id: 1 } }, /no client_id/],
    [{ ...good, servers: [{ ...good.servers[0] }] }, /no active upload server/],
    [{ ...good, servers: [{ hostname: 'x', role: 'player', active: true }] }, /no active upload server/],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => parseSession(input), (err) => err.code === 'invalid-session' && message.test(err.message));
  }
});

test('files Gcore would refuse are refused with their code', () => {
  const f = (name, type, size = 10) => ({ name, type, size });
  const code = (file, opts) => {
    try {
      checkFile(file, opts);
      return null;
    } catch (err) {
      return err.code;
    }
  };
  assert.equal(code(f('a.mp4', 'video/mp4')), null);
  assert.equal(code(f('a.MKV', '')), null, 'by extension when the browser gives no type');
  assert.equal(code(f('a.mov', 'video/quicktime')), null);
  assert.equal(code(f('master.m3u8', 'application/vnd.apple.mpegurl')), 'invalid-file-type');
  assert.equal(code(f('manifest.mpd', 'application/dash+xml')), 'invalid-file-type');
  assert.equal(code(f('playlist.m3u8', 'video/mp4')), 'invalid-file-type', 'a manifest is refused whatever its type says');
  assert.equal(code(f('notes.txt', 'text/plain')), 'invalid-file-type');
  assert.equal(code(f('photo.jpg', 'image/jpeg')), 'invalid-file-type');
  assert.equal(code(f('a.mp4', 'video/mp4', 0)), 'empty-file');
  assert.equal(code(f('a.mp4', 'video/mp4', 11), { maxFileSize: 10 }), 'file-too-large');
  assert.equal(code(f('a.webm', 'video/webm'), { accept: '.mp4' }), 'invalid-file-type', 'accept narrows the list');
  assert.match(DEFAULT_ACCEPT, /^video\/\*,\.3g2,/);
});
