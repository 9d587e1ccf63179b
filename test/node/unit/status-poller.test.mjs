// The status poller against a real HTTP server on 127.0.0.1 that answers like Gcore's
// `GET /streaming/videos/{id}`: a script of answers (video objects, arrays, 503s, resets, 404s),
// and the server counts how many requests were open at once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { StatusPoller, fetchVideoFromUrl, videoFetcher } from '../../../src/status/poller.ts';
import { isProcessingFailure, renditionLabel, renditionProgress, statusUrlFor } from '../../../src/status/video.ts';
import { GcoreUploaderError } from '../../../src/errors.ts';

const VIDEO_ID = 2501637;

function video(status, extra = {}) {
  return { id: VIDEO_ID, name: 'Gcore Demo', status, error: '', converted_videos: [], ...extra };
}

/**
 * A Gcore-like status server. `script` is a list of steps, one per request; the last step repeats.
 * A step: {video} | {array: video} | {status, body?, headers?} | {reset: true} | {body: 'raw text'} |
 * {hold: true} (the answer waits until `release()`); any step may have `delayMs`.
 */
async function startServer() {
  const state = { script: [], requests: [], inFlight: 0, maxInFlight: 0, held: [], closedEarly: 0, waiters: [] };
  const server = http.createServer((req, res) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      state.inFlight--;
    };
    res.on('finish', finish);
    res.on('close', () => {
      if (!res.writableFinished) state.closedEarly++;
      finish();
    });
    const index = state.requests.length;
    state.requests.push({ at: performance.now(), url: req.url, method: req.method, accept: req.headers.accept });
    for (const w of state.waiters.splice(0)) w();
    const step = state.script[Math.min(index, state.script.length - 1)] ?? { status: 500 };
    const answer = () => {
      if (res.destroyed) return;
      if (step.reset) return req.socket.destroy();
      if (step.video || step.array) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(step.array ? [step.array] : step.video));
      }
      if (step.status) {
        res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
        return res.end(step.body ?? JSON.stringify({ error: `status ${step.status}` }));
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(step.body ?? '');
    };
    if (step.hold) state.held.push(answer);
    else if (step.delayMs) setTimeout(answer, step.delayMs);
    else answer();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    state,
    url: `http://127.0.0.1:${port}/streaming/videos/{id}`,
    play(script) {
      state.script = script;
      state.requests = [];
      state.maxInFlight = 0;
      state.closedEarly = 0;
      state.held = [];
    },
    /** Resolves when the server has received `n` requests in this script. */
    requestCount(n) {
      return new Promise((resolve) => {
        const check = () => (state.requests.length >= n ? resolve() : state.waiters.push(check));
        check();
      });
    },
    release() {
      for (const answer of state.held.splice(0)) answer();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const gcore = await startServer();
after(() => gcore.close());

/** A poller on the test server that records every callback; `settled` resolves on onReady or onError. */
function pollerFor(options = {}) {
  const events = [];
  let settle;
  const settled = new Promise((resolve) => (settle = resolve));
  const fetchVideo = videoFetcher({ statusUrl: gcore.url }, VIDEO_ID);
  const poller = new StatusPoller({
    fetchVideo,
    interval: 10,
    maxInterval: 50,
    maxFailures: 5,
    ...options,
    onVideo: (v) => events.push(['video', v.status]),
    onStatusChange: (status) => events.push(['status', status]),
    onViewable: (v) => events.push(['viewable', v.status]),
    onReady: (v) => {
      events.push(['ready', v.status]);
      settle({ ready: v });
    },
    onError: (error, v) => {
      events.push(['error', error.code]);
      settle({ error, video: v });
    },
  });
  return { poller, events, settled };
}

test('empty → pending → viewable → ready: callbacks in order, then polling stops', async () => {
  const renditions = [
    { id: 1, name: 'vod240p', width: 426, height: 240, progress: 100, status: 'complete', error: '' },
    { id: 2, name: 'vod720p', width: 1280, height: 720, progress: 40, status: 'processing', error: '' },
  ];
  gcore.play([
    { video: video('empty') },
    { video: video('empty') },
    { video: video('pending', { converted_videos: renditions.map((r) => ({ ...r, progress: 0, status: 'processing' })) }) },
    { video: video('viewable', { converted_videos: renditions, hls_url: 'https://demo.gvideo.io/videos/x/master.m3u8' }) },
    { video: video('viewable', { converted_videos: renditions }) },
    { video: video('ready', { converted_videos: renditions.map((r) => ({ ...r, progress: 100, status: 'complete' })) }) },
    { status: 500 }, // never asked
  ]);
  const { poller, events, settled } = pollerFor();
  poller.start();
  const result = await settled;
  assert.equal(result.ready.status, 'ready');
  assert.deepEqual(events, [
    ['video', 'empty'],
    ['status', 'empty'],
    ['video', 'empty'],
    ['video', 'pending'],
    ['status', 'pending'],
    ['video', 'viewable'],
    ['status', 'viewable'],
    ['viewable', 'viewable'],
    ['video', 'viewable'],
    ['video', 'ready'],
    ['status', 'ready'],
    ['ready', 'ready'],
  ]);
  assert.equal(poller.polling, false);
  assert.equal(poller.video.status, 'ready');
  assert.equal(gcore.state.requests.length, 6, 'no request after ready');
  assert.equal(gcore.state.requests[0].url, `/streaming/videos/${VIDEO_ID}`);
  assert.match(gcore.state.requests[0].accept, /application\/json/);
});

test('a video that is ready at once fires onViewable, then onReady', async () => {
  gcore.play([{ video: video('ready') }]);
  const { poller, events, settled } = pollerFor();
  poller.start();
  await settled;
  assert.deepEqual(events, [
    ['video', 'ready'],
    ['status', 'ready'],
    ['viewable', 'ready'],
    ['ready', 'ready'],
  ]);
});

test('never two requests in flight, even when answers are slower than the interval', async () => {
  gcore.play([
    { video: video('pending'), delayMs: 40 },
    { status: 503, delayMs: 30 },
    { video: video('pending'), delayMs: 40 },
    { reset: true, delayMs: 20 },
    { video: video('viewable'), delayMs: 40 },
    { video: video('ready'), delayMs: 30 },
  ]);
  const { poller, settled } = pollerFor({ interval: 1 });
  poller.start();
  assert.equal(gcore.state.requests.length, 0);
  await gcore.requestCount(1); // the first request goes out at once, without waiting an interval
  const { ready } = await settled;
  assert.equal(ready.status, 'ready');
  assert.equal(gcore.state.requests.length, 6);
  assert.equal(gcore.state.maxInFlight, 1);
});

test('failures back off (interval × 2^n, capped) and end in status-request-failed after maxFailures', async () => {
  gcore.play([{ video: video('pending') }, { status: 503 }, { reset: true }, { status: 502 }, { body: '<html>gateway</html>' }, { status: 503 }]);
  const { poller, events, settled } = pollerFor({ interval: 10, maxInterval: 60, maxFailures: 5 });
  poller.start();
  const { error, video: last } = await settled;
  assert.ok(error instanceof GcoreUploaderError);
  assert.equal(error.code, 'status-request-failed');
  assert.equal(error.status, 503);
  assert.equal(error.retryable, true);
  assert.match(error.message, /5 requests in a row failed/);
  assert.equal(last.status, 'pending', 'onError gets the last video seen');
  assert.equal(gcore.state.requests.length, 6, '1 success, then 5 failures, then nothing');
  assert.deepEqual(events, [
    ['video', 'pending'],
    ['status', 'pending'],
    ['error', 'status-request-failed'],
  ]);
  // Gaps after failures 1..4: 20, 40, 60 (capped), 60 ms. Timers never fire early; allow 2 ms of clock skew.
  const at = gcore.state.requests.map((r) => r.at);
  const gaps = at.slice(2).map((t, i) => t - at[i + 1]);
  const expected = [20, 40, 60, 60];
  gaps.forEach((gap, i) => assert.ok(gap >= expected[i] - 2, `gap ${i + 1} was ${gap.toFixed(1)} ms, expected ≥ ${expected[i]}`));
  assert.ok(gaps[1] > gaps[0] && gaps[2] > gaps[0], `the backoff grows: ${gaps.map((g) => g.toFixed(0)).join(', ')}`);
  assert.equal(poller.polling, false);
});

test('a success resets the failure count; 429 and 408 are retried', async () => {
  gcore.play([
    { status: 503 },
    { status: 429, headers: { 'retry-after': '0' } },
    { status: 408 },
    { video: video('pending') },
    { reset: true },
    { status: 503 },
    { status: 503 },
    { video: video('ready') },
  ]);
  const { poller, events, settled } = pollerFor({ interval: 5, maxInterval: 20, maxFailures: 4 });
  poller.start();
  const result = await settled;
  assert.equal(result.ready?.status, 'ready', `settled with ${result.error?.message}`);
  assert.equal(gcore.state.requests.length, 8);
  assert.ok(!events.some(([kind]) => kind === 'error'));
});

test('a 4xx other than 408/429 is status-request-failed at once', async () => {
  for (const status of [404, 401, 403]) {
    gcore.play([{ status, body: JSON.stringify({ error: 'Not Found' }) }, { video: video('ready') }]);
    const { poller, events, settled } = pollerFor();
    poller.start();
    const { error, video: last } = await settled;
    assert.equal(error.code, 'status-request-failed');
    assert.equal(error.status, status);
    assert.equal(last, null);
    assert.equal(gcore.state.requests.length, 1, `no retry after ${status}`);
    assert.deepEqual(events, [['error', 'status-request-failed']]);
  }
});

test('"empty" with an error text ("File Invalid", seed 001) is processing-failed', async () => {
  gcore.play([{ video: video('empty') }, { video: video('empty', { error: 'File Invalid', converted_videos: [] }) }, { video: video('ready') }]);
  const { poller, events, settled } = pollerFor();
  poller.start();
  const { error, video: last } = await settled;
  assert.equal(error.code, 'processing-failed');
  assert.match(error.message, /File Invalid/);
  assert.equal(error.serverMessage, 'File Invalid');
  assert.equal(error.retryable, false);
  assert.equal(last.error, 'File Invalid');
  assert.equal(gcore.state.requests.length, 2);
  assert.deepEqual(events, [
    ['video', 'empty'],
    ['status', 'empty'],
    ['video', 'empty'],
    ['error', 'processing-failed'],
  ]);
});

test('status "error" is processing-failed, with or without an error text', async () => {
  gcore.play([{ video: video('pending') }, { video: video('error', { error: 'Transcoding failed: no video stream' }) }]);
  let { poller, events, settled } = pollerFor();
  poller.start();
  let { error } = await settled;
  assert.equal(error.code, 'processing-failed');
  assert.match(error.message, /no video stream/);
  assert.deepEqual(events.slice(-2), [
    ['status', 'error'],
    ['error', 'processing-failed'],
  ]);

  gcore.play([{ video: video('error', { error: null }) }]);
  ({ poller, settled } = pollerFor());
  poller.start();
  ({ error } = await settled);
  assert.equal(error.code, 'processing-failed');
  assert.match(error.message, /error/);
});

test('stop() aborts the request in flight, and nothing fires after it', async () => {
  gcore.play([{ video: video('pending') }, { hold: true }, { video: video('ready') }]);
  const { poller, events } = pollerFor();
  poller.start();
  await gcore.requestCount(2); // the second request is held by the server
  const seen = events.length;
  const closed = new Promise((resolve) => {
    const check = () => (gcore.state.closedEarly > 0 ? resolve() : setTimeout(check, 2));
    check();
  });
  poller.stop();
  await closed; // the server saw the connection go away: the request was aborted, not left running
  gcore.release();
  // Nothing can be awaited to prove that nothing happens: give a late answer and timers 10× the interval.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(events.length, seen, `fired after stop(): ${JSON.stringify(events.slice(seen))}`);
  assert.equal(gcore.state.requests.length, 2);
  assert.equal(poller.polling, false);
});

test('stop() while waiting for the next poll clears the timer', async () => {
  gcore.play([{ video: video('pending') }, { video: video('ready') }]);
  const events = [];
  let firstAnswer;
  const answered = new Promise((resolve) => (firstAnswer = resolve));
  const poller = new StatusPoller({
    fetchVideo: videoFetcher({ statusUrl: gcore.url }, VIDEO_ID),
    interval: 30,
    onVideo: (v) => (events.push(['video', v.status]), firstAnswer()),
    onStatusChange: (s) => events.push(['status', s]),
    onReady: () => events.push(['ready']),
    onError: (e) => events.push(['error', e.code]),
  });
  poller.start();
  await answered;
  poller.stop();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(gcore.state.requests.length, 1);
  assert.deepEqual(events, [
    ['video', 'pending'],
    ['status', 'pending'],
  ]);
});

test('a callback may stop the poller; start() again resumes polling', async () => {
  gcore.play([{ video: video('pending') }, { video: video('viewable') }, { video: video('ready') }]);
  let stopped;
  let ready;
  const whenStopped = new Promise((resolve) => (stopped = resolve));
  const whenReady = new Promise((resolve) => (ready = resolve));
  const viewables = [];
  const poller = new StatusPoller({
    fetchVideo: videoFetcher({ statusUrl: gcore.url }, VIDEO_ID),
    interval: 5,
    onViewable: (v) => {
      viewables.push(v.status);
      poller.stop();
      stopped();
    },
    onReady: ready,
  });
  poller.start();
  await whenStopped;
  assert.equal(gcore.state.requests.length, 2);
  assert.equal(poller.polling, false);
  poller.start();
  assert.equal((await whenReady).status, 'ready');
  assert.equal(gcore.state.requests.length, 3);
  assert.deepEqual(viewables, ['viewable'], 'onViewable fires once, even across a restart');
});

test("array-shaped answers (like Gcore's create) are read as the video", async () => {
  gcore.play([{ array: video('pending') }, { array: video('viewable') }, { array: video('ready') }]);
  const { poller, events, settled } = pollerFor();
  poller.start();
  const { ready } = await settled;
  assert.equal(ready.id, VIDEO_ID);
  assert.deepEqual(
    events.filter(([kind]) => kind === 'status').map(([, s]) => s),
    ['pending', 'viewable', 'ready'],
  );
});

test('fetchVideoFromUrl: status on non-2xx; a non-JSON or empty answer has none (retryable)', async () => {
  const url = statusUrlFor(gcore.url, VIDEO_ID);
  gcore.play([{ status: 503, body: 'busy', headers: { 'retry-after': '2' } }]);
  await assert.rejects(fetchVideoFromUrl(url), (err) => err.status === 503 && err.retryAfter === 2000 && /busy/.test(err.message));
  gcore.play([{ body: '<html>' }]);
  await assert.rejects(fetchVideoFromUrl(url), (err) => err.status === undefined && /not JSON/.test(err.message));
  gcore.play([{ status: 200, body: '[]' }]);
  await assert.rejects(fetchVideoFromUrl(url), /empty array/);
  gcore.play([{ array: video('viewable') }]);
  assert.equal((await fetchVideoFromUrl(url)).status, 'viewable');
});

test('videoFetcher: getStatus wins over statusUrl, null without either', async () => {
  assert.equal(videoFetcher({}, 1), null);
  assert.equal(videoFetcher({ statusUrl: '', getStatus: null }, 1), null);
  const asked = [];
  const fetchVideo = videoFetcher({ statusUrl: gcore.url, getStatus: async (id) => (asked.push(id), [video('ready')]) }, 'a/b');
  assert.equal((await fetchVideo(new AbortController().signal)).status, 'ready');
  assert.deepEqual(asked, ['a/b']);
});

test('a getStatus that throws is retried, then status-request-failed', async () => {
  let calls = 0;
  const { promise, resolve } = Promise.withResolvers ? Promise.withResolvers() : manualDeferred();
  const poller = new StatusPoller({
    fetchVideo: videoFetcher({ getStatus: async () => (calls++, Promise.reject(new Error('backend down'))) }, 1),
    interval: 1,
    maxInterval: 4,
    maxFailures: 3,
    onError: resolve,
  });
  poller.start();
  const error = await promise;
  assert.equal(error.code, 'status-request-failed');
  assert.match(error.message, /backend down/);
  assert.equal(calls, 3);
});

function manualDeferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

test('video helpers: failures, rendition labels and progress, status URLs', () => {
  assert.equal(isProcessingFailure({ status: 'error' }), true);
  assert.equal(isProcessingFailure({ status: 'empty', error: 'File Invalid' }), true);
  assert.equal(isProcessingFailure({ status: 'empty', error: '' }), false);
  assert.equal(isProcessingFailure({ status: 'empty', error: null }), false);
  assert.equal(isProcessingFailure({ status: 'pending', error: 'x' }), false);
  assert.equal(isProcessingFailure(null), false);

  assert.equal(renditionLabel({ name: 'vod720p', height: 720 }), '720p');
  assert.equal(renditionLabel({ name: 'vod480n', height: 480 }), '480p');
  assert.equal(renditionLabel({ name: 'custom', height: 1080 }), '1080p');
  assert.equal(renditionLabel({ name: 'audio' }), 'audio');

  assert.deepEqual(
    renditionProgress({
      converted_videos: [
        { name: 'vod360p', height: 360, progress: 100, status: 'complete' },
        { name: 'vod720p', height: 720, progress: 37.5, status: 'processing' },
        { name: 'vod1080p', height: 1080, progress: 140, status: 'error', error: 'boom' },
      ],
    }),
    [
      { name: 'vod360p', label: '360p', progress: 100, status: 'complete' },
      { name: 'vod720p', label: '720p', progress: 37.5, status: 'processing' },
      { name: 'vod1080p', label: '1080p', progress: 100, status: 'error' },
    ],
  );
  assert.deepEqual(renditionProgress({}), []);

  assert.equal(statusUrlFor('/api/videos/{id}/status', 42), '/api/videos/42/status');
  assert.equal(statusUrlFor('/api/status?id={id}&again={id}', 'a b/c'), '/api/status?id=a%20b%2Fc&again=a%20b%2Fc');
});
