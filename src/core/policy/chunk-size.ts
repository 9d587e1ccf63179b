/**
 * The adaptive chunk size (`chunk-size="auto"`): how many bytes the next tus PATCH carries.
 *
 * Every chunk costs a round trip of idle wire (the last byte of chunk n reaches the server, its answer
 * comes back, then chunk n + 1 starts), on top of what every upload pays once (its POST, and the CORS
 * preflight of its new upload URL): so small chunks are slow on long links, and short files pay for
 * the ramp. Big chunks hold more memory (Node streams) and, with a server that drops what it got of an
 * interrupted PATCH, re-send more after a failure. Measured with `npm run bench` ("Reading the
 * benchmark" in the README): a chunk of T seconds costs about RTT / T; at 150 ms / 20 Mbit, 5 s chunks
 * reach 0.95 of one PUT on 30 s files, 8 s chunks 0.97. This policy:
 *
 * - starts at `first` (default `min`, 4 MiB): large enough that the first measurement is not mostly
 *   round trips (on 150 ms / 20 Mbit a 1 MiB chunk measures 60 % of the rate, a 4 MiB one 85 %),
 *   small enough to take 2 s at 16 Mbit; or, when the rate is known from before (`known()`: the page's
 *   last upload to the same server), at the size that rate asks for, the file whole when it fits;
 * - after each chunk, sizes the next one to carry about `targetSeconds` (default 8 s) of the
 *   measured throughput (an exponentially weighted moving average of the chunks' bytes per
 *   second), growing at most ×4 per chunk, within `min`…`max` (default 4 MiB … 128 MiB: on a fast link
 *   the cost of a chunk is the browser's and the server's per-request work more than the round trip, and
 *   at 500 Mbit 64 MiB chunks reached 0.95 of one PUT, 128 MiB ones 0.97);
 * - when what is left of the file is at most `1 + tail` times that size (default 1.5×, still within
 *   ×4 and `max`), the next chunk takes all of it: no short last chunk paying a round trip of its own;
 * - after a failed chunk, halves (a flaky link then re-sends little); it grows again from there;
 * - when the server answers 413 (the chunk is too large for it), halves, and keeps that as the new
 *   `max` for the rest of the upload.
 *
 * Pure and DOM-free: no timers, no clock, no I/O; the caller measures and reports each chunk.
 *
 * With tus-js-client: it reads `options.chunkSize` afresh for every PATCH (`BaseUpload#_addChunkToRequest`,
 * called from `_performUpload`, computes `end = this._offset + this.options.chunkSize`), and calls
 * `onChunkComplete` before it starts the next PATCH and `onShouldRetry(err, attempt, options)` with that
 * same options object before a retry. Change `upload.options`, not the object given to `new Upload()`:
 * the constructor copies it (`{ ...defaultOptions, ...options }`). So:
 *
 * ```ts
 * const sizer = createChunkSizer({ targetSeconds, min, max });
 * let sentAt = 0;
 * const upload = new Upload(file, {
 *   chunkSize: sizer.first(),
 *   onBeforeRequest: (req) => { if (req.getMethod() === 'PATCH') sentAt = performance.now(); },
 *   onChunkComplete: (bytes, accepted, total) => {
 *     upload.options.chunkSize = sizer.next({ bytes, ms: performance.now() - sentAt, remaining: total - accepted });
 *   },
 *   onShouldRetry: (err, attempt, options) => {
 *     if (err.originalRequest?.getMethod() !== 'PATCH') return defaultRetry(err);
 *     if (err.originalResponse?.getStatus() === 413) {
 *       const before = options.chunkSize;
 *       options.chunkSize = sizer.tooLarge();
 *       return options.chunkSize < before; // cannot go lower: give up
 *     }
 *     options.chunkSize = sizer.next({ bytes: 0, ms: performance.now() - sentAt, failed: true });
 *     return defaultRetry(err);
 *   },
 * });
 * ```
 *
 * (That `options.chunkSize` may change between chunks is not a documented tus-js-client API;
 * `test/node/unit/tus-chunk-size.test.mjs` fails if a new version stops honouring it.)
 */

