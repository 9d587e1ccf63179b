// "chunk n of m" with chunk-size="auto": m is unknown (null, the view says "chunk n") until a chunk's
// throughput was measured, then an estimate that is exact once what is left fits in the chunk on its way;
// with a fixed size it is exact from the start. Driven by hand (a clock of its own, no upload), so the
// moment before the first measurement is checked every time, not only when the timing allows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { autoChunkCount, fixedChunkCount, ProgressMeter } from '../../../src/core/progress.ts';
import { createChunkSizer } from '../../../src/core/policy/chunk-size.ts';

const MiB = 1024 * 1024;

describe('core: the chunk count a person reads', { timeout: 10_000 }, () => {
  test('auto: chunk 1 of unknown until the first chunk is measured, then an estimate, then exact for the last', () => {
    const total = 100 * MiB;
    const sizer = createChunkSizer({ min: MiB, max: 64 * MiB, targetSeconds: 5 });
    let done = 0;
    let now = 0;
    const meter = new ProgressMeter(total, autoChunkCount(total, sizer, () => done), () => now);

    assert.deepEqual([meter.current.chunk, meter.current.chunks], [1, null], 'before any byte');
    now = 400;
    const first = sizer.current;
    meter.sent(first);
    assert.deepEqual([meter.current.chunk, meter.current.chunks], [1, null], 'the first chunk sent, not yet answered');

    // The server accepted it after 400 ms: the sizer knows the link now.
    sizer.next({ bytes: first, ms: 400, remaining: total - first });
    done = 1;
    meter.accepted(first);
    const after = meter.current;
    assert.equal(after.chunk, 2, 'the second chunk is on its way');
    assert.equal(typeof after.chunks, 'number', 'an estimate once a chunk was measured');
    assert.ok(after.chunks >= 2 && after.chunks < total / MiB, `a plausible estimate (${after.chunks})`);

    // Everything but what fits in the chunk on its way: the count is exact.
    const nearlyAll = total - Math.floor(sizer.current / 2);
    done = 5;
    meter.accepted(nearlyAll);
    const last = meter.current;
    assert.deepEqual([last.chunk, last.chunks], [6, 6], 'the last chunk says "6 of 6"');
    done = 6;
    now = 2000;
    meter.sent(total);
    meter.accepted(total);
    const end = meter.current;
    assert.deepEqual([end.chunk, end.chunks, end.percent], [6, 6, 100]);
  });

  test('auto with an unknown length: the total stays unknown', () => {
    const sizer = createChunkSizer({ min: MiB });
    sizer.next({ bytes: sizer.current, ms: 100 });
    const count = autoChunkCount(Infinity, sizer, () => 1);
    assert.deepEqual(count(sizer.current, sizer.current), { chunk: 2, chunks: null });
  });

  test('fixed: exact from the first byte', () => {
    const meter = new ProgressMeter(10 * MiB + 1, fixedChunkCount(10 * MiB + 1, MiB), () => 0);
    assert.deepEqual([meter.current.chunk, meter.current.chunks], [1, 11]);
    meter.sent(3 * MiB);
    meter.accepted(3 * MiB);
    assert.deepEqual([meter.current.chunk, meter.current.chunks], [4, 11]);
  });
});
