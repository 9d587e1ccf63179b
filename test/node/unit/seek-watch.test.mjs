// The preview's watch over seeks that never complete (src/preview/seek-watch.ts), on a media element
// stand-in with the clock mocked: what a viewer sees is a preview that moves on from its first frame.
import { describe, test, mock, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { watchStuckSeeks, STUCK_SEEK_MS, STUCK_SEEK_ATTEMPTS } from '../../../src/preview/seek-watch.ts';

/** Just what the watch reads: `seeking`, `currentTime` (each write is a seek), `buffered`. */
class Media extends EventTarget {
  seeking = false;
  seeks = [];
  ranges = [[0.02, 4.04]];
  #time = 0;
  get currentTime() {
    return this.#time;
  }
  set currentTime(t) {
    this.#time = t;
    this.seeks.push(t);
    this.seeking = true;
    this.dispatchEvent(new Event('seeking'));
  }
  get buffered() {
    const r = this.ranges;
    return { length: r.length, start: (i) => r[i][0], end: (i) => r[i][1] };
  }
  seeked() {
    this.seeking = false;
    this.dispatchEvent(new Event('seeked'));
  }
}

describe('a seek that never completes', () => {
  let run;
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    run = new AbortController();
  });
  afterEach(() => {
    run.abort();
    mock.timers.reset();
  });

  test('is tried again at the same time once it has hung for 2 s over buffered data, and that one completes', () => {
    const video = new Media();
    watchStuckSeeks(video, run.signal);
    video.currentTime = 0.12; // hls.js skipping the gap before the first frame
    mock.timers.tick(STUCK_SEEK_MS - 1);
    assert.deepEqual(video.seeks, [0.12]);
    mock.timers.tick(1);
    assert.deepEqual(video.seeks, [0.12, 0.12]);
    video.seeked();
    mock.timers.tick(STUCK_SEEK_MS * 5);
    assert.deepEqual(video.seeks, [0.12, 0.12], 'nothing more after the seek completed');
  });

  test('a seek that completes in time is left alone', () => {
    const video = new Media();
    watchStuckSeeks(video, run.signal);
    video.currentTime = 1;
    mock.timers.tick(500);
    video.seeked();
    mock.timers.tick(STUCK_SEEK_MS * 3);
    assert.deepEqual(video.seeks, [1]);
  });

  test('a seek to a time not buffered yet waits for the network, and is tried again only once that time is buffered', () => {
    const video = new Media();
    video.ranges = [[0, 1]];
    watchStuckSeeks(video, run.signal);
    video.currentTime = 3;
    mock.timers.tick(STUCK_SEEK_MS * 3);
    assert.deepEqual(video.seeks, [3]);
    video.ranges = [[0, 5]];
    mock.timers.tick(STUCK_SEEK_MS);
    assert.deepEqual(video.seeks, [3, 3]);
  });

  test(`gives up after ${STUCK_SEEK_ATTEMPTS} tries of one seek; a later seek has its own tries`, () => {
    const video = new Media();
    watchStuckSeeks(video, run.signal);
    video.currentTime = 0.12;
    for (let i = 0; i < 10; i++) mock.timers.tick(STUCK_SEEK_MS);
    assert.equal(video.seeks.length, 1 + STUCK_SEEK_ATTEMPTS);
    video.seeked();
    video.currentTime = 2;
    mock.timers.tick(STUCK_SEEK_MS);
    assert.deepEqual(video.seeks.slice(-2), [2, 2]);
  });

  test('stops with its run (a new attach, destroy)', () => {
    const video = new Media();
    watchStuckSeeks(video, run.signal);
    video.currentTime = 0.12;
    run.abort();
    mock.timers.tick(STUCK_SEEK_MS * 3);
    assert.deepEqual(video.seeks, [0.12]);
  });
});
