// upload-progress is passed on at most every PROGRESS_EVENT_MS while bytes travel (tus-js-client reports
// every few milliseconds on a fast link), the report that completes the file always, and chunk-complete
// still for every chunk. Real @tus/server; the chunks are small so that reports come thick and fast.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { PROGRESS_EVENT_MS } from '../../../src/core/progress.ts';
import { bytes, once, startTus } from './helpers.mjs';

describe('core: how often upload-progress comes', { timeout: 30_000 }, async () => {
  const tus = await startTus(after);

  test('at most every 50 ms, the last one with every byte; a chunk-complete for every chunk', async () => {
    const size = 6 * 1024 * 1024;
    const uploader = createUploader({ session: tus.session(), chunkSize: 64 * 1024, retryDelays: [0], resumeStore: memoryStore() });
    after(() => uploader.destroy());
    const progress = [];
    let chunks = 0;
    uploader.on('upload-progress', (d) => progress.push({ t: performance.now(), bytes: d.bytesUploaded, total: d.bytesTotal }));
    uploader.on('chunk-complete', () => chunks++);
    const success = once(uploader, 'upload-success');
    uploader.add(new File([bytes(size, 3)], 'many-chunks.mp4', { type: 'video/mp4' }));
    await success;
    assert.equal(chunks, size / (64 * 1024), 'chunk-complete for each of the 96 chunks');
    assert.ok(progress.length >= 2, `progress was reported (${progress.length} times)`);
    assert.ok(progress.length < chunks, `fewer progress events than chunks: ${progress.length} for ${chunks}`);
    const last = progress.at(-1);
    assert.equal(last.bytes, size, 'the last one says every byte is up');
    // Between two reports while bytes travel: at least PROGRESS_EVENT_MS (the last one may come sooner).
    for (let i = 1; i < progress.length - 1; i++) assert.ok(progress[i].t - progress[i - 1].t >= PROGRESS_EVENT_MS - 1, `report ${i} came ${(progress[i].t - progress[i - 1].t).toFixed(1)} ms after the one before`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].bytes > progress[i - 1].bytes, 'each report says more bytes than the one before');
  });
});
