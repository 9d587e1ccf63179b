// The adaptive chunk size (src/core/policy/chunk-size.ts), without a network: simulated links.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createChunkSizer,
  chunkSizerSettings,
  chunkSizeForThroughput,
  DEFAULT_CHUNK_TARGET_SECONDS,
  DEFAULT_MIN_CHUNK_SIZE,
  DEFAULT_MAX_CHUNK_SIZE,
  MAX_CHUNK_GROWTH,
  SMALLEST_CHUNK_SIZE,
} from '../../../src/core/policy/chunk-size.ts';

const MiB = 1024 * 1024;

/** A chunk of `bytes` on a link of `rate` bytes/s with `rttMs`: the PATCH and its answer. */
const chunkMs = (bytes, rate, rttMs) => rttMs + (bytes / rate) * 1000;

/** Sends `count` chunks on a simulated link; answers every size the sizer chose. */
function simulate(sizer, { rate, rttMs = 40, count = 12 }) {
  const sizes = [sizer.first()];
  for (let i = 0; i < count; i++) {
    const bytes = sizes[sizes.length - 1];
    sizes.push(sizer.next({ bytes, ms: chunkMs(bytes, rate, rttMs) }));
  }
  return sizes;
}

const finiteInt = (n) => Number.isInteger(n) && Number.isFinite(n) && n >= 1;

