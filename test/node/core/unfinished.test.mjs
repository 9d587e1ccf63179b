// Issue #17 in Node: the core lists what an earlier uploader (a "page" before a reload) left unfinished,
// resumes it from a file chosen again (checked against its fingerprint), forgets it on discard, after
// resumeTtlHours and when the server no longer has it, and tells a refused upload (403) from a gone one
// (404). A real @tus/server with Gcore's checks; one memoryStore() stands for the page's localStorage.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { bytes, CHUNK, once, record, startTus } from './helpers.mjs';

const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const FAST = [0, 50, 100];
const HOUR = 3600_000;
const LAST_MODIFIED = 1_700_000_000_000;
const HELD_MS = 300;

const nodeFile = (data, name = 'reel.mp4', lastModified = LAST_MODIFIED) => new File([data], name, { type: 'video/mp4', lastModified });

/** The store's remembered uploads, parsed ({key, value}). */
function entries(store) {
  const out = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith('gcore-uploader::')) out.push({ key, value: JSON.parse(store.getItem(key)) });
  }
  return out;
}

/** Moves every remembered upload's creation time `ms` into the past. */
function backdate(store, ms) {
  for (const { key, value } of entries(store)) store.setItem(key, JSON.stringify({ ...value, creationTime: new Date(Date.parse(value.creationTime) - ms).toISOString() }));
}

