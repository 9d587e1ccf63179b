/**
 * The preview: plays a video's HLS master playlist (`hls_url`) in a given `<video>`.
 *
 * - hls.js where Media Source Extensions exist. MSE is tested first: recent Chromium answers "maybe" to
 *   `canPlayType('application/vnd.apple.mpegurl')` without really playing HLS. Native HLS (Safari on iOS
 *   without MSE) only where MSE is missing. hls.js is downloaded on the first `attach()`, never before.
 * - While Gcore still converts, renditions are added to the master playlist as they finish (`viewable`);
 *   `refresh()` re-reads the master and, when it lists more variants, reloads it in place.
 * - Fatal errors get one recovery (media: `recoverMediaError()`, network: `startLoad()`, or loading the
 *   master again when the master itself failed); a second fatal error is `playback-failed`.
 */
import type Hls from 'hls.js';
import type { ErrorData, Level } from 'hls.js';
import { GcoreUploaderError } from '../errors.js';
import { loadHls, type HlsConstructor } from '../lazy.js';

export interface PreviewLevel {
  height: number;
  width: number;
  bitrate: number;
}

export interface PreviewPlayerOptions {
  /** Start playing (muted) as soon as the video can, and keep playing across refresh() until it has played once. */
  autoplay?: boolean;
  onError?(error: GcoreUploaderError): void;
  onLevels?(levels: PreviewLevel[]): void;
}

export interface AttachOptions {
  poster?: string | null;
}

const HLS_MIME = 'application/vnd.apple.mpegurl';

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

export class PreviewPlayer {
  readonly video: HTMLVideoElement;
  private readonly options: PreviewPlayerOptions;
  private instance: Hls | null = null;
  private src: string | null = null;
  private attachOptions: AttachOptions = {};
  /** One per attach(): attach() and destroy() abort it, so late results of an older attach are dropped. */
  private run = new AbortController();
  private fatalErrors = 0;
  private failed = false;
  private nativeLevels: PreviewLevel[] = [];
  private refreshController: AbortController | null = null;
  private readonly onNativeError = () => this.nativeError();
  /** Whether the video has played at all (after that, a pause is the viewer's choice). */
  private hasPlayed = false;
  private readonly onPlaying = () => (this.hasPlayed = true);

  constructor(video: HTMLVideoElement, options: PreviewPlayerOptions = {}) {
    this.video = video;
    this.options = options;
  }

  /** The hls.js instance, or null (native HLS, or nothing attached). */
  get hls(): Hls | null {
    return this.instance;
  }

  get usingHls(): boolean {
    return this.instance !== null;
  }

  /** The renditions the player knows about, lowest first as the master lists them. */
  get levels(): PreviewLevel[] {
    if (this.instance) return this.instance.levels.map(toPreviewLevel);
    return this.nativeLevels.slice();
  }

  /** Plays `src` (a master playlist). Resolves once playback is set up (not when it plays). */
  async attach(src: string, options: AttachOptions = {}): Promise<void> {
    this.detach();
    this.run.abort();
    const run = (this.run = new AbortController()).signal;
    this.src = src;
    this.attachOptions = options;
    this.fatalErrors = 0;
    this.failed = false;
    const video = this.video;
    this.hasPlayed = false;
    video.removeEventListener('playing', this.onPlaying);
    video.addEventListener('playing', this.onPlaying);
    video.muted = true;
    video.defaultMuted = true;
    video.playsInline = true;
    video.setAttribute('playsinline', '');
    if (options.poster) video.poster = options.poster;
    else video.removeAttribute('poster');

    if (hasMediaSource()) {
      let HlsClass: HlsConstructor;
      try {
        HlsClass = await loadHls();
      } catch (cause) {
        if (!run.aborted) this.fail('The video player (hls.js) could not be loaded.', cause);
        return;
      }
      if (run.aborted) return;
      if (HlsClass.isSupported()) {
        this.attachHls(HlsClass, src);
        return;
      }
    }
    if (video.canPlayType(HLS_MIME)) {
      video.addEventListener('error', this.onNativeError);
      video.src = src;
      void this.readNativeLevels(run);
      return;
    }
    this.fail('This browser cannot play HLS.');
  }

  /** Attaches the last source again, with a fresh recovery budget. */
  async retry(): Promise<void> {
    if (this.src === null) return;
    await this.attach(this.src, this.attachOptions);
  }

