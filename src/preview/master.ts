/**
 * The HLS master playlist, read and parsed without a player: its variants (resolution, bandwidth),
 * whether it needs the full hls.js (subtitles, alternate audio), whether this browser has Media Source
 * Extensions, and reading it with a time limit.
 */

export interface PreviewLevel {
  height: number;
  width: number;
  bitrate: number;
}

/** How long reading the master (to choose the hls.js build) may take before hls.js is left to try. */
const MASTER_READ_MS = 10_000;

/**
 * Whether a master playlist needs the full hls.js: it lists a subtitles rendition, or an alternate audio
 * rendition (an `#EXT-X-MEDIA:TYPE=AUDIO` with its own `URI`; one without a URI only names the audio
 * inside the variants). The light build plays everything else.
 */
export function needsFullHls(master: string): boolean {
  return master.split(/\r?\n/).some((line) => {
    if (!line.startsWith('#EXT-X-MEDIA:')) return false;
    const type = /(?:^|[:,])TYPE=([A-Z-]+)/.exec(line)?.[1];
    return type === 'SUBTITLES' || (type === 'AUDIO' && /(?:^|[:,])URI="/.test(line));
  });
}

/** Whether this browser has Media Source Extensions (what hls.js needs). */
export function hasMediaSource(): boolean {
  const g = globalThis as { MediaSource?: unknown; ManagedMediaSource?: unknown; WebKitMediaSource?: unknown };
  return typeof g.MediaSource === 'function' || typeof g.ManagedMediaSource === 'function' || typeof g.WebKitMediaSource === 'function';
}

/** The variants a master playlist lists (`#EXT-X-STREAM-INF`), with their resolution and bandwidth. */
export function parseMasterVariants(text: string): PreviewLevel[] {
  const levels: PreviewLevel[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
    const resolution = /(?:^|[:,])RESOLUTION=(\d+)x(\d+)/.exec(line);
    const bandwidth = /(?:^|[:,])BANDWIDTH=(\d+)/.exec(line);
    levels.push({
      width: resolution ? Number(resolution[1]) : 0,
      height: resolution ? Number(resolution[2]) : 0,
      bitrate: bandwidth ? Number(bandwidth[1]) : 0,
    });
  }
  return levels;
}

/** The master playlist's text, or null when it cannot be read (in time, or before `run` aborts). `fresh`: past the HTTP cache. */
export async function readMaster(src: string, run: AbortSignal, fresh = false): Promise<string | null> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  run.addEventListener('abort', stop);
  const timer = setTimeout(stop, MASTER_READ_MS);
  try {
    const response = await fetch(src, { credentials: 'same-origin', signal: controller.signal, ...(fresh ? { cache: 'no-store' as const } : {}) });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    run.removeEventListener('abort', stop);
  }
}
