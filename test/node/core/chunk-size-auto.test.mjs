// chunk-size "auto" (the default) through the core, against a real @tus/server: each PATCH's size is what
// the server received (its Content-Length). A small proxy in front of the tus server paces PATCH bodies
// to a known throughput, or answers 413 to PATCHes above a size, as a proxy with a body limit does.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { bytes, record, startTus } from './helpers.mjs';

const KiB = 1024;
const MiB = 1024 * KiB;
const FAST = [0, 50, 100];
const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A proxy to `upstream` (host:port). `paceBytesPerSecond`: PATCH bodies are forwarded at that rate.
 * `refuse(entry)`: answers 413 (after reading the body) to the PATCHes it matches. Logs every PATCH
 * as {length, status}.
 */
async function startProxy(after, upstream, { paceBytesPerSecond = 0, refuse = () => false } = {}) {
  const patches = [];
  const [host, port] = upstream.split(':');
  const server = http.createServer(async (req, res) => {
    const isPatch = (req.headers['x-http-method-override'] ?? req.method) === 'PATCH';
    const entry = isPatch ? { length: Number(req.headers['content-length'] ?? 0), status: 0 } : null;
    if (entry) patches.push(entry);
    if (entry && refuse(entry)) {
      req.resume();
      await new Promise((r) => req.on('end', r));
      entry.status = 413;
      res.writeHead(413, { 'Tus-Resumable': '1.0.0', 'Content-Type': 'text/plain' }).end('Request Entity Too Large');
      return;
    }
    const out = http.request({ host, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (entry) entry.status = answer.statusCode;
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    if (!entry || !paceBytesPerSecond) return req.pipe(out);
    const start = Date.now();
    let sent = 0;
    for await (const chunk of req) {
      sent += chunk.length;
      out.write(chunk);
      const due = start + (sent / paceBytesPerSecond) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    out.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(() => resolve()));
  });
  return { hostname: `127.0.0.1:${server.address().port}`, patches };
}

describe('core: chunk-size auto against a real tus server', { timeout: 60_000 }, async () => {
  const tus = await startTus(after);
  const onServer = async (data) => {
    const digest = await tus.digest(tus.stats.finished.at(-1));
    assert.equal(digest.size, data.length);
    assert.equal(digest.sha256, sha(data), 'byte-exact (SHA-256)');
  };
  const accepted = (patches) => patches.filter((p) => p.status === 204).map((p) => p.length);

  test('auto is the default: from min-chunk-size up, ×4 at most per chunk, towards target seconds of the throughput, never above max', async () => {
    tus.resetStats();
    const pace = 4 * MiB; // bytes per second the proxy lets through
    const targetSeconds = 0.25; // → about 1 MiB per chunk
    const proxy = await startProxy(after, tus.hostname, { paceBytesPerSecond: pace });
    const min = 64 * KiB;
    const max = 4 * MiB;
    const uploader = createUploader({
      session: tus.session({ hostnames: [proxy.hostname] }),
      chunkTargetSeconds: targetSeconds,
      minChunkSize: min,
      maxChunkSize: max,
      retryDelays: FAST,
      resumeStore: memoryStore(),
    });
    const log = record(uploader, ['chunk-complete']);
    const counts = [];
    /** The chunk count in the reports made while no chunk was accepted yet. */
    const beforeFirst = [];
    uploader.on('upload-progress', (_d, item) => {
      counts.push({ chunk: item.progress.chunk, chunks: item.progress.chunks });
      if (item.progress.bytesAccepted === 0) beforeFirst.push(item.progress.chunks);
    });
    const data = bytes(7 * MiB + 123, 11);
    await uploader.settled(uploader.add(data, { name: 'auto.mp4', type: 'video/mp4' }));
    await onServer(data);

    const sizes = accepted(proxy.patches);
    assert.equal(sizes.reduce((a, b) => a + b, 0), data.length);
    assert.equal(sizes[0], min, 'the first chunk is min-chunk-size');
    for (let i = 1; i < sizes.length - 1; i++) {
      assert.ok(sizes[i] <= sizes[i - 1] * 4, `chunk ${i + 1} grows at most ×4: ${sizes}`);
      assert.ok(sizes[i] >= min && sizes[i] <= max, `chunk ${i + 1} within min…max: ${sizes}`);
    }
    assert.ok(sizes[1] > sizes[0], `the second chunk is larger than the first: ${sizes}`);
    // The steady size carries about targetSeconds of the paced throughput (the pace, minus tus' own time).
    const steady = sizes.slice(2, -1);
    assert.ok(steady.length >= 2, `enough chunks to settle: ${sizes}`);
    const want = pace * targetSeconds;
    for (const size of steady) assert.ok(size > want * 0.5 && size < want * 1.5, `${size} is about ${want} (${sizes})`);

    // chunk-complete says each chunk's size, as the server received it.
    assert.deepEqual(
      log.map((e) => e.detail.chunkSize),
      sizes,
    );
    assert.deepEqual(log.at(-1).detail, { file: data, chunkSize: sizes.at(-1), bytesAccepted: data.length, bytesTotal: data.length });
    // "chunk n": unknown m before the first chunk is measured, an estimate after, exact at the end.
    // (Progress is told up to LATER_MS after it happened, src/core/later.ts: by then the first chunk may be done.)
    for (const chunks of beforeFirst) assert.equal(chunks, null, 'the count is unknown before the first chunk is accepted');
    assert.ok(counts.some((c) => typeof c.chunks === 'number' && c.chunks > 1), 'then an estimate');
    for (const c of counts) assert.ok(c.chunks === null || c.chunk <= c.chunks, `chunk ${c.chunk} of ${c.chunks}`);
    assert.deepEqual(counts.at(-1), { chunk: sizes.length, chunks: sizes.length });
    assert.deepEqual(uploader.getSnapshot().items[0].progress.chunks, sizes.length);
    await uploader.destroy();
  });

  test('a 413 halves the chunk, sends it again and keeps the lower limit; bytes byte-exact', async () => {
    tus.resetStats();
    const limit = 300 * KiB;
    const proxy = await startProxy(after, tus.hostname, { refuse: (p) => p.length > limit });
    const uploader = createUploader({
      session: tus.session({ hostnames: [proxy.hostname] }),
      chunkSize: 'auto',
      minChunkSize: 64 * KiB,
      maxChunkSize: 1 * MiB,
      retryDelays: FAST,
      resumeStore: memoryStore(),
    });
    const log = record(uploader, ['chunk-complete', 'upload-error']);
    const data = bytes(3 * MiB + 7, 12);
    await uploader.settled(uploader.add(data, { name: '413.mp4', type: 'video/mp4' }));
    await onServer(data);

    const sent = proxy.patches.map((p) => [p.length, p.status]);
    // 64 KiB, ×4 → 256 KiB, ×4 → 1 MiB refused, half → 512 KiB refused, half → 256 KiB accepted: the new maximum.
    assert.deepEqual(sent.slice(0, 5), [
      [64 * KiB, 204],
      [256 * KiB, 204],
      [1 * MiB, 413],
      [512 * KiB, 413],
      [256 * KiB, 204],
    ]);
    const after413 = sent.slice(5);
    assert.ok(after413.length > 0);
    for (const [length, status] of after413) {
      assert.equal(status, 204, `nothing refused after the limit was found: ${JSON.stringify(sent)}`);
      assert.ok(length <= 256 * KiB, `never above the lowered maximum: ${JSON.stringify(sent)}`);
    }
    assert.deepEqual(
      log.filter((e) => e.name === 'chunk-complete').map((e) => e.detail.chunkSize),
      accepted(proxy.patches),
    );
    assert.equal(log.filter((e) => e.name === 'upload-error').length, 0);
    await uploader.destroy();
  });

  test('a failed chunk (a 500) halves the size of the chunk sent again', async () => {
    tus.resetStats();
    const uploader = createUploader({
      session: tus.session(),
      minChunkSize: 64 * KiB,
      maxChunkSize: 1 * MiB,
      retryDelays: FAST,
      resumeStore: memoryStore(),
    });
    // The third PATCH (1 MiB, after 64 KiB and 256 KiB) fails once.
    tus.inject({ method: 'PATCH', status: 500, body: 'boom', skip: 2 });
    const data = bytes(2 * MiB, 13);
    await uploader.settled(uploader.add(data, { name: 'flaky.mp4', type: 'video/mp4' }));
    await onServer(data);
    const patches = tus.stats.requests.filter((r) => r.method === 'PATCH').map((r) => [r.length, r.status]);
    assert.deepEqual(patches.slice(0, 4), [
      [64 * KiB, 204],
      [256 * KiB, 204],
      [1 * MiB, 500],
      [512 * KiB, 204],
    ]);
    await uploader.destroy();
  });

  test('a number still fixes the size (the last chunk is what is left)', async () => {
    tus.resetStats();
    const uploader = createUploader({ session: tus.session(), chunkSize: 100_000, retryDelays: FAST, resumeStore: memoryStore() });
    const data = bytes(250_000, 14);
    await uploader.settled(uploader.add(data, { name: 'fixed.mp4', type: 'video/mp4' }));
    await onServer(data);
    assert.deepEqual(
      tus.stats.requests.filter((r) => r.method === 'PATCH').map((r) => r.length),
      [100_000, 100_000, 50_000],
    );
    const p = uploader.getSnapshot().items[0].progress;
    assert.deepEqual([p.chunk, p.chunks], [3, 3]);
    await uploader.destroy();
  });
});

describe('core: the upload engine is loaded on first use', () => {
  test('when it cannot be loaded: upload-error asset-load-failed and the error event naming upload.mjs, never a hang', async () => {
    const { assetLoadFailed } = await import('../../../src/lazy.ts');
    let attempts = 0;
    const uploader = createUploader({
      session: { servers: [{ hostname: '127.0.0.1:9', role: 'upload', active: true }], token: 't', video: { id: 1, client_id: 2 } },
      resumeStore: memoryStore(),
      loadEngine: () => (attempts++, Promise.reject(new TypeError('Failed to fetch dynamically imported module'))).catch(assetLoadFailed('upload.mjs')),
    });
    const log = record(uploader, ['error', 'upload-error']);
    const id = uploader.add(bytes(1000), { name: 'a.mp4', type: 'video/mp4' });
    await assert.rejects(uploader.settled(id), (err) => err.code === 'asset-load-failed' && err.params.asset === 'upload.mjs' && err.retryable === true);
    assert.deepEqual(
      log.map((e) => [e.name, e.detail.code, e.detail.asset]),
      [
        ['error', 'asset-load-failed', 'upload.mjs'],
        ['upload-error', 'asset-load-failed', undefined],
      ],
    );
    assert.equal(uploader.getSnapshot().items[0].state, 'error');
    assert.ok(attempts >= 1);
    await uploader.destroy();
  });

  test('an error of another bundle (same brand, another class) keeps its code and becomes this bundle\'s class', async () => {
    const { GcoreUploaderError, isUploaderError, toUploaderError } = await import('../../../src/errors.ts');
    class Foreign extends Error {
      name = 'GcoreUploaderError';
      code = 'token-invalid';
      status = 403;
      params = { detail: 'x' };
      retryable = false;
    }
    const foreign = new Foreign('token invalid');
    assert.equal(foreign instanceof GcoreUploaderError, false);
    assert.equal(isUploaderError(foreign), true);
    assert.equal(GcoreUploaderError.is(foreign), true);
    assert.equal(isUploaderError(new Error('x')), false);
    const own = toUploaderError(foreign);
    assert.ok(own instanceof GcoreUploaderError);
    assert.equal(own.code, 'token-invalid');
    assert.equal(own.status, 403);
    assert.equal(own.retryable, false);
    const same = new GcoreUploaderError('network');
    assert.equal(toUploaderError(same), same);
  });
});