  /**
   * Re-reads the master playlist; if it lists more variants than the player has, reloads it in place
   * (same position, same playing state). Resolves with whether it reloaded.
   */
  async refresh(): Promise<boolean> {
    const src = this.src;
    if (src === null || this.failed) return false;
    const run = this.run.signal;
    this.refreshController?.abort();
    const controller = new AbortController();
    this.refreshController = controller;
    let variants: PreviewLevel[];
    try {
      const response = await fetch(src, { cache: 'no-store', credentials: 'same-origin', signal: controller.signal });
      if (!response.ok) return false;
      variants = parseMasterVariants(await response.text());
    } catch {
      return false; // a failed refresh changes nothing; the next one may work
    } finally {
      if (this.refreshController === controller) this.refreshController = null;
    }
    if (run.aborted || src !== this.src) return false;
    if (variants.length <= this.levels.length) return false;
    const video = this.video;
    // Playing, or meant to autoplay and not started yet (a reload in between must not leave it paused).
    const wasPlaying = (!video.paused && !video.ended) || (Boolean(this.options.autoplay) && !this.hasPlayed);
    const position = video.currentTime || 0;
    if (this.instance) {
      const hls = this.instance;
      const Events = HlsEvents(hls);
      // Settles when the new master is parsed, or when that cannot happen any more (fatal error, destroy).
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
      if (wasPlaying) video.play().catch(() => undefined);
      await levelsReady;
    } else {
      this.nativeLevels = variants;
      video.src = src;
      const seek = () => {
        if (position > 0) video.currentTime = position;
      };
      video.addEventListener('loadedmetadata', seek, { once: true });
      if (wasPlaying) video.play().catch(() => undefined);
      this.emitLevels();
    }
    return true;
  }

  /** Stops playback and releases hls.js; the `<video>` is left empty. */
  destroy(): void {
    this.run.abort();
    this.detach();
    this.src = null;
  }

  private detach(): void {
    this.refreshController?.abort();
    this.refreshController = null;
    this.video.removeEventListener('error', this.onNativeError);
    this.video.removeEventListener('playing', this.onPlaying);
    const hls = this.instance;
    this.instance = null;
    this.nativeLevels = [];
    if (hls) {
      hls.detachMedia();
      hls.destroy();
    }
    if (this.video.hasAttribute('src')) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  private attachHls(HlsClass: HlsConstructor, src: string): void {
    const hls = new HlsClass({ capLevelToPlayerSize: true });
    this.instance = hls;
    const Events = HlsClass.Events;
    hls.on(Events.MANIFEST_PARSED, () => {
      this.emitLevels();
      if (this.options.autoplay && !this.hasPlayed) this.video.play().catch(() => undefined);
    });
    hls.on(Events.LEVELS_UPDATED, () => this.emitLevels());
    hls.on(Events.ERROR, (_event, data) => this.hlsError(hls, HlsClass, data));
    hls.attachMedia(this.video);
    hls.loadSource(src);
  }

  private hlsError(hls: Hls, HlsClass: HlsConstructor, data: ErrorData): void {
    if (!data.fatal || hls !== this.instance) return;
    this.fatalErrors++;
    const { ErrorTypes, ErrorDetails } = HlsClass;
    const what = `${data.type}: ${data.details}${data.response?.code ? ` (HTTP ${data.response.code})` : ''}`;
    if (this.fatalErrors === 1) {
      if (data.type === ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
        return;
      }
      if (data.type === ErrorTypes.NETWORK_ERROR) {
        const masterFailed =
          data.details === ErrorDetails.MANIFEST_LOAD_ERROR ||
          data.details === ErrorDetails.MANIFEST_LOAD_TIMEOUT ||
          data.details === ErrorDetails.MANIFEST_PARSING_ERROR;
        // startLoad() resumes segment and playlist loading; without a master there is nothing to resume.
        if (masterFailed && this.src) hls.loadSource(this.src);
        else hls.startLoad();
        return;
      }
    }
    this.fail(`The preview could not be played (${what}).`, data.error, data.response?.code);
  }

  private nativeError(): void {
    if (this.instance || this.src === null) return;
    this.fatalErrors++;
    const mediaError = this.video.error;
    if (this.fatalErrors === 1) {
      this.video.src = this.src;
      return;
    }
    this.fail(`The preview could not be played (${mediaError?.message || `media error ${mediaError?.code ?? ''}`.trim()}).`, mediaError);
  }

  private async readNativeLevels(run: AbortSignal): Promise<void> {
    const src = this.src;
    if (!src) return;
    try {
      const response = await fetch(src, { credentials: 'same-origin', signal: run });
      if (!response.ok) return;
      const levels = parseMasterVariants(await response.text());
      if (run.aborted) return;
      this.nativeLevels = levels;
      this.emitLevels();
    } catch {
      // The levels are informative; native playback does not need them.
    }
  }

  private emitLevels(): void {
    this.options.onLevels?.(this.levels);
  }

  private fail(message: string, cause?: unknown, status?: number): void {
    if (this.failed) return;
    this.failed = true;
    const hls = this.instance;
    if (hls) hls.stopLoad();
    this.options.onError?.(new GcoreUploaderError('playback-failed', { params: { detail: message }, cause, status }));
  }
}

function toPreviewLevel(level: Level): PreviewLevel {
  return { height: level.height || 0, width: level.width || 0, bitrate: level.bitrate || 0 };
}

/** The Events enum of the class an instance came from (the type-only import has no values). */
function HlsEvents(hls: Hls): HlsConstructor['Events'] {
  return (hls.constructor as HlsConstructor).Events;
}
