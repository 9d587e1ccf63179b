// The core alone in Node: real uploads through tus-js-client's Node entry to a real @tus/server that
// checks Gcore's token, with Buffers, Node Files and streams; pause, resume, cancel, retry, concurrency
// and resuming after a "reload" (a second uploader over the same resume store).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { bytes, CHUNK, once, record, startBackend, startTus, until } from './helpers.mjs';

const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const FAST = [0, 50, 100];

describe('core: uploads to a real tus server', { timeout: 30_000 }, async () => {
  const tus = await startTus(after);
  const onServer = async (data) => {
    const id = tus.stats.finished.at(-1);
    const digest = await tus.digest(id);
    assert.equal(digest.size, data.length);
    assert.equal(digest.sha256, sha(data));
    return digest;
  };

  test('a Buffer, byte-exact with Gcore metadata; states and events in order', async () => {
    tus.resetStats();
    const session = tus.session();
    const uploader = createUploader({ session, chunkSize: CHUNK, retryDelays: FAST, resumeStore: memoryStore() });
    const states = [];
    uploader.subscribe(() => {
      const s = uploader.getSnapshot().items[0]?.state;
      if (s && states.at(-1) !== s) states.push(s);
    });
    const log = record(uploader, ['upload-start', 'chunk-complete', 'upload-success', 'upload-error']);
    const data = bytes(CHUNK * 3 + 17);
    const id = uploader.add(data, { name: 'holiday.mp4', type: 'video/mp4' });
    assert.equal(await uploader.settled(id), String(session.video.id));
    assert.deepEqual(states, ['queued', 'preparing', 'uploading', 'success']);
    assert.deepEqual(
      log.map((e) => e.name),
      ['upload-start', 'chunk-complete', 'chunk-complete', 'chunk-complete', 'chunk-complete', 'upload-success'],
    );
    assert.deepEqual(log[0].detail, { file: data, videoId: String(session.video.id), resumed: false, offset: 0 });
    const digest = await onServer(data);
    assert.deepEqual(digest.metadata, {
      filename: 'holiday.mp4',
      filetype: 'video/mp4',
      token: session.token,
      video_id: String(session.video.id),
      client_id: String(session.video.client_id),
    });
    const snap = uploader.getSnapshot();
    assert.equal(snap.state, 'success');
    assert.deepEqual(snap.videoIds, [String(session.video.id)]);
    assert.equal(snap.items[0].progress.percent, 100);
    await uploader.destroy();
  });

  test("a Node File (name, type and size read from it) and a stream with its size", async () => {
    tus.resetStats();
    const uploader = createUploader({ getSession: async () => tus.session(), chunkSize: CHUNK, retryDelays: FAST, resumeStore: memoryStore() });
    const data = bytes(CHUNK * 2 + 5, 2);
    const file = new File([data], 'node-file.mov', { type: 'video/quicktime' });
    await uploader.settled(uploader.add(file));
    assert.equal((await onServer(data)).metadata.filename, 'node-file.mov');

    const streamed = bytes(CHUNK + 3, 3);
    await uploader.settled(uploader.add(Readable.from([streamed]), { name: 'stream.mp4', type: 'video/mp4', size: streamed.length }));
    assert.equal((await onServer(streamed)).metadata.filetype, 'video/mp4');
    await uploader.destroy();
  });

  test('session-url: POSTs {name, size, type} and uploads with the session it gets', async () => {
    tus.resetStats();
    const backend = await startBackend(after, { session: () => tus.session() });
    const uploader = createUploader({ sessionUrl: `${backend.origin}/session`, chunkSize: CHUNK, resumeStore: memoryStore() });
    const data = bytes(1000, 4);
    await uploader.settled(uploader.add(data, { name: 'b.mp4', type: 'video/mp4' }));
    assert.deepEqual(backend.log[0].body, { name: 'b.mp4', size: 1000, type: 'video/mp4' });
    await onServer(data);
    await uploader.destroy();
  });

  test('pause stops sending; resume goes on from the server offset; every byte arrives', async () => {
    tus.resetStats();
    tus.inject({ method: 'PATCH', delayMs: 100, times: 100 });
    const uploader = createUploader({ session: tus.session(), chunkSize: CHUNK, retryDelays: FAST, resumeStore: memoryStore() });
    const log = record(uploader, ['upload-pause', 'upload-resume', 'upload-success']);
    const data = bytes(CHUNK * 4, 5);
    const id = uploader.add(data, { name: 'p.mp4', type: 'video/mp4' });
    await once(uploader, 'chunk-complete');
    uploader.pause(id);
    assert.equal(uploader.getSnapshot().items[0].state, 'paused');
    assert.equal(uploader.getSnapshot().state, 'paused');
    await new Promise((r) => setTimeout(r, 300));
    const patches = tus.stats.requests.filter((r) => r.method === 'PATCH').length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(tus.stats.requests.filter((r) => r.method === 'PATCH').length, patches, 'nothing sent while paused');
    uploader.resume(id);
    assert.equal(uploader.getSnapshot().items[0].state, 'uploading');
    await uploader.settled(id);
    assert.deepEqual(log.map((e) => [e.name, e.detail.reason]), [['upload-pause', 'user'], ['upload-resume', 'user'], ['upload-success', undefined]]);
    assert.ok(tus.stats.requests.some((r) => r.method === 'HEAD'), 'resume asks for the offset');
    tus.faults.length = 0;
    await onServer(data);
    await uploader.destroy();
  });

  test('cancel: aborted, cancelled, forgotten for resuming, and the server asked to drop it', async () => {
    tus.resetStats();
    tus.inject({ method: 'PATCH', delayMs: 200, times: 100 });
    const store = memoryStore();
    const uploader = createUploader({ session: tus.session(), chunkSize: CHUNK, retryDelays: FAST, resumeStore: store });
    const id = uploader.add(bytes(CHUNK * 5, 6), { name: 'c.mp4', type: 'video/mp4' });
    await once(uploader, 'chunk-complete');
    assert.equal(store.length, 1);
    const errored = once(uploader, 'upload-error');
    await uploader.cancel(id);
    assert.equal((await errored)[0].code, 'aborted');
    await assert.rejects(uploader.settled(id), { code: 'aborted' });
    assert.equal(uploader.getSnapshot().items[0].state, 'cancelled');
    assert.equal(uploader.getSnapshot().state, 'idle');
    assert.equal(store.length, 0, 'nothing left to resume');
    while (!tus.stats.requests.some((r) => r.method === 'DELETE')) await new Promise((r) => setTimeout(r, 20));
    tus.faults.length = 0;
    assert.equal(tus.stats.finished.length, 0);
    await uploader.destroy();
  });

  test('retry after a retryable error goes on with the same item', async () => {
    tus.resetStats();
    tus.inject({ method: 'POST', status: 503, body: 'maintenance', times: 2 });
    const uploader = createUploader({ session: tus.session(), chunkSize: CHUNK, retryDelays: [0], resumeStore: memoryStore() });
    const data = bytes(CHUNK, 7);
    const id = uploader.add(data, { name: 'r.mp4', type: 'video/mp4' });
    await assert.rejects(uploader.settled(id), { code: 'server-error', status: 503, retryable: true });
    const failed = uploader.getSnapshot().items[0];
    assert.equal(failed.state, 'error');
    assert.equal(failed.error.code, 'server-error');
    uploader.retry(id);
    assert.equal(uploader.getSnapshot().items[0].state, 'preparing');
    await uploader.settled(id);
    assert.equal(uploader.getSnapshot().items[0].state, 'success');
    assert.equal(uploader.getSnapshot().items[0].id, id);
    await onServer(data);
    await uploader.destroy();
  });

  test('three items with maxConcurrent 2: never more than two at once, each its own session', async () => {
    tus.resetStats();
    tus.inject({ method: 'PATCH', delayMs: 40, times: 100 });
    const sessionsFor = [];
    const uploader = createUploader({
      getSession: async (file) => (sessionsFor.push(file.name), tus.session()),
      maxConcurrent: 2,
      chunkSize: CHUNK,
      resumeStore: memoryStore(),
    });
    let most = 0;
    uploader.subscribe(() => {
      const active = uploader.getSnapshot().items.filter((i) => ['preparing', 'uploading', 'paused', 'confirm-resume'].includes(i.state)).length;
      most = Math.max(most, active);
    });
    const files = [1, 2, 3].map((n) => new File([bytes(CHUNK * 2 + n, 10 + n)], `f${n}.mp4`, { type: 'video/mp4' }));
    const ids = files.map((f) => uploader.add(f));
    assert.deepEqual(uploader.getSnapshot().items.map((i) => i.state), ['preparing', 'preparing', 'queued']);
    const videoIds = await Promise.all(ids.map((id) => uploader.settled(id)));
    tus.faults.length = 0;
    assert.equal(new Set(videoIds).size, 3);
    assert.equal(most, 2);
    assert.deepEqual(sessionsFor.sort(), ['f1.mp4', 'f2.mp4', 'f3.mp4']);
    assert.deepEqual([...uploader.getSnapshot().videoIds].sort(), [...videoIds].sort());
    assert.equal(uploader.getSnapshot().progress.percent, 100);
    await uploader.destroy();
  });

  test('resume after a reload: a second uploader over the same store resumes into the same video', async () => {
    tus.resetStats();
    // Slow PATCHes, so the upload is still on its way when the third chunk's news comes (told after the next send).
    tus.inject({ method: 'PATCH', delayMs: 100, times: 6 });
    const backend = await startBackend(after, { session: () => tus.session() });
    const store = memoryStore();
    const options = { sessionUrl: `${backend.origin}/session`, chunkSize: CHUNK, retryDelays: FAST, resumeStore: store };
    const data = bytes(CHUNK * 6 + 99, 8);
    const file = { name: 'long-take.mov', type: 'video/quicktime', lastModified: 1_700_000_000_000 };
    const first = createUploader(options);
    const id = first.add(data, file);
    const [start] = await once(first, 'upload-start');
    let chunks = 0;
    await new Promise((resolve) => first.on('chunk-complete', () => ++chunks === 3 && resolve()));
    await first.destroy(); // the page goes away: no DELETE, the upload stays resumable
    await assert.rejects(first.settled(id), { code: 'aborted' });
    assert.equal(store.length, 1);
    assert.ok(!store.getItem(store.key(0)).includes('"token"'), 'no token in the store');
    tus.faults.length = 0;
    tus.resetStats();

    const second = createUploader(options);
    const [again] = await Promise.all([once(second, 'upload-start'), second.settled(second.add(data, file))]).then(([e]) => e);
    assert.equal(again.resumed, true);
    assert.equal(again.videoId, start.videoId);
    assert.ok(again.offset >= CHUNK * 3, `offset ${again.offset}`);
    assert.equal(tus.stats.created.length, 0, 'no new upload');
    assert.equal(backend.log.length, 1, 'no new session');
    assert.ok(tus.stats.patchBytes <= data.length - again.offset + CHUNK);
    await onServer(data);
    assert.equal(store.length, 0, 'forgotten once complete');
    await second.destroy();
  });

  test('resume "ask": confirm-resume waits for the answer; false starts afresh with a new session', async () => {
    tus.resetStats();
    tus.inject({ method: 'PATCH', delayMs: 100, times: 2 });
    const backend = await startBackend(after, { session: () => tus.session() });
    const store = memoryStore();
    const options = { sessionUrl: `${backend.origin}/session`, chunkSize: CHUNK, resumeStore: store, resume: 'ask' };
    const data = bytes(CHUNK * 3, 9);
    const file = { name: 'ask.mp4', type: 'video/mp4', lastModified: 1 };
    const first = createUploader({ ...options, resume: 'auto' });
    first.add(data, file);
    await once(first, 'chunk-complete');
    await first.destroy();

    const second = createUploader(options);
    const id = second.add(data, file);
    const asked = await until(second, (s) => s.items[0]?.state === 'confirm-resume');
    assert.equal(asked.state, 'confirm-resume');
    assert.equal(asked.items[0].previous.videoId, tus.stats.created[0].metadata.video_id);
    const started = once(second, 'upload-start');
    second.confirmResume(id, false);
    await second.settled(id);
    assert.deepEqual((await started)[0].resumed, false);
    assert.equal(backend.log.length, 2, 'a new session for the fresh upload');
    await second.destroy();
  });
});
