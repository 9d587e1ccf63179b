// The adaptive chunk size relies on behaviour tus-js-client does not document: it reads
// `options.chunkSize` afresh for every PATCH (`BaseUpload#_addChunkToRequest`, called by
// `_performUpload`: `end = this._offset + this.options.chunkSize`), it calls `onChunkComplete` (with
// `this` = the upload's options) before the next PATCH starts, and `onShouldRetry(err, attempt, options)`
// gets that same options object before a retry. This test uploads through a real @tus/server and
// checks the PATCH sizes the server received follow the changes: it fails if a new tus-js-client
// version stops honouring them (the package pins 4.3.1 for this reason).
//
// `tus-js-client/lib/node/index.js` is the Node entry built on the same `lib/upload.js` as the
// browser entry the bundles use (scripts/aliases.mjs), so this tests the code that ships.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Upload } from 'tus-js-client/lib/node/index.js';
import { tusBehind } from './tus-behind.mjs';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('tus-js-client honours options.chunkSize changed between chunks', { timeout: 60_000 }, () => {
  /** Each PATCH the server received: {offset (Upload-Offset), length (Content-Length), status}. */
  let patches = [];
  /** Answers 413 (without touching the store) to PATCHes that match. */
  let refuse = null;

  const tus = tusBehind('tus-chunk-size-', async (req, res, store) => {
    if (req.method === 'PATCH') {
      const entry = { offset: Number(req.headers['upload-offset']), length: Number(req.headers['content-length']), status: 0 };
      patches.push(entry);
      if (refuse?.(entry)) {
        entry.status = 413;
        req.resume();
        res.writeHead(413, { 'Tus-Resumable': '1.0.0', 'Content-Type': 'text/plain' }).end('Request Entity Too Large');
        return;
      }
      await store.handle(req, res);
      entry.status = res.statusCode;
      return;
    }
    await store.handle(req, res);
  });

  /** The upload in progress (its callbacks reach it here), handed to tus-js-client unwrapped. */
  let current = null;

  /** Uploads `data` with these tus options; resolves with the Upload. */
  function upload(data, options) {
    patches = [];
    return new Promise((resolve, reject) => {
      current = new Upload(data, {
        endpoint: tus.endpoint,
        retryDelays: [0, 0, 0],
        metadata: { filename: 'chunks.bin', filetype: 'application/octet-stream' },
        ...options,
        onSuccess: () => resolve(current),
        onError: reject,
      });
      current.start();
    });
  }

  const stored = (u) => tus.stored(u);

  const accepted = () => patches.filter((p) => p.status === 204);

  test('upload.options.chunkSize set in onChunkComplete sizes the next PATCH', async () => {
    const data = randomBytes(5 * MiB);
    const next = [2 * MiB, 512 * KiB, 1.5 * MiB];
    const seen = [];
    const u = await upload(data, {
      chunkSize: 1 * MiB,
      onChunkComplete: (chunkSize) => {
        seen.push(chunkSize);
        if (next.length) current.options.chunkSize = next.shift();
      },
    });
    const expected = [1 * MiB, 2 * MiB, 512 * KiB, 1.5 * MiB];
    assert.deepEqual(
      patches.map((p) => p.length),
      expected,
    );
    assert.deepEqual(seen, expected, 'onChunkComplete reports each chunk');
    // The offsets follow: each PATCH starts where the previous one ended.
    let offset = 0;
    for (const p of patches) {
      assert.equal(p.offset, offset);
      offset += p.length;
    }
    assert.ok((await stored(u)).equals(data), 'byte-complete');
  });

  test('`this.chunkSize` inside onChunkComplete is the same option', async () => {
    const data = randomBytes(3 * MiB);
    const u = await upload(data, {
      chunkSize: 512 * KiB,
      onChunkComplete() {
        // `this` is upload.options (tus-js-client calls options.onChunkComplete(...)).
        this.chunkSize = this.chunkSize === 512 * KiB ? 1 * MiB : 512 * KiB;
      },
    });
    assert.deepEqual(
      patches.map((p) => p.length),
      [512 * KiB, 1 * MiB, 512 * KiB, 1 * MiB],
    );
    assert.ok((await stored(u)).equals(data));
  });

  test('options.chunkSize set in onShouldRetry sizes the PATCH that is sent again (a 413)', async () => {
    const data = randomBytes(3 * MiB);
    refuse = (p) => p.length > 1 * MiB;
    const retries = [];
    try {
      const u = await upload(data, {
        chunkSize: 1 * MiB,
        onChunkComplete: () => {
          // Try to grow: the second chunk (2 MiB) is refused.
          if (current.options.chunkSize === 1 * MiB && retries.length === 0) current.options.chunkSize = 2 * MiB;
        },
        onShouldRetry: (err, attempt, options) => {
          const status = err.originalResponse?.getStatus();
          retries.push({ status, attempt, same: options === current.options });
          if (status === 413) options.chunkSize = 768 * KiB;
          return true;
        },
      });
      assert.deepEqual(retries, [{ status: 413, attempt: 0, same: true }]);
      assert.deepEqual(
        patches.map((p) => [p.length, p.status]),
        [
          [1 * MiB, 204],
          [2 * MiB, 413],
          [768 * KiB, 204],
          [768 * KiB, 204],
          [512 * KiB, 204],
        ],
      );
      assert.ok((await stored(u)).equals(data));
    } finally {
      refuse = null;
    }
  });
});
