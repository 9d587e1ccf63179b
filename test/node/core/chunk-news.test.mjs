// A chunk's news (chunk-complete, and the snapshot it changes) and the upload's start are passed on in a task after tus-js-client's
// (core/later.ts), and the events keep their order: every chunk-complete, in order, before upload-success;
// none after a cancel. Real @tus/server. (That the next PATCH is already sent when a listener runs holds in
// browsers, where tus-js-client slices a Blob without I/O: test/chunks.test.ts. In Node reading the next
// chunk is I/O, and the news may come first.)
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { bytes, CHUNK, once, startTus } from './helpers.mjs';

describe('core: when chunk-complete comes', { timeout: 30_000 }, async () => {
  const tus = await startTus(after);

  test('a chunk-complete per chunk, in order, then upload-success', async () => {
    const chunks = 8;
    const uploader = createUploader({ session: tus.session(), chunkSize: CHUNK, retryDelays: [0], resumeStore: memoryStore() });
    after(() => uploader.destroy());
    const order = [];
    uploader.on('chunk-complete', (d) => order.push({ event: 'chunk-complete', accepted: d.bytesAccepted }));
    uploader.on('upload-success', () => order.push({ event: 'upload-success' }));
    // The start is queued like a chunk's news (told once the first PATCH is on its way), and still comes first.
    const names = [];
    for (const name of ['upload-start', 'upload-progress', 'chunk-complete', 'upload-success']) uploader.on(name, () => names.push(name));
    const success = once(uploader, 'upload-success');
    const size = chunks * CHUNK;
    uploader.add(new File([bytes(size, 11)], 'news.mp4', { type: 'video/mp4' }));
    await success;
    assert.deepEqual(
      order.map((o) => o.event),
      [...Array(chunks).fill('chunk-complete'), 'upload-success'],
      'a chunk-complete per chunk, then upload-success',
    );
    assert.deepEqual(
      order.slice(0, -1).map((o) => o.accepted),
      Array.from({ length: chunks }, (_, i) => (i + 1) * CHUNK),
      'in the order the server accepted them',
    );
    assert.equal(names[0], 'upload-start', `upload-start first: ${names.slice(0, 3).join(', ')}`);
    assert.equal(names.filter((n) => n === 'upload-start').length, 1);
  });

  test('a cancel right after a chunk: its chunk-complete comes before upload-error, nothing after', async () => {
    const uploader = createUploader({ session: tus.session(), chunkSize: CHUNK, retryDelays: [0], resumeStore: memoryStore() });
    after(() => uploader.destroy());
    const names = [];
    for (const name of ['chunk-complete', 'upload-error', 'upload-success']) uploader.on(name, () => names.push(name));
    const item = uploader.add(new File([bytes(16 * CHUNK, 12)], 'cancel.mp4', { type: 'video/mp4' }));
    // Cancelled from upload-progress, in the same task as tus-js-client's report, with a chunk's news still queued: the abort passes it on.
    uploader.on('upload-progress', (d) => {
      if (d.bytesUploaded >= 2 * CHUNK) void uploader.cancel(item.id);
    });
    const [detail] = await once(uploader, 'upload-error');
    assert.equal(detail.code, 'aborted');
    // One turn of the timers: the queue's timer, had one been left, was set before this one and runs first.
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(names.at(-1), 'upload-error', `nothing after upload-error: ${names.join(', ')}`);
    assert.ok(!names.includes('upload-success'));
    assert.ok(names.includes('chunk-complete'), 'the chunks accepted before the cancel were told');
  });
});