describe('core: unfinished uploads after a reload (#17)', { timeout: 60_000 }, async () => {
  const tus = await startTus(after);
  const uploaders = [];
  after(async () => {
    for (const u of uploaders) await u.destroy().catch(() => {});
  });
  const make = (options) => {
    const u = createUploader({ chunkSize: CHUNK, retryDelays: FAST, ...options });
    uploaders.push(u);
    return u;
  };

  /**
   * A first "page" uploads `data` and goes away after `chunks` chunks (destroy(): no DELETE, it stays
   * resumable). Returns what a user would know: the session, the file, and the server's upload.
   */
  async function interrupted({ size = CHUNK * 8 + 321, seed = 1, chunks = 3, name = 'reel.mp4' } = {}) {
    tus.resetStats();
    const session = tus.session();
    const store = memoryStore();
    const data = bytes(size, seed);
    const file = nodeFile(data, name);
    const first = make({ session, resumeStore: store });
    // `chunks` quick chunks, then one that the server holds: the page goes away while it is on the wire
    // (not between two chunks, where tus-js-client's Node request cannot be aborted yet).
    tus.inject({ method: 'PATCH', delayMs: 40, times: chunks });
    tus.inject({ method: 'PATCH', delayMs: HELD_MS, times: 1 });
    const id = first.add(file);
    const [start] = await once(first, 'upload-start');
    await until(() => requests('PATCH').length === chunks + 1);
    await first.destroy();
    await assert.rejects(first.settled(id), { code: 'aborted' });
    // The held PATCH ends (answered, or dropped as its client went away) once the server lets it go.
    const held = requests('PATCH').at(-1);
    await until(() => held.status !== undefined || Date.now() > held.t + HELD_MS + 150);
    const created = tus.stats.created[0];
    assert.ok(created, 'the first page created an upload');
    assert.equal(tus.stats.requests.filter((r) => r.method === 'DELETE').length, 0, 'a page going away deletes nothing');
    tus.resetStats();
    return { session, store, data, file, videoId: start.videoId, uploadId: created.id, token: created.metadata.token };
  }

  /** Resolves when `check()` holds (the server's log has no event to wait for), or fails after 5 s. */
  async function until(check, what = check.toString()) {
    for (const end = Date.now() + 5000; !check(); await new Promise((r) => setTimeout(r, 5))) if (Date.now() > end) throw new Error(`timed out: ${what}`);
  }

  const requests = (method, since = 0) => tus.stats.requests.filter((r) => r.method === method && r.t >= since);

  test('a new uploader over the same store lists it: name, size, type, last change, creation time and the server offset', async () => {
    const { session, store, file, videoId, uploadId, token } = await interrupted();
    assert.equal(entries(store).length, 1);
    assert.ok(!JSON.stringify(entries(store)).includes(token), 'no token in the store');

    const second = make({ session, resumeStore: store });
    const list = await second.refreshUnfinished();
    assert.equal(list.length, 1);
    const [u] = list;
    assert.equal(u.videoId, videoId);
    assert.ok(u.uploadUrl.endsWith(uploadId), `${u.uploadUrl} is the upload ${uploadId}`);
    assert.equal(typeof u.key, 'string');
    assert.equal(u.name, 'reel.mp4');
    assert.equal(u.size, file.size);
    assert.equal(u.type, 'video/mp4');
    assert.equal(u.lastModified, LAST_MODIFIED);
    assert.ok(Math.abs(Date.parse(u.createdAt) - Date.now()) < 60_000, `createdAt ${u.createdAt} is now`);
    assert.ok(u.offset >= CHUNK * 3 && u.offset < file.size, `offset ${u.offset}`);
    assert.equal(u.source, 'pick', 'Node keeps no handle and no copy: the file must be given again');
    assert.equal(u.expired, false);
    assert.equal(u.otherTab, null);
    assert.deepEqual(second.getSnapshot().unfinished, list, 'the snapshot lists the same');
    assert.ok(requests('HEAD').some((r) => u.uploadUrl.endsWith(r.url)), 'the offset comes from a HEAD to the upload URL');
    assert.equal(requests('POST').length + requests('PATCH').length, 0, 'listing sends no bytes and creates nothing');
  });

  test("resumeScope: another session's uploader lists it only with resumeScope 'origin'", async () => {
    const { store } = await interrupted({ seed: 2 });
    assert.equal((await make({ session: tus.session(), resumeStore: store }).refreshUnfinished()).length, 0, "'session' (the default): not this session's video");
    assert.equal((await make({ session: tus.session(), resumeStore: store, resumeScope: 'origin' }).refreshUnfinished()).length, 1);
  });

  test('resumeUnfinished(key, the same file): no new upload, at most one chunk again, byte-exact; then forgotten', async () => {
    const { session, store, data, file, videoId, uploadId } = await interrupted({ seed: 3 });
    const second = make({ session, resumeStore: store });
    const [listed] = await second.refreshUnfinished();
    tus.resetStats();
    const log = record(second, ['upload-start', 'upload-success', 'upload-error']);
    const again = nodeFile(data); // what the user chooses again: another File object of the same file
    assert.notEqual(again, file);
    const id = await second.resumeUnfinished(listed.key, again);
    assert.equal(typeof id, 'string');
    assert.equal(second.getSnapshot().unfinished.length, 0, 'no longer listed once resumed here');
    assert.equal(await second.settled(id), videoId);
    assert.deepEqual(log.map((e) => e.name), ['upload-start', 'upload-success']);
    assert.equal(log[0].detail.resumed, true);
    assert.ok(log[0].detail.offset >= listed.offset, `resumed from ${log[0].detail.offset}`);
    assert.equal(tus.stats.created.length, 0, 'no new upload');
    assert.ok(tus.stats.patchBytes <= data.length - listed.offset + CHUNK, `${tus.stats.patchBytes} bytes sent for ${data.length - listed.offset} missing`);
    assert.deepEqual(tus.stats.finished, [uploadId]);
    assert.equal((await tus.digest(uploadId)).sha256, sha(data));
    assert.equal(entries(store).length, 0, 'forgotten once complete');
    assert.equal((await make({ session, resumeStore: store }).refreshUnfinished()).length, 0);
  });

  test('resumeUnfinished(key, another file): resume-file-mismatch and nothing sent; the entry stays and the right file resumes', async () => {
    const { session, store, data, uploadId } = await interrupted({ seed: 4 });
    const second = make({ session, resumeStore: store });
    const [listed] = await second.refreshUnfinished();
    const others = [
      ['other bytes (same name, size, last change)', nodeFile(bytes(data.length, 99))],
      ['another last change (same bytes)', nodeFile(data, 'reel.mp4', LAST_MODIFIED + 1000)],
      ['another name (same bytes)', nodeFile(data, 'reel2.mp4')],
    ];
    for (const [what, other] of others) {
      const since = Date.now();
      const errored = once(second, 'upload-error');
      const id = await second.resumeUnfinished(listed.key, other);
      await assert.rejects(second.settled(id), { code: 'resume-file-mismatch' }, what);
      const [detail] = await errored;
      assert.equal(detail.code, 'resume-file-mismatch', what);
      assert.ok(detail.message.length > 10, `a message: ${detail.message}`);
      assert.equal(second.getSnapshot().items.find((i) => i.id === id).state, 'error');
      assert.deepEqual(tus.requestsAfter(since - 1), [], `${what}: nothing sent (no HEAD, no PATCH, no new upload, no DELETE)`);
      assert.equal(entries(store).length, 1, `${what}: still remembered`);
    }
    const relisted = await second.refreshUnfinished();
    assert.equal(relisted.length, 1, 'listed again after the refusals');
    tus.resetStats();
    const id = await second.resumeUnfinished(relisted[0].key, nodeFile(data));
    await second.settled(id);
    assert.equal(tus.stats.created.length, 0);
    assert.equal((await tus.digest(uploadId)).sha256, sha(data));
  });

  test('resumeUnfinished(key) without a file in Node rejects resume-file-unavailable', async () => {
    const { session, store } = await interrupted({ seed: 5 });
    const second = make({ session, resumeStore: store });
    const [listed] = await second.refreshUnfinished();
    await assert.rejects(second.resumeUnfinished(listed.key), { code: 'resume-file-unavailable' });
    assert.deepEqual(requests('PATCH'), []);
    assert.equal(entries(store).length, 1, 'still remembered');
  });

  test('discardUnfinished(key): DELETE to the upload URL, forgotten, not listed again', async () => {
    const { session, store, uploadId } = await interrupted({ seed: 6 });
    const second = make({ session, resumeStore: store });
    const [listed] = await second.refreshUnfinished();
    await second.discardUnfinished(listed.key);
    const deletes = requests('DELETE');
    assert.equal(deletes.length, 1, 'one tus DELETE');
    assert.ok(listed.uploadUrl.endsWith(deletes[0].url), `DELETE ${deletes[0].url}`);
    assert.equal(deletes[0].status, 204);
    assert.equal(second.getSnapshot().unfinished.length, 0);
    assert.equal(entries(store).length, 0);
    assert.equal((await make({ session, resumeStore: store }).refreshUnfinished()).length, 0);
    await assert.rejects(tus.digest(uploadId), 'the server dropped it');
  });

  test('resumeTtlHours: older entries are not listed and are forgotten (default 24 h)', async () => {
    const { session, store } = await interrupted({ seed: 7 });
    backdate(store, 2 * HOUR);
    assert.equal((await make({ session, resumeStore: store, resumeTtlHours: 3 }).refreshUnfinished()).length, 1, '2 h old, 3 h kept: listed');
    assert.equal(entries(store).length, 1);
    assert.equal((await make({ session, resumeStore: store, resumeTtlHours: 1 }).refreshUnfinished()).length, 0, '2 h old, 1 h kept: not listed');
    assert.equal(entries(store).length, 0, 'and forgotten');

    const second = await interrupted({ seed: 8 });
    backdate(second.store, 23 * HOUR);
    assert.equal((await make({ session: second.session, resumeStore: second.store }).refreshUnfinished()).length, 1, '23 h: listed by default');
    backdate(second.store, 2 * HOUR);
    assert.equal((await make({ session: second.session, resumeStore: second.store }).refreshUnfinished()).length, 0, '25 h: not listed by default');
    assert.equal(entries(second.store).length, 0);
  });

  for (const status of [404, 410]) {
    test(`HEAD ${status}: listed once as expired, forgotten`, async () => {
      const { session, store } = await interrupted({ seed: 9 + status });
      tus.inject({ method: 'HEAD', status, body: 'Gone' });
      const second = make({ session, resumeStore: store });
      const list = await second.refreshUnfinished();
      assert.equal(list.length, 1);
      assert.equal(list[0].expired, true);
      assert.equal(entries(store).length, 0, 'forgotten at once');
      const again = await second.refreshUnfinished();
      assert.equal(again.length, 0, 'listed only once');
      assert.equal((await make({ session, resumeStore: store }).refreshUnfinished()).length, 0);
    });
  }

  test('PATCH 403 on resume: upload-forbidden; the entry stays and resumes later', async () => {
    const { session, store, data, uploadId } = await interrupted({ seed: 10 });
    const second = make({ session, resumeStore: store });
    const [listed] = await second.refreshUnfinished();
    tus.inject({ method: 'PATCH', status: 403, body: 'Forbidden', times: 5 });
    const errored = once(second, 'upload-error');
    const id = await second.resumeUnfinished(listed.key, nodeFile(data));
    await assert.rejects(second.settled(id), { code: 'upload-forbidden' });
    const [detail] = await errored;
    assert.equal(detail.code, 'upload-forbidden');
    assert.equal(detail.status, 403);
    tus.faults.length = 0;
    assert.equal(entries(store).length, 1, 'still remembered');
    const third = make({ session, resumeStore: store });
    const relisted = await third.refreshUnfinished();
    assert.equal(relisted.length, 1, 'still listed');
    assert.equal(relisted[0].expired, false);
    tus.resetStats();
    await third.settled(await third.resumeUnfinished(relisted[0].key, nodeFile(data)));
    assert.equal(tus.stats.created.length, 0);
    assert.equal((await tus.digest(uploadId)).sha256, sha(data));
  });

  for (const [method, status] of [['PATCH', 404], ['PATCH', 410], ['HEAD', 404]]) {
    test(`${method} ${status} on resume: upload-expired, no new upload, forgotten`, async () => {
      const { session, store, data } = await interrupted({ seed: 20 + status + method.length });
      const second = make({ session, resumeStore: store });
      const [listed] = await second.refreshUnfinished();
      const since = Date.now();
      tus.inject({ method, status, body: 'Upload not found', times: 5 });
      const errored = once(second, 'upload-error');
      const id = await second.resumeUnfinished(listed.key, nodeFile(data));
      await assert.rejects(second.settled(id), { code: 'upload-expired' });
      assert.equal((await errored)[0].code, 'upload-expired');
      tus.faults.length = 0;
      assert.deepEqual(requests('POST', since), [], 'a resume never starts a new upload by itself');
      assert.equal(entries(store).length, 0, 'forgotten');
      assert.equal((await make({ session, resumeStore: store }).refreshUnfinished()).length, 0);
    });
  }
});
