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
import { estimateChunks } from '../../../src/core/chunking.ts';
import { forgetRates, RATE_MEMORY_MS, rememberedRate, rememberRate } from '../../../src/core/policy/link-rates.ts';

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
  // 8 s, 4 MiB and 128 MiB since the benchmark of issue #16 (were 5 s, 1 MiB and 64 MiB); the last chunk's 1.5× (tail) is new.
  test('the defaults: 8 s, 4 MiB … 128 MiB, growth ×4, tail 0.5', () => {
    assert.equal(DEFAULT_CHUNK_TARGET_SECONDS, 8);
    assert.equal(DEFAULT_MIN_CHUNK_SIZE, 4 * MiB);
    assert.equal(DEFAULT_MAX_CHUNK_SIZE, 128 * MiB);
    assert.equal(MAX_CHUNK_GROWTH, 4);
    assert.deepEqual(chunkSizerSettings(), { targetSeconds: 8, min: 4 * MiB, max: 128 * MiB, first: 4 * MiB, smoothing: 0.5, tail: 0.5 });
  });

  test('the first chunk is the min, so that the first progress arrives fast', () => {
    assert.equal(createChunkSizer().first(), 4 * MiB);
    assert.equal(createChunkSizer({ min: 256 * 1024 }).first(), 256 * 1024);
    assert.equal(createChunkSizer({ first: 8 * MiB }).first(), 8 * MiB);
    assert.equal(createChunkSizer({ first: 1 }).first(), 4 * MiB, 'the first chunk is clamped too');
    const sizer = createChunkSizer();
    assert.equal(sizer.first(), sizer.first(), 'first() has no side effect');
    assert.equal(sizer.current, 4 * MiB);
  });

  // (12.5 MB/s became 6.25 MB/s with the 8 s default, so that 8 s stays well within the max.)
  for (const [label, rate, rttMs] of [
    ['1 MB/s, 150 ms', 1e6, 150],
    ['2.5 MB/s (20 Mbit), 150 ms', 2.5e6, 150],
    ['5 MB/s, 10 ms', 5e6, 10],
    ['6.25 MB/s (50 Mbit), 40 ms', 6.25e6, 40],
  ]) {
    test(`converges to a chunk of about 8 s of throughput: ${label}`, () => {
      const sizes = simulate(createChunkSizer(), { rate, rttMs, count: 15 });
      const last = sizes[sizes.length - 1];
      const seconds = last / rate;
      assert.ok(seconds > 7.2 && seconds < 8.8, `${last} bytes = ${seconds.toFixed(2)} s at ${label}`);
      // …and it stays there.
      const tail = sizes.slice(-4);
      assert.ok(Math.max(...tail) / Math.min(...tail) < 1.05, `steady: ${tail}`);
      for (const s of sizes) assert.ok(finiteInt(s) && s >= 4 * MiB && s <= 128 * MiB, `within bounds: ${s}`);
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
    assert.deepEqual(sizes.slice(0, 4), [4 * MiB, 16 * MiB, 64 * MiB, 128 * MiB]);
    assert.deepEqual(simulate(createChunkSizer({ min: MiB }), { rate: 1e9, rttMs: 0, count: 4 }), [MiB, 4 * MiB, 16 * MiB, 64 * MiB, 128 * MiB]);
  });

  test('clamped within min and max', () => {
    // A fast link: 8 s would be 500 MB; the max holds.
    const fast = simulate(createChunkSizer(), { rate: 62.5e6, rttMs: 10, count: 10 });
    assert.equal(fast[fast.length - 1], 128 * MiB);
    // A slow link: 8 s would be 400 kB; the min holds.
    const slow = simulate(createChunkSizer(), { rate: 50e3, rttMs: 300, count: 10 });
    assert.ok(slow.every((s) => s === 4 * MiB), `${slow}`);
    // Custom bounds.
    const custom = simulate(createChunkSizer({ min: 2 * MiB, max: 8 * MiB }), { rate: 62.5e6, count: 10 });
    assert.equal(custom[0], 2 * MiB);
    assert.equal(custom[custom.length - 1], 8 * MiB);
    // A max below the min: the min wins.
    assert.deepEqual([chunkSizerSettings({ min: 10 * MiB, max: MiB }).min, chunkSizerSettings({ min: 10 * MiB, max: MiB }).max], [10 * MiB, 10 * MiB]);
    assert.equal(chunkSizeForThroughput(62.5e6), 128 * MiB);
    assert.equal(chunkSizeForThroughput(1e6), 8e6);
    assert.equal(chunkSizeForThroughput(0), 4 * MiB);
  });

  test('follows the throughput down when the link slows', () => {
    const sizer = createChunkSizer();
    simulate(sizer, { rate: 12.5e6, rttMs: 40, count: 12 });
    assert.ok(sizer.current > 50 * MiB);
    let size = sizer.current;
    for (let i = 0; i < 10; i++) size = sizer.next({ bytes: size, ms: chunkMs(size, 1e6, 40) });
    assert.ok(size / 1e6 > 7 && size / 1e6 < 9, `${size} bytes at 1 MB/s`);
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
    assert.equal(sizer.current, 4 * MiB);
    // A failure does not spoil the throughput estimate: it grows back (×4 at most per chunk).
    const rate = sizer.bytesPerSecond;
    const sizes = simulate(sizer, { rate: 12.5e6, rttMs: 40, count: 6 }).slice(1);
    assert.ok(rate > 10e6, `${rate}`);
    assert.deepEqual(sizes.slice(0, 2), [16 * MiB, 64 * MiB], 'from the 4 MiB min, ×4 per chunk');
    assert.ok(sizes[sizes.length - 1] > 50 * MiB);
  });

  test('413: halve, send that chunk again, and never go above that for the rest of the upload', () => {
    const sizer = createChunkSizer();
    simulate(sizer, { rate: 62.5e6, rttMs: 10, count: 6 });
    assert.equal(sizer.current, 128 * MiB);
    assert.equal(sizer.tooLarge(), 64 * MiB, 'the chunk is sent again at half the size');
    assert.equal(sizer.max, 64 * MiB);
    const after = simulate(sizer, { rate: 62.5e6, rttMs: 10, count: 10 });
    assert.ok(after.every((s) => s <= 64 * MiB), `${after}`);
    assert.equal(after[after.length - 1], 64 * MiB);
    // Again: 32 MiB for good; a failure halves below it, growth stops at it.
    assert.equal(sizer.tooLarge(), 32 * MiB);
    assert.equal(sizer.next({ bytes: 0, ms: 1, failed: true }), 16 * MiB);
    const again = simulate(sizer, { rate: 62.5e6, rttMs: 10, count: 5 });
    assert.equal(Math.max(...again), 32 * MiB);
  });

  test('413 below the min lowers the min too, down to 64 KiB, then answers the same size (give up)', () => {
    const sizer = createChunkSizer();
    assert.equal(sizer.tooLarge(), 2 * MiB);
    assert.equal(sizer.next({ bytes: 2 * MiB, ms: 1 }), 2 * MiB, 'max holds');
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
    for (const a of answers) assert.ok(finiteInt(a) && a >= 4 * MiB && a <= 128 * MiB, `${a}`);
    assert.ok(Number.isFinite(sizer.bytesPerSecond));
    // A sizer that only ever saw empty samples keeps its first size.
    const idle = createChunkSizer();
    assert.equal(idle.next({ bytes: 0, ms: 0 }), 4 * MiB);
    assert.equal(idle.bytesPerSecond, null);
  });

  test('the last chunk takes what is left when that is at most 1.5× the next size (within ×4 and max): no short tail', () => {
    const steady = () => {
      const sizer = createChunkSizer({ min: MiB, targetSeconds: 5 });
      simulate(sizer, { rate: 2.5e6, rttMs: 40, count: 15 }); // about 12.5 MB
      return sizer;
    };
    const s1 = steady();
    const size = s1.current;
    // 1.4× what the next chunk would be: all of it.
    assert.equal(s1.next({ bytes: size, ms: chunkMs(size, 2.5e6, 40), remaining: Math.floor(size * 1.4) }), Math.floor(size * 1.4));
    // 1.6×: the usual size (the rest comes in the next chunk).
    const s2 = steady();
    const usual = s2.next({ bytes: size, ms: chunkMs(size, 2.5e6, 40) });
    const s3 = steady();
    assert.equal(s3.next({ bytes: size, ms: chunkMs(size, 2.5e6, 40), remaining: Math.floor(size * 1.6) }), usual);
    // What fits in the usual size: the usual size (tus-js-client sends only what is left).
    assert.equal(steady().next({ bytes: size, ms: chunkMs(size, 2.5e6, 40), remaining: 1000 }), usual);
    // Never above max, never more than ×4 the chunk just sent.
    const capped = createChunkSizer({ max: 8 * MiB });
    simulate(capped, { rate: 62.5e6, rttMs: 10, count: 6 });
    assert.equal(capped.current, 8 * MiB);
    assert.equal(capped.next({ bytes: 8 * MiB, ms: 140, remaining: 10 * MiB }), 8 * MiB, 'max holds');
    const young = createChunkSizer({ min: MiB, first: MiB });
    assert.equal(young.next({ bytes: MiB, ms: 10, remaining: 5 * MiB }), 4 * MiB, '×4 holds');
    assert.equal(createChunkSizer({ min: MiB, first: MiB }).next({ bytes: MiB, ms: 10, remaining: 4 * MiB + 5 }), 4 * MiB, '×4 holds (a few bytes over)');
    assert.equal(createChunkSizer({ min: MiB, first: MiB }).next({ bytes: MiB, ms: 10, remaining: 3 * MiB }), 4 * MiB);
    // tail: 0 turns it off; a failed chunk is halved whatever is left.
    const off = createChunkSizer({ tail: 0, min: MiB, targetSeconds: 5 });
    simulate(off, { rate: 2.5e6, rttMs: 40, count: 15 });
    assert.equal(off.next({ bytes: off.current, ms: chunkMs(off.current, 2.5e6, 40), remaining: Math.floor(off.current * 1.2) }), usual);
    const failing = steady();
    assert.equal(failing.next({ bytes: 0, ms: 100, failed: true, remaining: size }), Math.floor(size / 2));
    // Garbage `remaining` is ignored.
    for (const remaining of [NaN, -1, Infinity, '12']) assert.equal(steady().next({ bytes: size, ms: chunkMs(size, 2.5e6, 40), remaining }), usual, String(remaining));
  });

  test('estimateChunks counts the last chunk that takes a short rest with it', () => {
    const sizer = createChunkSizer({ min: MiB, max: 8 * MiB, targetSeconds: 5 });
    simulate(sizer, { rate: 62.5e6, rttMs: 10, count: 6 }); // steady at 8 MiB
    assert.equal(sizer.current, 8 * MiB);
    assert.equal(estimateChunks(8 * MiB, sizer), 1);
    assert.equal(estimateChunks(8 * MiB + 1, sizer), 2, 'more than max: two chunks');
    assert.equal(estimateChunks(16 * MiB, sizer), 2);
    assert.equal(estimateChunks(19 * MiB, sizer), 3, '8 + 11 MiB would be above max: 8 + 8 + 3');
    const wide = createChunkSizer({ min: MiB, max: 64 * MiB, targetSeconds: 1 });
    simulate(wide, { rate: 8 * MiB, rttMs: 0, count: 8 }); // steady at 8 MiB, max far above
    assert.equal(wide.current, 8 * MiB);
    assert.equal(estimateChunks(11 * MiB, wide), 2, 'the chunk in flight (8 MiB), then the rest');
    assert.equal(estimateChunks(8 * MiB + 8 * MiB + 3 * MiB, wide), 2, '8 MiB, then 11 MiB (≤ 1.5 × 8 MiB)');
    assert.equal(estimateChunks(8 * MiB * 5 + 3 * MiB, wide), 5, 'four of 8 MiB, then 11 MiB');
    assert.equal(estimateChunks(8 * MiB * 5 + 5 * MiB, wide), 6, 'five of 8 MiB, then 5 MiB (13 MiB > 12 MiB)');
  });

  test('invalid options fall back to the defaults', () => {
    for (const bad of [NaN, -1, 0, Infinity, '5', null]) {
      const s = chunkSizerSettings({ targetSeconds: bad, min: bad, max: bad, first: bad, smoothing: bad, tail: bad === 0 ? -1 : bad });
      assert.deepEqual(s, chunkSizerSettings());
    }
    assert.equal(chunkSizerSettings({ tail: 0 }).tail, 0, 'tail 0: never');
    assert.equal(chunkSizerSettings({ smoothing: 2 }).smoothing, 0.5);
    assert.equal(chunkSizerSettings({ min: 1000.7 }).min, 1000);
  });
  test('a rate known from before replaces the probe: the first chunk carries 8 s of it, or the whole file when it fits', () => {
    const rate = 2.3e6; // what the chunks measure at 150 ms / 20 Mbit (round trips included)
    // A 19 MiB file: 8 s are 18.4 MB, and the file is within 1.5× that: one PATCH (no 4 MiB probe).
    const whole = createChunkSizer();
    assert.equal(whole.known(rate, 19 * MiB), 19 * MiB);
    assert.equal(whole.current, 19 * MiB);
    assert.equal(whole.bytesPerSecond, rate, 'the estimate starts from the known rate');
    // A larger file: 8 s of the rate, then on as usual.
    const big = createChunkSizer();
    assert.equal(big.known(rate, 400 * MiB), 18_400_000);
    // Within min and max; a rate that is no number, or a sizer that has measured already, changes nothing.
    assert.equal(createChunkSizer().known(1000, 100 * MiB), DEFAULT_MIN_CHUNK_SIZE);
    assert.equal(createChunkSizer().known(1e9, 10_000 * MiB), DEFAULT_MAX_CHUNK_SIZE);
    assert.equal(createChunkSizer().known(0, 100 * MiB), DEFAULT_MIN_CHUNK_SIZE);
    assert.equal(createChunkSizer().known(NaN), DEFAULT_MIN_CHUNK_SIZE);
    const measured = createChunkSizer();
    const after = measured.next({ bytes: 4 * MiB, ms: 2000 });
    assert.equal(measured.known(1e9, 100 * MiB), after);
  });

  test('link-rates: a rate per upload server origin, for ten minutes, in memory', () => {
    forgetRates();
    rememberRate('https://up-1.gcore.example/upload/', 3e6, 1000);
    assert.equal(rememberedRate('https://up-1.gcore.example/upload/abc123', 2000), 3e6, 'the upload URL of the same server');
    assert.equal(rememberedRate('https://up-2.gcore.example/upload/', 2000), null, 'another server');
    assert.equal(rememberedRate('https://up-1.gcore.example/upload/', 1000 + RATE_MEMORY_MS + 1), null, 'too old');
    assert.equal(rememberedRate('https://up-1.gcore.example/upload/', 1000), null, 'and then forgotten');
    rememberRate('not a url', 3e6);
    rememberRate('https://up-1.gcore.example/upload/', null);
    rememberRate('https://up-1.gcore.example/upload/', -5);
    assert.equal(rememberedRate('https://up-1.gcore.example/upload/'), null, 'no rate from nothing');
    forgetRates();
  });
});
