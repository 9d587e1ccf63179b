// The network-loss retries (src/core/policy/retry-plan.ts) rely on behaviour tus-js-client does not
// document: after `onShouldRetry(err, attempt, options)` returns true, `BaseUpload#_emitError` reads the
// wait from `options.retryDelays[attempt]` (the same options object, read after the call). So a wait
// written there in onShouldRetry is the one used. This test uploads through a real @tus/server behind a
// server that fails the first PATCHes, and records the waits tus-js-client asks the timers for: it fails
// if a new tus-js-client version reads the wait before asking, or from a copy (the package pins 4.3.1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Upload } from 'tus-js-client/lib/node/index.js';
import { tusBehind } from './tus-behind.mjs';
import { DELAYS } from '../../../src/core/policy/retry.ts';
import { retryPlan } from '../../../src/core/policy/retry-plan.ts';

const MiB = 1024 * 1024;

describe('tus-js-client waits what onShouldRetry wrote into options.retryDelays', { timeout: 60_000 }, () => {
  /** PATCHes still to fail: 'cut' (the connection dropped, no answer) or a status. */
  let failures = [];

  const tus = tusBehind('tus-retry-delay-', async (req, res, store) => {
    if (req.method === 'PATCH' && failures.length) {
      const failure = failures.shift();
      if (failure === 'cut') return req.socket.destroy();
      req.resume();
      return res.writeHead(failure, { 'Tus-Resumable': '1.0.0', 'Content-Type': 'text/plain' }).end('try again');
    }
    await store.handle(req, res);
  });

  /**
   * Uploads `data`; resolves with the upload and the waits tus-js-client scheduled its retries with
   * (its setTimeout calls that start the upload again), each timer run at once so the test does not wait.
   */
  async function upload(data, options) {
    const waits = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = (fn, ms, ...args) => {
      if (/\.start\(\)/.test(String(fn))) {
        waits.push(ms);
        return realSetTimeout(fn, 0, ...args);
      }
      return realSetTimeout(fn, ms, ...args);
    };
    try {
      const u = await new Promise((resolve, reject) => {
        const up = new Upload(data, {
          endpoint: tus.endpoint,
          chunkSize: 1 * MiB,
          metadata: { filename: 'retry.bin', filetype: 'application/octet-stream' },
          ...options,
          onSuccess: () => resolve(up),
          onError: reject,
        });
        up.start();
      });
      return { u, waits };
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  }

  const stored = (u) => tus.stored(u);

  test('a wait written in onShouldRetry is the one tus-js-client waits (an answer, then a cut connection)', async () => {
    const data = randomBytes(3 * MiB);
    failures = [503, 'cut'];
    const attempts = [];
    const { u, waits } = await upload(data, {
      retryDelays: [0, 0, 0],
      onShouldRetry: (err, attempt, options) => {
        attempts.push({ attempt, status: err.originalResponse?.getStatus() ?? 0 });
        options.retryDelays[attempt] = 4321 + attempt;
        return true;
      },
    });
    assert.deepEqual(attempts, [
      { attempt: 0, status: 503 },
      { attempt: 1, status: 0 },
    ]);
    assert.deepEqual(waits, [4321, 4322]);
    assert.ok((await stored(u)).equals(data), 'byte-complete after the retries');
  });

  test('the uploader plan: once the server answered, a lost connection is retried every second, up to a minute', async () => {
    const plan = retryPlan();
    // Long enough for tus-js-client, which stops at the length before it asks.
    assert.ok(plan.delays.length > DELAYS.networkFor / DELAYS.network);
    assert.equal(plan.delay('network', 0, true, 10_000), 0);
    assert.equal(plan.delay('network', 1, true, 10_010), DELAYS.network);
    assert.equal(plan.delay('network', 30, true, 40_000), DELAYS.network);
    assert.equal(plan.delay('network', 60, true, 10_000 + DELAYS.networkFor), null, 'a minute down: the upload fails (network)');
    // Progress resets tus-js-client's count to 0: a new outage, a new minute.
    assert.equal(plan.delay('network', 0, true, 100_000), 0);
    assert.equal(plan.delay('network', 5, true, 101_000), DELAYS.network);
    // A server that never answered, and answers such as 429 or 503: the backoff of retry-delays.
    assert.deepEqual([0, 1, 2, 3, 4].map((a) => plan.delay('network', a, false, 0)), [...DELAYS.tus, null]);
    assert.deepEqual([0, 1, 2, 3, 4].map((a) => plan.delay('answer', a, true, 0)), [...DELAYS.tus, null]);
  });

  test('retry-delays set by the developer are kept for every failure, and [] retries nothing', async () => {
    const own = retryPlan([0, 200]);
    assert.deepEqual(own.delays, [0, 200]);
    assert.deepEqual([0, 1, 2].map((a) => own.delay('network', a, true, a * 1000)), [0, 200, null]);
    const none = retryPlan([]);
    assert.equal(none.delay('network', 0, true, 0), null);
  });

  test('the plan in tus-js-client: a connection cut mid-upload is retried on the steady cadence', async () => {
    const data = randomBytes(3 * MiB);
    failures = ['cut', 'cut', 'cut', 'cut', 'cut'];
    const plan = retryPlan();
    let answered = false;
    const { u, waits } = await upload(data, {
      retryDelays: plan.delays,
      onAfterResponse: (_req, res) => {
        if (res.getStatus()) answered = true;
      },
      onShouldRetry: (err, attempt, options) => {
        const wait = plan.delay(err.originalResponse?.getStatus() ? 'answer' : 'network', attempt, answered, 0);
        if (wait === null) return false;
        options.retryDelays[attempt] = wait;
        return true;
      },
    });
    // Five cuts in a row, past the four waits of the backoff: the first at once, then every second.
    assert.deepEqual(waits, [0, 1000, 1000, 1000, 1000]);
    assert.ok((await stored(u)).equals(data));
  });
});
