/**
 * The throughput each upload server was last measured at, remembered by this page (in memory only, for
 * RATE_MEMORY_MS): with `chunk-size="auto"` a page's next upload to the same server starts at the chunk
 * size that rate asks for (`ChunkSizer#known`), instead of a 4 MiB probe and its extra round trip. A link
 * that got slower meanwhile costs one long first chunk (a failed one halves the next, as always); one
 * that got faster, nothing. Keyed by the upload server's origin; nothing is stored in the browser.
 */

/** How long a measured rate is trusted: 10 minutes (a laptop moves between networks). */
export const RATE_MEMORY_MS = 10 * 60_000;

const rates = new Map<string, { bytesPerSecond: number; at: number }>();

/** The origin of an upload URL or endpoint ('' for what is not a URL: nothing is remembered under it). */
function keyOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** Remembers the throughput the upload to `url` was measured at (bytes per second). */
export function rememberRate(url: string, bytesPerSecond: number | null, now = Date.now()): void {
  const key = keyOf(url);
  if (key && typeof bytesPerSecond === 'number' && bytesPerSecond > 0 && Number.isFinite(bytesPerSecond)) rates.set(key, { bytesPerSecond, at: now });
}

/** The throughput last measured for uploads to `url`'s server, while it is fresh; else null. */
export function rememberedRate(url: string, now = Date.now()): number | null {
  const key = keyOf(url);
  const entry = key ? rates.get(key) : undefined;
  if (!entry) return null;
  if (now - entry.at > RATE_MEMORY_MS) {
    rates.delete(key);
    return null;
  }
  return entry.bytesPerSecond;
}

/** Forgets every remembered rate (tests start from a page that measured nothing). */
export function forgetRates(): void {
  rates.clear();
}
