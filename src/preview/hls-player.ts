/**
 * The preview with hls.js (Media Source Extensions): a new `Hls` on the `<video>` with the player's
 * handlers, the play-on after a new MediaSource, the one recovery from a fatal error, the reload of a
 * master in place (refresh), and hls.js's levels as the preview's. hls.js itself is loaded by lazy.ts;
 * this module only takes its class.
 */
import type Hls from 'hls.js';
import type { ErrorData, Level } from 'hls.js';
import type { HlsConstructor } from '../lazy.js';
import type { PreviewLevel } from './master.js';

export interface HlsHandlers {
  /** The master was parsed (the levels are known). */
  parsed(): void;
  /** hls.js changed its levels. */
  levels(): void;
  /** hls.js (full) listed the master's subtitles; called a task later. */
  subtitles(): void;
  /** hls.js reported an error. */
  error(data: ErrorData): void;
  /** Whether `hls` is still the player's instance. */
  current(hls: Hls): boolean;
}

/** Sets a new hls.js instance (already the player's) to play `src` in `video`. */
export function startHls(hls: Hls, HlsClass: HlsConstructor, video: HTMLVideoElement, src: string, on: HlsHandlers): void {
  const Events = HlsClass.Events;
  hls.on(Events.MANIFEST_PARSED, () => on.parsed());
  hls.on(Events.LEVELS_UPDATED, () => on.levels());
  // hls.js lists the master's subtitles after MANIFEST_PARSED (the full build only; light has none).
  // Chosen a task later, once hls.js has made their text tracks (chosen before, its own sync of the tracks' modes undoes it).
  if (Events.SUBTITLE_TRACKS_UPDATED) hls.on(Events.SUBTITLE_TRACKS_UPDATED, () => void setTimeout(() => on.current(hls) && on.subtitles(), 0));
  hls.on(Events.ERROR, (_event, data) => on.error(data));
  // A new MediaSource (a media error recovered by hls.js or by the player, a reload in place) reloads the
  // video, and that pauses it without a pause event: a video told to play, and not paused since, plays on.
  // Seen in WebKitGTK, whose MSE fails a seek now and then ("Failed to push buffer").
  let wanted = false;
  const onPlay = () => (wanted = true);
  const onPause = () => (wanted = false);
  video.addEventListener('play', onPlay);
  video.addEventListener('pause', onPause);
  hls.on(Events.MEDIA_ATTACHED, () => {
    if (wanted && video.paused && on.current(hls)) video.play().catch(() => undefined);
  });
  hls.on(Events.DESTROYING, () => {
    video.removeEventListener('play', onPlay);
    video.removeEventListener('pause', onPause);
  });
  hls.attachMedia(video);
  hls.loadSource(src);
}

/**
 * The one recovery from a first fatal error: a media error is recovered, a network error loads again
 * (the master, when the master itself failed; else what was loading). False when there is none to try.
 */
export function recoverHls(hls: Hls, HlsClass: HlsConstructor, data: ErrorData, src: string | null): boolean {
  const { ErrorTypes, ErrorDetails } = HlsClass;
  if (data.type === ErrorTypes.MEDIA_ERROR) {
    hls.recoverMediaError();
    return true;
  }
  if (data.type === ErrorTypes.NETWORK_ERROR) {
    const masterFailed =
      data.details === ErrorDetails.MANIFEST_LOAD_ERROR || data.details === ErrorDetails.MANIFEST_LOAD_TIMEOUT || data.details === ErrorDetails.MANIFEST_PARSING_ERROR;
    // startLoad() resumes segment and playlist loading; without a master there is nothing to resume.
    if (masterFailed && src) hls.loadSource(src);
    else hls.startLoad();
    return true;
  }
  return false;
}

/**
 * Loads `src` again in place from `position`, playing on when `play`. Settles when the new master is
 * parsed, or when that cannot happen any more (fatal error, destroy).
 */
export async function reloadHls(hls: Hls, src: string, position: number, video: HTMLVideoElement, play: boolean): Promise<void> {
  const Events = (hls.constructor as HlsConstructor).Events; // the type-only import has no values
  const levelsReady = new Promise<void>((resolve) => {
    const done = () => {
      hls.off(Events.MANIFEST_PARSED, done);
      hls.off(Events.ERROR, onError);
      hls.off(Events.DESTROYING, done);
      resolve();
    };
    const onError = (_event: unknown, data: ErrorData) => {
      if (data.fatal) done();
    };
    hls.on(Events.MANIFEST_PARSED, done);
    hls.on(Events.ERROR, onError);
    hls.on(Events.DESTROYING, done);
  });
  hls.config.startPosition = position;
  hls.loadSource(src);
  if (play) video.play().catch(() => undefined);
  await levelsReady;
}

/** hls.js's level as the preview's. */
export function toPreviewLevel(level: Level): PreviewLevel {
  return { height: level.height || 0, width: level.width || 0, bitrate: level.bitrate || 0 };
}
