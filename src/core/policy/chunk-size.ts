/**
 * The adaptive chunk size (`chunk-size="auto"`): how many bytes the next tus PATCH carries.
 *
 * Every chunk costs one to two round trips of idle wire (the response to chunk n, then the request
 * line of chunk n + 1), so small chunks are slow on long links; big chunks re-send a lot after a
 * failure and hold more memory. Measured on shaped links, a chunk that carries about 2 s of the
 * link's throughput reaches ≥ 0.93 of one PUT on every link, about 5 s ≥ 0.97. This policy:
 *
 * - starts small (`min`, 1 MiB by default) so that the first progress arrives fast;
 * - after each chunk, sizes the next one to carry about `targetSeconds` (default 5 s) of the
 *   measured throughput (an exponentially weighted moving average of the chunks' bytes per
 *   second), growing at most ×4 per chunk, within `min`…`max` (default 1 MiB … 64 MiB);
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
 *   onChunkComplete: (bytes) => { upload.options.chunkSize = sizer.next({ bytes, ms: performance.now() - sentAt }); },
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

const MiB = 1024 * 1024;

/** Seconds of measured throughput one chunk should carry (`chunk-target-seconds`). */
export const DEFAULT_CHUNK_TARGET_SECONDS = 5;
/** The smallest chunk `auto` chooses, and its first chunk (`min-chunk-size`): 1 MiB. */
export const DEFAULT_MIN_CHUNK_SIZE = 1 * MiB;
/** The largest chunk `auto` chooses (`max-chunk-size`): 64 MiB. */
export const DEFAULT_MAX_CHUNK_SIZE = 64 * MiB;
/** A chunk is at most this many times the previous one. */
export const MAX_CHUNK_GROWTH = 4;
/** Weight of the newest throughput sample in the moving average (0 < w ≤ 1). */
export const DEFAULT_THROUGHPUT_SMOOTHING = 0.5;
/**
 * The floor below which no 413 pushes the size (64 KiB): a server that refuses even that is not
 * refusing the chunk's size, and `tooLarge()` then answers the same size again (give up).
 */
export const SMALLEST_CHUNK_SIZE = 64 * 1024;

export interface ChunkSizerOptions {
  /** Seconds of measured throughput one chunk should carry. Default 5. */
  targetSeconds?: number;
  /** Smallest chunk in bytes. Default 1 MiB. */
  min?: number;
  /** Largest chunk in bytes. Default 64 MiB. */
  max?: number;
  /** The first chunk in bytes (clamped to `min`…`max`). Default `min`. */
  first?: number;
  /** Weight of the newest sample in the throughput average, in (0, 1]. Default 0.5. */
  smoothing?: number;
}

/** What the caller measured for one chunk (one PATCH). */
export interface ChunkSample {
  /** Bytes the server accepted for the chunk (tus-js-client's `onChunkComplete` first argument). */
  bytes: number;
  /** Milliseconds from sending the PATCH to its response (or to its failure). */
  ms: number;
  /** The chunk failed (network error, 5xx…) and will be sent again: the next chunk is half this one. */
  failed?: boolean;
}

/** The options in effect, after defaults and clamping. */
export interface ChunkSizerSettings {
  targetSeconds: number;
  min: number;
  max: number;
  first: number;
  smoothing: number;
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
  return { targetSeconds, min, max, first, smoothing };
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
      if (rate !== null) {
        const wanted = rate * settings.targetSeconds;
        current = Math.floor(clamp(Math.min(wanted, current * MAX_CHUNK_GROWTH), min, max));
      }
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