import { DEFAULT_CHUNK_TARGET_SECONDS, DEFAULT_MAX_CHUNK_SIZE, DEFAULT_MIN_CHUNK_SIZE, DEFAULT_TAIL, DEFAULT_THROUGHPUT_SMOOTHING, MAX_CHUNK_GROWTH, SMALLEST_CHUNK_SIZE } from './chunk-defaults.js';

export { DEFAULT_CHUNK_TARGET_SECONDS, DEFAULT_MAX_CHUNK_SIZE, DEFAULT_MIN_CHUNK_SIZE, DEFAULT_TAIL, DEFAULT_THROUGHPUT_SMOOTHING, MAX_CHUNK_GROWTH, SMALLEST_CHUNK_SIZE };

export interface ChunkSizerOptions {
  /** Seconds of measured throughput one chunk should carry. Default 8. */
  targetSeconds?: number;
  /** Smallest chunk in bytes. Default 4 MiB. */
  min?: number;
  /** Largest chunk in bytes. Default 128 MiB. */
  max?: number;
  /** The first chunk in bytes (clamped to `min`…`max`). Default `min`. */
  first?: number;
  /** Weight of the newest sample in the throughput average, in (0, 1]. Default 0.5. */
  smoothing?: number;
  /** The last chunk takes what is left when that is at most (1 + tail) × the next size; 0: never. Default 0.5. */
  tail?: number;
}

/** What the caller measured for one chunk (one PATCH). */
export interface ChunkSample {
  /** Bytes the server accepted for the chunk (tus-js-client's `onChunkComplete` first argument). */
  bytes: number;
  /** Milliseconds from sending the PATCH to its response (or to its failure). */
  ms: number;
  /** The chunk failed (network error, 5xx…) and will be sent again: the next chunk is half this one. */
  failed?: boolean;
  /** Bytes of the file still to send after this chunk, when known (lets the last chunk take them all). */
  remaining?: number;
}

/** The options in effect, after defaults and clamping. */
export interface ChunkSizerSettings {
  targetSeconds: number;
  min: number;
  max: number;
  first: number;
  smoothing: number;
  tail: number;
}

export interface ChunkSizer {
  /** The size of the first chunk. Does not change the sizer's state (call it as often as you like). */
  first(): number;
  /**
   * Reports the chunk just sent (or failed) and answers the size of the next one: about
   * `targetSeconds` of the smoothed throughput, at most ×4 the current size, within `min`…`max`;
   * half the current size after a failure. A sample without bytes or time (0, negative, NaN) leaves
   * the throughput estimate alone; the answer is always a finite integer ≥ 1.
   */
  next(sample: ChunkSample): number;
  /**
   * Before the first chunk: a throughput measured before (bytes per second; e.g. the page's last upload
   * to the same server, policy/link-rates.ts) takes the place of the probe. The first chunk carries
   * `targetSeconds` of it, within `min`…`max`, or all of `remaining` (the bytes to send) when that is at
   * most `1 + tail` times as much. Answers the size of the first chunk; once a chunk was measured, or
   * with a rate that is not a positive number, changes nothing.
   */
  known(bytesPerSecond: number, remaining?: number): number;
  /**
   * The server answered 413 to the current chunk: answers half its size, to send that chunk again
   * with, and keeps it as the largest size for the rest of the upload. Answers the current size
   * unchanged when it is already at `SMALLEST_CHUNK_SIZE` (nothing left to try: fail the upload).
   */
  tooLarge(): number;
  /** The size last answered (the chunk in flight). */
  readonly current: number;
  /** The largest size the sizer may answer now (lowered by `tooLarge()`). */
  readonly max: number;
  /** The smoothed throughput in bytes per second, or null before the first usable sample. */
  readonly bytesPerSecond: number | null;
  /** The options in effect. */
  readonly settings: Readonly<ChunkSizerSettings>;
}

