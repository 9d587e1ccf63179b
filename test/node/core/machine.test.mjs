// The item state machine, the uploader's derived state and the events table, without any server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TRANSITIONS,
  transition,
  TransitionError,
  uploaderState,
  UPLOADER_EVENTS,
  UPLOADER_EVENT_NAMES,
  eventPropName,
  DELAYS,
  pollDelay,
  tusDelays,
  isRetryableUploadResponse,
  checkLink,
  createUploader,
} from '../../../src/core/index.ts';

const STATES = ['queued', 'preparing', 'confirm-resume', 'uploading', 'paused', 'success', 'processing', 'ready', 'error', 'cancelled'];

describe('core: state machine, events table, policy', { timeout: 30_000 }, () => {
  test('the table knows every state, and only states', () => {
    assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...STATES].sort());
    for (const targets of Object.values(TRANSITIONS)) for (const t of targets) assert.ok(STATES.includes(t), t);
  });

  test('every transition in the table is taken; every other one throws', () => {
    let allowed = 0;
    for (const from of STATES) {
      for (const to of STATES) {
        if (TRANSITIONS[from].includes(to)) {
          assert.equal(transition(from, to), to);
          allowed++;
        } else {
          assert.throws(() => transition(from, to), TransitionError, `${from} → ${to}`);
        }
      }
    }
    assert.equal(allowed, 25);
  });

  test('every state is reachable from queued, and ready is final', () => {
    const seen = new Set(['queued']);
    const next = ['queued'];
    while (next.length) for (const t of TRANSITIONS[next.pop()]) if (!seen.has(t)) (seen.add(t), next.push(t));
    assert.deepEqual([...seen].sort(), [...STATES].sort());
    assert.deepEqual(TRANSITIONS.ready, []);
  });

  test("the uploader's state is derived from its items'", () => {
    assert.equal(uploaderState([]), 'idle');
    assert.equal(uploaderState(['queued']), 'preparing');
    assert.equal(uploaderState(['cancelled']), 'idle');
    assert.equal(uploaderState(['ready', 'uploading', 'error']), 'uploading');
    assert.equal(uploaderState(['paused', 'confirm-resume']), 'confirm-resume');
    assert.equal(uploaderState(['ready', 'error']), 'error');
    assert.equal(uploaderState(['ready', 'success']), 'success');
    assert.equal(uploaderState(['processing', 'paused']), 'paused');
  });

  test('one events table: 16 events, only file-select cancelable, framework prop names derived', () => {
    assert.deepEqual(UPLOADER_EVENT_NAMES, Object.keys(UPLOADER_EVENTS));
    assert.equal(UPLOADER_EVENT_NAMES.length, 16); // with details-saved and details-error (#18)
    assert.deepEqual(UPLOADER_EVENT_NAMES.filter((n) => UPLOADER_EVENTS[n].cancelable), ['file-select']);
    assert.equal(eventPropName('upload-success'), 'onUploadSuccess');
    assert.equal(eventPropName('file-select'), 'onFileSelect');
    assert.equal(eventPropName('processing-error'), 'onProcessingError');
  });

  test('retry policy: one table of delays; backoff doubles, is capped and honours Retry-After', () => {
    assert.deepEqual(tusDelays(), [...DELAYS.tus]);
    assert.deepEqual(tusDelays([0, 5]), [0, 5]);
    assert.deepEqual(tusDelays([-1]), [...DELAYS.tus]);
    assert.equal(pollDelay(100, 0), 100);
    assert.equal(pollDelay(100, 1), 200);
    assert.equal(pollDelay(100, 3), 800);
    assert.equal(pollDelay(1000, 10), DELAYS.pollMax);
    assert.equal(pollDelay(100, 1, 5000), 5000);
    assert.equal(isRetryableUploadResponse(429), true);
    assert.equal(isRetryableUploadResponse(0), true);
    assert.equal(isRetryableUploadResponse(503), true);
    assert.equal(isRetryableUploadResponse(405), false);
    assert.equal(isRetryableUploadResponse(500, 'token invalid (null)'), false);
  });

  test('links: http(s) and sftp only; manifests refused', () => {
    assert.equal(checkLink(' https://example.com/a.mp4 ').href, 'https://example.com/a.mp4');
    assert.equal(checkLink('sftp://host/a.mov').protocol, 'sftp:');
    assert.throws(() => checkLink('ftp://example.com/a.mp4'), { code: 'invalid-url' });
    assert.throws(() => checkLink('not a url'), { code: 'invalid-url' });
    assert.throws(() => checkLink('https://example.com/master.m3u8'), { code: 'invalid-file-type' });
    const uploader = createUploader({ importUrl: 'http://127.0.0.1:9/import' });
    assert.throws(() => uploader.add('javascript:alert(1)'), { code: 'invalid-url' });
    assert.equal(uploader.getSnapshot().items.length, 0);
  });

  test('the snapshot is the same object until something changes, and frozen', async () => {
    const uploader = createUploader({ autoStart: false });
    const a = uploader.getSnapshot();
    assert.equal(uploader.getSnapshot(), a);
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.items));
    let calls = 0;
    const off = uploader.subscribe(() => calls++);
    const id = uploader.add(Buffer.from('x'), { name: 'a.mp4', type: 'video/mp4' });
    const b = uploader.getSnapshot();
    assert.notEqual(b, a);
    assert.equal(uploader.getSnapshot(), b);
    assert.equal(b.items[0].id, id);
    assert.equal(b.items[0].state, 'queued');
    assert.ok(Object.isFrozen(b.items[0]));
    assert.ok(calls >= 1);
    off();
    await uploader.cancel(id);
    assert.equal(uploader.getSnapshot().items[0].state, 'cancelled');
    await uploader.destroy();
    assert.throws(() => uploader.add(Buffer.from('x')));
  });
});