describe('chunk-size policy', { timeout: 10_000 }, () => {
  test('the defaults: 5 s, 1 MiB … 64 MiB, growth ×4', () => {
    assert.equal(DEFAULT_CHUNK_TARGET_SECONDS, 5);
    assert.equal(DEFAULT_MIN_CHUNK_SIZE, 1 * MiB);
    assert.equal(DEFAULT_MAX_CHUNK_SIZE, 64 * MiB);
    assert.equal(MAX_CHUNK_GROWTH, 4);
    assert.deepEqual(chunkSizerSettings(), { targetSeconds: 5, min: MiB, max: 64 * MiB, first: MiB, smoothing: 0.5 });
  });

  test('the first chunk is the min, so that the first progress arrives fast', () => {
    assert.equal(createChunkSizer().first(), MiB);
    assert.equal(createChunkSizer({ min: 256 * 1024 }).first(), 256 * 1024);
    assert.equal(createChunkSizer({ first: 8 * MiB }).first(), 8 * MiB);
    assert.equal(createChunkSizer({ first: 1 }).first(), MiB, 'the first chunk is clamped too');
    const sizer = createChunkSizer();
    assert.equal(sizer.first(), sizer.first(), 'first() has no side effect');
    assert.equal(sizer.current, MiB);
  });

  for (const [label, rate, rttMs] of [
    ['1 MB/s, 150 ms', 1e6, 150],
    ['2.5 MB/s (20 Mbit), 150 ms', 2.5e6, 150],
    ['5 MB/s, 10 ms', 5e6, 10],
    ['12.5 MB/s (100 Mbit), 40 ms', 12.5e6, 40],
  ]) {
    test(`converges to a chunk of about 5 s of throughput: ${label}`, () => {
      const sizes = simulate(createChunkSizer(), { rate, rttMs, count: 15 });
      const last = sizes[sizes.length - 1];
      const seconds = last / rate;
      assert.ok(seconds > 4.5 && seconds < 5.5, `${last} bytes = ${seconds.toFixed(2)} s at ${label}`);
      // …and it stays there.
      const tail = sizes.slice(-4);
      assert.ok(Math.max(...tail) / Math.min(...tail) < 1.05, `steady: ${tail}`);
      for (const s of sizes) assert.ok(finiteInt(s) && s >= MiB && s <= 64 * MiB, `within bounds: ${s}`);
    });
  }

  test('a custom target: 2 s', () => {
    const sizes = simulate(createChunkSizer({ targetSeconds: 2 }), { rate: 2.5e6, rttMs: 40, count: 15 });
    const seconds = sizes[sizes.length - 1] / 2.5e6;
    assert.ok(seconds > 1.8 && seconds < 2.2, `${seconds} s`);
  });

  test('grows at most ×4 per chunk', () => {
    const sizes = simulate(createChunkSizer(), { rate: 1e9, rttMs: 0, count: 6 });
    for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] <= sizes[i - 1] * 4, `${sizes[i - 1]} → ${sizes[i]}`);
    assert.deepEqual(sizes.slice(0, 4), [MiB, 4 * MiB, 16 * MiB, 64 * MiB]);
  });

  test('clamped within min and max', () => {
    // A fast link: 5 s would be 312 MB; the max holds.
    const fast = simulate(createChunkSizer(), { rate: 62.5e6, rttMs: 10, count: 10 });
    assert.equal(fast[fast.length - 1], 64 * MiB);
    // A slow link: 5 s would be 250 kB; the min holds.
    const slow = simulate(createChunkSizer(), { rate: 50e3, rttMs: 300, count: 10 });
    assert.ok(slow.every((s) => s === MiB), `${slow}`);
    // Custom bounds.
    const custom = simulate(createChunkSizer({ min: 2 * MiB, max: 8 * MiB }), { rate: 62.5e6, count: 10 });
    assert.equal(custom[0], 2 * MiB);
    assert.equal(custom[custom.length - 1], 8 * MiB);
    // A max below the min: the min wins.
    assert.deepEqual([chunkSizerSettings({ min: 10 * MiB, max: MiB }).min, chunkSizerSettings({ min: 10 * MiB, max: MiB }).max], [10 * MiB, 10 * MiB]);
    assert.equal(chunkSizeForThroughput(62.5e6), 64 * MiB);
    assert.equal(chunkSizeForThroughput(1e6), 5e6);
    assert.equal(chunkSizeForThroughput(0), MiB);
  });

  test('follows the throughput down when the link slows', () => {
    const sizer = createChunkSizer();
    simulate(sizer, { rate: 12.5e6, rttMs: 40, count: 12 });
    assert.ok(sizer.current > 50 * MiB);
    let size = sizer.current;
    for (let i = 0; i < 10; i++) size = sizer.next({ bytes: size, ms: chunkMs(size, 1e6, 40) });
    assert.ok(size / 1e6 > 4 && size / 1e6 < 6, `${size} bytes at 1 MB/s`);
  });

  test('after a failed chunk the next one is half as large, then it grows again', () => {
    const sizer = createChunkSizer();
    simulate(sizer, { rate: 12.5e6, rttMs: 40, count: 12 });
    const before = sizer.current;
    const halved = sizer.next({ bytes: 0, ms: 3000, failed: true });
    assert.equal(halved, Math.floor(before / 2));
    assert.equal(sizer.next({ bytes: 0, ms: 10, failed: true }), Math.floor(before / 4));
    // Failures do not go below the min.
    for (let i = 0; i < 20; i++) sizer.next({ bytes: 123, ms: 5, failed: true });
    assert.equal(sizer.current, MiB);
    // A failure does not spoil the throughput estimate: it grows back (×4 at most per chunk).
    const rate = sizer.bytesPerSecond;
    const sizes = simulate(sizer, { rate: 12.5e6, rttMs: 40, count: 6 }).slice(1);
    assert.ok(rate > 10e6, `${rate}`);
    assert.deepEqual(sizes.slice(0, 2), [4 * MiB, 16 * MiB]);
    assert.ok(sizes[sizes.length - 1] > 50 * MiB);
  });

  test('413: halve, send that chunk again, and never go above that for the rest of the upload', () => {
    const sizer = createChunkSizer();
    simulate(sizer, { rate: 62.5e6, rttMs: 10, count: 6 });
    assert.equal(sizer.current, 64 * MiB);
    assert.equal(sizer.tooLarge(), 32 * MiB, 'the chunk is sent again at half the size');
    assert.equal(sizer.max, 32 * MiB);
    const after = simulate(sizer, { rate: 62.5e6, rttMs: 10, count: 10 });
    assert.ok(after.every((s) => s <= 32 * MiB), `${after}`);
    assert.equal(after[after.length - 1], 32 * MiB);
    // Again: 16 MiB for good; a failure halves below it, growth stops at it.
    assert.equal(sizer.tooLarge(), 16 * MiB);
    assert.equal(sizer.next({ bytes: 0, ms: 1, failed: true }), 8 * MiB);
    const again = simulate(sizer, { rate: 62.5e6, rttMs: 10, count: 5 });
    assert.equal(Math.max(...again), 16 * MiB);
  });

  test('413 below the min lowers the min too, down to 64 KiB, then answers the same size (give up)', () => {
    const sizer = createChunkSizer();
    assert.equal(sizer.tooLarge(), 512 * 1024);
    assert.equal(sizer.next({ bytes: 512 * 1024, ms: 1 }), 512 * 1024, 'max holds');
    let size = sizer.current;
    for (let i = 0; i < 10; i++) size = sizer.tooLarge();
    assert.equal(size, SMALLEST_CHUNK_SIZE);
    assert.equal(sizer.tooLarge(), SMALLEST_CHUNK_SIZE, 'nothing smaller to try');
    assert.equal(sizer.next({ bytes: 0, failed: true, ms: 0 }), SMALLEST_CHUNK_SIZE);
  });

  test('no NaN or Infinity from 0 ms, 0 bytes or garbage samples', () => {
    const sizer = createChunkSizer();
    const answers = [
      sizer.next({ bytes: MiB, ms: 0 }),
      sizer.next({ bytes: 0, ms: 0 }),
      sizer.next({ bytes: 0, ms: 100 }),
      sizer.next({ bytes: MiB, ms: -5 }),
      sizer.next({ bytes: NaN, ms: NaN }),
      sizer.next({ bytes: Infinity, ms: 10 }),
      sizer.next({ bytes: MiB, ms: Infinity }),
      sizer.next({}),
      sizer.next(undefined),
      sizer.next({ bytes: '1048576', ms: '100' }),
    ];
    for (const a of answers) assert.ok(finiteInt(a) && a >= MiB && a <= 64 * MiB, `${a}`);
    assert.ok(Number.isFinite(sizer.bytesPerSecond));
    // A sizer that only ever saw empty samples keeps its first size.
    const idle = createChunkSizer();
    assert.equal(idle.next({ bytes: 0, ms: 0 }), MiB);
    assert.equal(idle.bytesPerSecond, null);
  });

  test('invalid options fall back to the defaults', () => {
    for (const bad of [NaN, -1, 0, Infinity, '5', null]) {
      const s = chunkSizerSettings({ targetSeconds: bad, min: bad, max: bad, first: bad, smoothing: bad });
      assert.deepEqual(s, chunkSizerSettings());
    }
    assert.equal(chunkSizerSettings({ smoothing: 2 }).smoothing, 0.5);
    assert.equal(chunkSizerSettings({ min: 1000.7 }).min, 1000);
  });
});
