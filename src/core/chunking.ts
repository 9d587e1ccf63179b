/**
 * How the bytes of one upload are cut into tus PATCHes: a fixed number of bytes (`chunk-size="10000000"`)
 * or `auto` (the default), which sizes each chunk from the measured throughput (policy/chunk-size.ts).
 * This module is small on purpose: the element reads the setting up front, the upload engine
 * (loaded lazily) does the rest.
 */
import { MAX_CHUNK_GROWTH } from './policy/chunk-defaults.js';
import type { ChunkSizer } from './policy/chunk-size.js';

/** `chunk-size`: bytes per PATCH, or `auto`. */
export type ChunkSizeSetting = number | 'auto';

/** Gcore's recommended fixed chunk size (10 MB), for `chunk-size` given as a number. The default is `auto`. */
export const DEFAULT_CHUNK_SIZE = 10_000_000;

/** The fixed size a setting asks for (a number, or its text, ≥ 1 byte), or null for `auto` (also for anything invalid). */
export function fixedChunkSize(setting: unknown): number | null {
  const n = typeof setting === 'string' && setting.trim() !== '' ? Number(setting) : setting;
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : null;
}

/** The `chunk-size` attribute: `auto` (also when absent or not a number), or a number of bytes. */
export function parseChunkSize(value: string | null): ChunkSizeSetting {
  return fixedChunkSize(value) ?? 'auto';
}

/**
 * About how many chunks `remaining` bytes still take with `auto`, the one in flight (`sizer.current`)
 * included: the sizer grows at most ×4 per chunk towards `targetSeconds` of the throughput measured so
 * far, within its limits, and its last chunk takes what is left when that is at most `1 + tail` times the
 * size it would have. An estimate: the link's speed changes, and with it the sizes.
 */
export function estimateChunks(remaining: number, sizer: ChunkSizer): number {
  const rate = sizer.bytesPerSecond;
  const max = sizer.max;
  const min = Math.min(sizer.settings.min, max);
  const tail = sizer.settings.tail ?? 0;
  const wanted = rate ? Math.min(max, Math.max(min, rate * sizer.settings.targetSeconds)) : sizer.current;
  let size = Math.max(1, sizer.current);
  let n = 0;
  while (remaining > 0) {
    n++;
    remaining -= size;
    if (remaining <= 0) return n;
    const next = Math.max(1, Math.floor(Math.min(max, Math.max(min, Math.min(wanted, size * MAX_CHUNK_GROWTH)))));
    const whole = Math.min(max, size * MAX_CHUNK_GROWTH);
    if (remaining <= next * (1 + tail) && remaining <= whole) return n + 1;
    if (next === size) {
      // Steady: full chunks, the last one taking a short rest with it.
      const full = Math.ceil(remaining / size);
      const rest = remaining - (full - 2) * size;
      return n + (full >= 2 && rest <= size * (1 + tail) && rest <= whole ? full - 1 : full);
    }
    size = next;
  }
  return n;
}
