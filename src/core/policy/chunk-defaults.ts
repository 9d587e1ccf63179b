/**
 * The chunk-size policy's numbers (chunk-size.ts explains them): apart, so that what reads only the
 * defaults (the element's properties, the progress estimate) does not bring the policy along.
 */
const MiB = 1024 * 1024;

/** Seconds of measured throughput one chunk should carry (`chunk-target-seconds`): a round trip in 8 s is ≤ 2 % at 150 ms. */
export const DEFAULT_CHUNK_TARGET_SECONDS = 8;
/** The smallest chunk `auto` chooses, and its first chunk (`min-chunk-size`): 4 MiB. */
export const DEFAULT_MIN_CHUNK_SIZE = 4 * MiB;
/**
 * The largest chunk `auto` chooses (`max-chunk-size`): 128 MiB. Browsers send a slice of the File (not
 * read into memory); in Node a Blob's or a stream's chunk is held in memory while it is sent.
 */
export const DEFAULT_MAX_CHUNK_SIZE = 128 * MiB;
/** A chunk is at most this many times the previous one. */
export const MAX_CHUNK_GROWTH = 4;
/** Weight of the newest throughput sample in the moving average (0 < w ≤ 1). */
export const DEFAULT_THROUGHPUT_SMOOTHING = 0.5;
/**
 * The last chunk takes what is left of the file when that is at most `1 + tail` times the size the
 * next chunk would have (and within ×4 and `max`): one PATCH, one round trip, less.
 */
export const DEFAULT_TAIL = 0.5;
/**
 * The floor below which no 413 pushes the size (64 KiB): a server that refuses even that is not
 * refusing the chunk's size, and `tooLarge()` then answers the same size again (give up).
 */
export const SMALLEST_CHUNK_SIZE = 64 * 1024;

