// The sweep that lists unfinished uploads (src/core/resume/unfinished.ts) against a record that another
// tab has just kept: tus-js-client stores the upload URL a little after the record (once the file's
// digest is ready), so a record without its URL is an orphan only once ORPHAN_GRACE_MS has passed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listUnfinished } from '../../../src/core/resume/unfinished.ts';
import { memoryStore, TokenFreeUrlStorage } from '../../../src/core/resume/store.ts';
import { ORPHAN_GRACE_MS } from '../../../src/core/resume/files.ts';

/** A FileStore in memory (the browser's is IndexedDB). */
function memoryFiles() {
  const records = new Map();
  return {
    records,
    get: async (url) => records.get(url),
    put: async (record) => void records.set(record.uploadUrl, record),
    delete: async (url) => void records.delete(url),
    all: async () => [...records.values()],
  };
}

describe('the sweep of kept records', { timeout: 10_000 }, () => {
  test('a record kept just now, whose URL is not stored yet, is left alone; an older one and one without a date are swept', async () => {
    const files = memoryFiles();
    const now = Date.now();
    await files.put({ uploadUrl: 'http://127.0.0.1:1/upload/fresh', handle: { kind: 'file', name: 'a.mp4' }, keptAt: now - 1000 });
    await files.put({ uploadUrl: 'http://127.0.0.1:1/upload/old', handle: { kind: 'file', name: 'b.mp4' }, keptAt: now - ORPHAN_GRACE_MS - 1000 });
    await files.put({ uploadUrl: 'http://127.0.0.1:1/upload/undated', handle: { kind: 'file', name: 'c.mp4' } });
    const listed = await listUnfinished({ storage: new TokenFreeUrlStorage(memoryStore()), files, scope: null, ttlHours: 24 });
    assert.deepEqual(listed, [], 'nothing is remembered, so nothing is listed');
    assert.deepEqual([...files.records.keys()], ['http://127.0.0.1:1/upload/fresh']);
  });
});
