/**
 * A seek that never completes: the `<video>` stays `seeking` with its target already buffered and
 * nothing moves. Seen in WebKitGTK's Media Source Extensions right after hls.js skips the small gap
 * before the first frame (audio priming puts the first buffered time at ≈ 0.02 s); hls.js waits for
 * the seek to finish and never recovers by itself, so the preview would stay on its first frame.
 * After `afterMs` of that the preview seeks again to the same time, up to `attempts` times per seek
 * (one was always enough in the runs that hit it).
 */
export interface SeekWatchOptions {
  afterMs?: number;
  attempts?: number;
}

/** The `<video>` as this watch uses it (a real one in the browser). */
export type SeekingMedia = Pick<HTMLMediaElement, 'seeking' | 'currentTime' | 'buffered' | 'addEventListener'>;

/** A seek to a time not buffered yet waits for the network, which is no reason to seek again. */
const isBuffered = (video: SeekingMedia, time: number) => {
  const ranges = video.buffered;
  for (let i = 0; i < ranges.length; i++) if (ranges.start(i) <= time && time < ranges.end(i)) return true;
  return false;
};

export const STUCK_SEEK_MS = 2000;
export const STUCK_SEEK_ATTEMPTS = 3;

/** Watches `video` until `signal` aborts. */
export function watchStuckSeeks(video: SeekingMedia, signal: AbortSignal, { afterMs = STUCK_SEEK_MS, attempts = STUCK_SEEK_ATTEMPTS }: SeekWatchOptions = {}): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tries = 0;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const check = () => {
    timer = undefined;
    if (signal.aborted || !video.seeking || tries >= attempts) return;
    if (!isBuffered(video, video.currentTime)) {
      timer = setTimeout(check, afterMs); // still loading: look again later
      return;
    }
    tries++;
    video.currentTime = video.currentTime; // the same time again: a new seek
    timer = setTimeout(check, afterMs);
  };
  video.addEventListener('seeking', () => (timer ??= setTimeout(check, afterMs)), { signal });
  video.addEventListener(
    'seeked',
    () => {
      tries = 0;
      stop();
    },
    { signal },
  );
  signal.addEventListener('abort', stop, { once: true });
}