const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** Fills in defaults and makes the options consistent: invalid numbers fall back to the defaults, `max` ≥ `min`. */
export function chunkSizerSettings(options: ChunkSizerOptions = {}): ChunkSizerSettings {
  const targetSeconds = positive(options.targetSeconds) ? options.targetSeconds : DEFAULT_CHUNK_TARGET_SECONDS;
  const min = positive(options.min) ? Math.max(1, Math.floor(options.min)) : DEFAULT_MIN_CHUNK_SIZE;
  let max = positive(options.max) ? Math.floor(options.max) : DEFAULT_MAX_CHUNK_SIZE;
  // A max below the min (e.g. only `min-chunk-size="128000000"` given): the min wins.
  if (max < min) max = min;
  const first = positive(options.first) ? clamp(Math.floor(options.first), min, max) : min;
  const smoothing = positive(options.smoothing) && options.smoothing <= 1 ? options.smoothing : DEFAULT_THROUGHPUT_SMOOTHING;
  const tail = options.tail === 0 || positive(options.tail) ? options.tail : DEFAULT_TAIL;
  return { targetSeconds, min, max, first, smoothing, tail };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/**
 * The size of a chunk that carries `targetSeconds` at `bytesPerSecond`, within `min`…`max`
 * (no growth limit: that needs the previous size, see `createChunkSizer`).
 */
export function chunkSizeForThroughput(bytesPerSecond: number, options: ChunkSizerOptions = {}): number {
  const s = chunkSizerSettings(options);
  if (!positive(bytesPerSecond)) return s.min;
  return Math.floor(clamp(bytesPerSecond * s.targetSeconds, s.min, s.max));
}

/** A chunk sizer for one upload (see the module's description). */
export function createChunkSizer(options: ChunkSizerOptions = {}): ChunkSizer {
  const settings = chunkSizerSettings(options);
  let min = settings.min;
  let max = settings.max;
  let current = settings.first;
  let rate: number | null = null;
  /** What is left fits in one chunk a little larger (at most `1 + tail` times `size`, and `limit`): all of it, rather than a short last chunk. */
  const wholeRest = (remaining: number | undefined, size: number, limit: number): number => {
    const left = Number(remaining);
    return Number.isFinite(left) && left > size && left <= size * (1 + settings.tail) && left <= limit ? Math.floor(left) : size;
  };

  return {
    first: () => settings.first,

    next(sample: ChunkSample): number {
      if (sample?.failed) {
        current = Math.max(min, Math.floor(current / 2));
        return current;
      }
      const bytes = Number(sample?.bytes);
      const ms = Number(sample?.ms);
      if (positive(bytes) && Number.isFinite(ms) && ms >= 0) {
        // A chunk answered within the clock's resolution: count it as 1 ms (finite, and the ×4 limit holds).
        const sampleRate = (bytes * 1000) / Math.max(ms, 1);
        rate = rate === null ? sampleRate : settings.smoothing * sampleRate + (1 - settings.smoothing) * rate;
      }
      const sent = current;
      if (rate !== null) {
        const wanted = rate * settings.targetSeconds;
        current = Math.floor(clamp(Math.min(wanted, sent * MAX_CHUNK_GROWTH), min, max));
      }
      current = wholeRest(sample?.remaining, current, Math.min(max, sent * MAX_CHUNK_GROWTH));
      return current;
    },

    known(bytesPerSecond: number, remaining?: number): number {
      if (rate !== null || !positive(bytesPerSecond)) return current;
      rate = bytesPerSecond;
      current = wholeRest(remaining, Math.floor(clamp(rate * settings.targetSeconds, min, max)), max);
      return current;
    },

    tooLarge(): number {
      const halved = Math.max(SMALLEST_CHUNK_SIZE, Math.floor(current / 2));
      if (halved >= current) return current;
      current = halved;
      max = Math.min(max, halved);
      min = Math.min(min, max);
      return current;
    },

    get current() {
      return current;
    },
    get max() {
      return max;
    },
    get bytesPerSecond() {
      return rate;
    },
    settings,
  };
}
