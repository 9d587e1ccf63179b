// Every error code the core produces, each from a real cause: a real tus server with Gcore's checks and
// faults, a backend that refuses, status sources that fail. Each reaches settled(), the item's snapshot
// and its event. (`playback-failed` belongs to the preview player, not the core.)
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { bytes, CHUNK, once, startBackend, startTus } from './helpers.mjs';

const mp4 = (size = 1000, seed = 1) => new File([bytes(size, seed)], `clip-${seed}.mp4`, { type: 'video/mp4' });

describe('core: every error code', { timeout: 30_000 }, async () => {
  const tus = await startTus(after);
  const backend = await startBackend(after, { session: () => tus.session(), importStatus: 502 });

  /** Uploads `file` with `options`; returns the error, after checking it reached every place. */
  async function failure(options, file = mp4(), { event = 'upload-error' } = {}) {
    const uploader = createUploader({ chunkSize: CHUNK, retryDelays: [0, 10], resumeStore: memoryStore(), ...options });
    const seen = once(uploader, event);
    const id = uploader.add(file);
    const [detail] = await seen;
    const item = uploader.getSnapshot().items[0];
    assert.equal(item.state, 'error');
    assert.equal(item.error.code, detail.code);
    if (event === 'upload-error') await assert.rejects(uploader.settled(id), { code: detail.code });
    await uploader.destroy();
    tus.faults.length = 0;
    return item.error;
  }

  const cases = [
    ['invalid-file-type', () => [{ session: tus.session() }, new File(['x'], 'notes.txt', { type: 'text/plain' })], false],
    ['invalid-file-type', () => [{ session: tus.session() }, new File(['x'], 'master.m3u8', { type: 'application/vnd.apple.mpegurl' })], false],
    ['empty-file', () => [{ session: tus.session() }, new File([], 'empty.mp4', { type: 'video/mp4' })], false],
    ['file-too-large', () => [{ session: tus.session(), maxFileSize: 10 }], false],
    ['invalid-session', () => [{ session: '{"servers": [' }], false],
    ['invalid-session', () => [{}], false],
    ['session-request-failed', () => [{ sessionUrl: `${backend.origin}/nowhere` }], true],
    ['session-request-failed', () => [{ getSession: async () => Promise.reject(new Error('not logged in')) }], true],
    ['method-not-allowed', () => (tus.inject({ method: 'POST', status: 405, times: 5 }), [{ session: tus.session() }]), false],
    ['token-invalid', () => [{ session: tus.session({ token: 'forged.token.value' }) }], false],
    ['token-video-mismatch', () => [{ session: tus.session({ videoId: 42, tokenFor: { videoId: 41, clientId: 7 } }) }], false],
    ['token-client-mismatch', () => [{ session: tus.session({ clientId: 8, tokenFor: { videoId: 43, clientId: 9 }, videoId: 43 }) }], false],
    ['rate-limited', () => (tus.inject({ method: 'POST', status: 429, times: 10 }), [{ session: tus.session() }]), true],
    ['server-error', () => (tus.inject({ method: 'POST', status: 503, times: 10 }), [{ session: tus.session() }]), true],
    ['network', () => (tus.inject({ method: 'PATCH', resetConnection: true, times: 10 }), [{ session: tus.session() }]), true],
    ['no-upload-server', () => [{ session: tus.session({ hostnames: ['127.0.0.1:9', '127.0.0.1:7'] }) }], true],
  ];
  for (const [code, make, retryable] of cases) {
    test(`${code}${code === 'invalid-file-type' || code === 'invalid-session' || code === 'session-request-failed' ? ` (${make.toString().slice(0, 60)}…)` : ''}`, async () => {
      const error = await failure(...make());
      assert.equal(error.code, code);
      assert.equal(error.retryable, retryable);
    });
  }

  test('a server status and a server message travel with the error', async () => {
    const error = await failure({ session: tus.session({ token: 'forged.token.value' }) });
    assert.equal(error.status, 500);
    assert.match(error.serverMessage, /token invalid \(forged\.tok\.\.\.\)/);
    backend.state.sessionStatus = 503;
    const refused = await failure({ sessionUrl: `${backend.origin}/session` });
    backend.state.sessionStatus = 200;
    assert.equal(refused.status, 503);
  });

  test('aborted: cancel() of a queued item', async () => {
    const uploader = createUploader({ session: tus.session(), autoStart: false });
    const id = uploader.add(mp4());
    const [detail] = await Promise.all([once(uploader, 'upload-error').then(([d]) => d), uploader.cancel(id)]);
    assert.equal(detail.code, 'aborted');
    assert.equal(detail.retryable, false);
    await assert.rejects(uploader.settled(id), { code: 'aborted' });
  });

  test('invalid-url: add() throws for a link that is not http(s)/sftp', () => {
    const uploader = createUploader({ importUrl: `${backend.origin}/import` });
    assert.throws(() => uploader.add('ftp://example.com/a.mp4'), { code: 'invalid-url' });
  });

  test('import-failed: the import route refused, with its status and message', async () => {
    const uploader = createUploader({ importUrl: `${backend.origin}/import` });
    const id = uploader.add('https://example.com/a.mp4');
    await assert.rejects(uploader.settled(id), { code: 'import-failed', status: 502, serverMessage: 'origin refused' });
    assert.equal(uploader.getSnapshot().items[0].state, 'error');
  });

  const processing = (getStatus) =>
    failure({ session: tus.session(), getStatus, pollInterval: 10 }, mp4(), { event: 'processing-error' });

  test('processing-failed: status error, or empty with an error text', async () => {
    const error = await processing(async (id) => ({ id, status: 'empty', error: 'File Invalid' }));
    assert.equal(error.code, 'processing-failed');
    assert.equal(error.serverMessage, 'File Invalid');
    assert.equal((await processing(async (id) => ({ id, status: 'error' }))).code, 'processing-failed');
  });

  test('status-request-failed: a status source that keeps failing', async () => {
    let calls = 0;
    const error = await processing(async () => {
      calls++;
      throw new Error('offline');
    });
    assert.equal(error.code, 'status-request-failed');
    assert.equal(calls, 5);
    const gone = await processing(async () => Promise.reject(Object.assign(new Error('gone'), { status: 404 })));
    assert.equal(gone.status, 404);
  });
});
