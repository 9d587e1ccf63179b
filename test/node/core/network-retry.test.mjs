// A connection lost mid-upload, with the default retry-delays: the uploader tries again at once and then
// every second (src/core/policy/retry-plan.ts), so an outage longer than the backoff's four waits
// still ends in a complete upload, not in a `network` error. Real @tus/server, real connection resets.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createUploader, DELAYS, memoryStore } from '../../../src/core/index.ts';
import { bytes, CHUNK, once, startTus } from './helpers.mjs';

describe('core: a lost connection with the default retry-delays', { timeout: 60_000 }, async () => {
  const tus = await startTus(after);

  test('six cuts in a row (more than the backoff’s four retries) and the upload still completes', async () => {
    const data = bytes(CHUNK * 3, 5);
    const file = new File([data], 'cut.mp4', { type: 'video/mp4' });
    // Six PATCHes are cut: the first only after the upload was created (the server has answered).
    tus.inject({ method: 'PATCH', resetConnection: true, times: 6 });
    const uploader = createUploader({ session: tus.session(), chunkSize: CHUNK, resumeStore: memoryStore() });
    after(() => uploader.destroy());
    const errors = [];
    uploader.on('upload-error', (d) => errors.push(d.code));
    const success = once(uploader, 'upload-success');
    const t0 = Date.now();
    uploader.add(file);
    const [detail] = await success;
    assert.deepEqual(errors, []);
    const patches = tus.requestsAfter(t0 - 1).filter((r) => r.method === 'PATCH');
    assert.ok(patches.length >= 7, `six cut PATCHes and the ones that went through: ${patches.length}`);
    const stored = await tus.digest(tus.stats.finished.at(-1));
    assert.equal(stored.sha256, createHash('sha256').update(data).digest('hex'), 'every byte, once');
    assert.ok(stored.complete);
    assert.ok(detail.videoId);
    // The defaults the README documents.
    assert.equal(DELAYS.network, 1000);
    assert.equal(DELAYS.networkFor, 60_000);
  });
});
