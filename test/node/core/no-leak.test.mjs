// One cancellation idiom: after cancel(), remove(), reset(), destroy() — during an upload, a retry wait,
// a resume question, a link import or status polling — no request reaches any server (only the one
// DELETE that cancelling sends) and no timer of the core, the poller or tus-js-client is left.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { bytes, CHUNK, once, sleep, startBackend, startTus, trackTimers, until } from './helpers.mjs';

const MARGIN = 50; // a request already on the wire when the work stopped may still land

describe('core: nothing runs after it stops', { timeout: 30_000 }, async () => {
  const tus = await startTus(after);
  const backend = await startBackend(after, { session: () => tus.session(), importDelayMs: 400 });

  /** Runs `scenario` with timers tracked; then checks the servers' logs and the timers. */
  async function expectQuiet(scenario, { deleteExpected }) {
    tus.resetStats();
    const timers = trackTimers();
    try {
      const stoppedAt = await scenario(timers);
      await sleep(700); // longer than any retry delay or poll interval used here
      const late = [...tus.requestsAfter(stoppedAt + MARGIN), ...backend.requestsAfter(stoppedAt + MARGIN)];
      const deletes = tus.stats.requests.filter((r) => r.method === 'DELETE');
      assert.deepEqual(late.filter((r) => r.method !== 'DELETE'), [], 'no request after stopping');
      assert.equal(deletes.length, deleteExpected ? 1 : 0, 'one DELETE when cancelling, none otherwise');
      assert.deepEqual(timers.pending(), [], 'no timer left');
    } finally {
      timers.stop();
      tus.faults.length = 0;
    }
  }

  const uploading = async (options = {}) => {
    tus.inject({ method: 'PATCH', delayMs: 150, times: 100 });
    const uploader = createUploader({ session: options.session ?? tus.session(), chunkSize: CHUNK, retryDelays: [0, 300], resumeStore: memoryStore(), ...options });
    const id = uploader.add(bytes(CHUNK * 8), { name: 'x.mp4', type: 'video/mp4' });
    await once(uploader, 'chunk-complete');
    return { uploader, id };
  };

  for (const how of ['cancel', 'remove', 'reset']) {
    test(`${how}() during an upload`, async () => {
      await expectQuiet(
        async () => {
          const { uploader, id } = await uploading();
          const settled = uploader.settled(id).catch((e) => e);
          if (how === 'cancel') await uploader.cancel(id);
          else if (how === 'remove') uploader.remove(id);
          else await uploader.reset();
          const at = Date.now();
          assert.equal((await settled).code, 'aborted');
          return at;
        },
        { deleteExpected: true },
      );
    });
  }

  test('destroy() during an upload (the element left the page): no DELETE, still resumable', async () => {
    const store = memoryStore();
    await expectQuiet(
      async () => {
        const { uploader, id } = await uploading({ resumeStore: store });
        await uploader.destroy();
        const at = Date.now();
        await assert.rejects(uploader.settled(id), { code: 'aborted' });
        return at;
      },
      { deleteExpected: false },
    );
    assert.equal(store.length, 1);
  });

  test('cancel() while tus-js-client waits to retry', async () => {
    await expectQuiet(
      async (timers) => {
        tus.inject({ method: 'POST', status: 503, times: 10 });
        const uploader = createUploader({ session: tus.session(), chunkSize: CHUNK, retryDelays: [0, 5000], resumeStore: memoryStore() });
        const id = uploader.add(bytes(100), { name: 'x.mp4', type: 'video/mp4' });
        while (tus.stats.requests.filter((r) => r.method === 'POST').length < 2) await sleep(10);
        await sleep(30);
        assert.equal(timers.pending().length, 1, 'tus-js-client waits on a timer');
        await uploader.cancel(id);
        return Date.now();
      },
      { deleteExpected: false },
    );
  });

  test('destroy() while asking whether to resume', async () => {
    const store = memoryStore();
    const session = tus.session();
    const first = await uploading({ resumeStore: store, session });
    await first.uploader.destroy();
    tus.faults.length = 0;
    await expectQuiet(
      async () => {
        const uploader = createUploader({ session, chunkSize: CHUNK, resumeStore: store, resume: 'ask' });
        const id = uploader.add(bytes(CHUNK * 8), { name: 'x.mp4', type: 'video/mp4' });
        await until(uploader, (s) => s.items[0].state === 'confirm-resume');
        await uploader.destroy();
        await assert.rejects(uploader.settled(id), { code: 'aborted' });
        return Date.now();
      },
      { deleteExpected: false },
    );
  });

  test('reset() during a link import: the import is aborted and no status poller starts', async () => {
    const aborted = backend.state.aborted;
    await expectQuiet(
      async () => {
        const uploader = createUploader({ importUrl: `${backend.origin}/import`, pollInterval: 50 });
        const id = uploader.add('https://example.com/films/take.mp4');
        while (!backend.log.some((r) => r.url === '/import' && r.t >= Date.now() - 1000)) await sleep(5);
        assert.equal(uploader.getSnapshot().items[0].state, 'preparing');
        await uploader.reset();
        const at = Date.now();
        await assert.rejects(uploader.settled(id), { code: 'aborted' });
        return at;
      },
      { deleteExpected: false },
    );
    assert.equal(backend.state.aborted, aborted + 1, 'the import request was aborted');
    assert.equal(backend.log.filter((r) => r.url.startsWith('/status/')).length, 0, 'no status request, ever');
  });

  test('reset() while following the status: polling stops', async () => {
    await expectQuiet(
      async () => {
        backend.state.importDelayMs = 0;
        const uploader = createUploader({ importUrl: `${backend.origin}/import`, pollInterval: 50 });
        uploader.add('https://example.com/films/take.mp4');
        await once(uploader, 'status-change');
        await sleep(120);
        assert.equal(uploader.getSnapshot().state, 'processing');
        await uploader.reset();
        return Date.now();
      },
      { deleteExpected: false },
    );
    backend.state.importDelayMs = 400;
  });
});
