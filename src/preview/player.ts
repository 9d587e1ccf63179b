/**
 * The preview: plays a video's HLS master playlist (`hls_url`) in a given `<video>`.
 *
 * - Native HLS first, wherever the browser says it plays it (`canPlayType('application/vnd.apple.mpegurl')`
 *   is not empty: Safari, iOS, and Chromium from about version 141 on, which plays it itself): no hls.js at all.
 * - Elsewhere hls.js with Media Source Extensions, downloaded on the first `attach()`, never before: the
 *   master is read first, and the light build (`hls.js/light`, ≈ 114 KB gzip instead of ≈ 178 KB) is
 *   loaded unless the master needs what light leaves out (`needsFullHls`: a SUBTITLES rendition or an
 *   alternate AUDIO rendition). A master that cannot be read counts as the first failed attempt.
 * - While Gcore still converts, renditions are added to the master playlist as they finish (`viewable`);
 *   `refresh()` re-reads the master and, when it lists more variants, reloads it in place.
 * - Subtitles the master lists (`#EXT-X-MEDIA:TYPE=SUBTITLES`) are shown, in the page's language when
 *   there is one: hls.js (full) shows its own subtitle track; native HLS players that show none of
 *   them (Chromium) get a `<track>` per rendition (subtitles.ts). `refreshSubtitles()` picks up subtitles
 *   added later.
 * - A seek that never completes (WebKitGTK's MSE, after hls.js skips the gap before the first frame)
 *   is tried again after 2 s (seek-watch.ts).
 * - Fatal errors get one recovery (media: `recoverMediaError()`, network: `startLoad()`, or loading the
 *   master again when the master itself failed); a second fatal error is `playback-failed`.
 *
 * Here the player itself (attach, refresh, retry, native HLS, failures); the master playlist's parsing
 * is master.ts, the hls.js wiring hls-player.ts.
 */
import type Hls from 'hls.js';
import type { ErrorData } from 'hls.js';
import { GcoreUploaderError } from '../errors.js';
import { loadHls, type HlsConstructor } from '../lazy.js';
import { recoverHls, reloadHls, startHls, toPreviewLevel } from './hls-player.js';
import { watchStuckSeeks } from './seek-watch.js';
import { hasMediaSource, needsFullHls, parseMasterVariants, readMaster, type PreviewLevel } from './master.js';
import { NativeSubtitles, parseSubtitleRenditions, pickSubtitle, type SubtitleRendition } from './subtitles.js';

export { hasMediaSource, needsFullHls, parseMasterVariants, type PreviewLevel } from './master.js';

export interface PreviewPlayerOptions {
  /** The page's language: which subtitles to show when the master lists several (default: the default one, else the first). */
  lang?: string | null;
  /** Start playing (muted) as soon as the video can, and keep playing across refresh() until it has played once. */
  autoplay?: boolean;
  onError?(error: GcoreUploaderError): void;
  onLevels?(levels: PreviewLevel[]): void;
}

export interface AttachOptions {
  poster?: string | null;
}

const HLS_MIME = 'application/vnd.apple.mpegurl';

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
  private build: 'light' | 'full' | null = null;
  /** Subtitles for a native HLS player that shows none of the master's itself (Chromium). */
  private nativeSubtitles: NativeSubtitles | null = null;
  /** How many SUBTITLES renditions the master listed when last read. */
  private subtitleCount = 0;

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

  /** Which hls.js build plays the video (`light` or `full`), or null (native HLS, or nothing attached). */
  get hlsBuild(): 'light' | 'full' | null {
    return this.instance ? this.build : null;
  }

  /** The subtitles the player knows about (hls.js's tracks, or those it added for native HLS). */
  get subtitleTracks(): number {
    if (this.instance) return this.instance.subtitleTracks?.length ?? 0;
    return this.nativeSubtitles?.count ?? 0;
  }

  /** Shows `url` as the video's poster (until it plays), or none. */
  setPoster(url: string | null | undefined): void {
    this.attachOptions = { ...this.attachOptions, poster: url ?? null };
    if (url) {
      if (this.video.getAttribute('poster') !== url) this.video.poster = url;
    } else this.video.removeAttribute('poster');
  }

  /**
   * Subtitles were added to the video: re-reads the master (Gcore may take up to 30 s to list them, so
   * it tries again every 5 s for 30 s) and, once it lists more, shows them: hls.js light is replaced by
   * the full build, hls.js full reloads the master in place, native HLS gets the new tracks. Resolves
   * with whether it found more.
   */
  async refreshSubtitles({ attempts = 7, delayMs = 5000 } = {}): Promise<boolean> {
    const src = this.src;
    const run = this.run.signal;
    for (let i = 0; i < attempts && src !== null && !run.aborted && !this.failed; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (run.aborted || src !== this.src) return false;
      const master = await readMaster(src, run, true);
      if (master === null || run.aborted) continue;
      const renditions = parseSubtitleRenditions(master, src);
      if (renditions.length <= this.subtitleCount) continue;
      this.subtitleCount = renditions.length;
      const video = this.video;
      const position = video.currentTime || 0;
      const playing = !video.paused && !video.ended;
      if (this.instance && this.build === 'light') {
        await this.attach(src, this.attachOptions);
        const seek = () => (position > 0 ? (video.currentTime = position) : undefined);
        video.addEventListener('loadedmetadata', seek, { once: true });
        if (playing) video.play().catch(() => undefined);
      } else if (this.instance) {
        this.instance.config.startPosition = position;
        this.instance.loadSource(src);
        if (playing) video.play().catch(() => undefined);
      } else {
        await this.showNativeSubtitles(renditions, run);
      }
      return true;
    }
    return false;
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

    watchStuckSeeks(video, run);

    if (video.canPlayType(HLS_MIME)) {
      video.addEventListener('error', this.onNativeError);
      video.src = src;
      void this.readNativeLevels(run);
      return;
    }
    if (hasMediaSource()) {
      const master = await readMaster(src, run);
      if (run.aborted) return;
      // Could not be read: that was the first attempt, hls.js's own load of the master is the one retry.
      if (master === null) this.fatalErrors = 1;
      const full = master !== null && needsFullHls(master);
      this.subtitleCount = master === null ? 0 : parseSubtitleRenditions(master, src).length;
      let HlsClass: HlsConstructor;
      try {
        HlsClass = await loadHls(full);
      } catch (cause) {
        if (!run.aborted) this.fail('The video player (hls.js) could not be loaded.', cause);
        return;
      }
      if (run.aborted) return;
      if (HlsClass.isSupported()) {
        this.build = full ? 'full' : 'light';
        this.attachHls(HlsClass, src);
        return;
      }
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
      await reloadHls(this.instance, src, position, video, wasPlaying);
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

  /** hls.js (full) lists the master's subtitles: the page's language (or the default, or the first) is shown. */
  private showHlsSubtitles(hls: Hls): void {
    const tracks = hls.subtitleTracks ?? [];
    if (tracks.length === 0 || hls.subtitleTrack >= 0) return; // none, or one chosen already (by the viewer, too)
    hls.subtitleDisplay = true;
    hls.subtitleTrack = pickSubtitle(tracks, this.options.lang);
  }

  /** Native HLS: when the browser shows none of the master's subtitles itself (Chromium), the player adds them as `<track>`s. */
  private async showNativeSubtitles(renditions: SubtitleRendition[], run: AbortSignal): Promise<void> {
    if (renditions.length === 0 || run.aborted) return;
    const video = this.video;
    if (video.readyState < 1) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
    if (run.aborted) return;
    this.nativeSubtitles ??= new NativeSubtitles(video);
    if (this.nativeSubtitles.hasOwnTracks()) return;
    await this.nativeSubtitles.show(renditions, this.options.lang);
  }

  private detach(): void {
    this.nativeSubtitles?.clear();
    this.subtitleCount = 0;
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
    startHls(hls, HlsClass, this.video, src, {
      parsed: () => {
        this.emitLevels();
        if (this.options.autoplay && !this.hasPlayed) this.video.play().catch(() => undefined);
      },
      levels: () => this.emitLevels(),
      subtitles: () => this.showHlsSubtitles(hls),
      error: (data) => this.hlsError(hls, HlsClass, data),
      current: (h) => h === this.instance,
    });
  }

  private hlsError(hls: Hls, HlsClass: HlsConstructor, data: ErrorData): void {
    if (!data.fatal || hls !== this.instance) return;
    this.fatalErrors++;
    if (this.fatalErrors === 1 && recoverHls(hls, HlsClass, data, this.src)) return;
    const what = `${data.type}: ${data.details}${data.response?.code ? ` (HTTP ${data.response.code})` : ''}`;
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
      const master = await response.text();
      if (run.aborted) return;
      this.nativeLevels = parseMasterVariants(master);
      this.emitLevels();
      const renditions = parseSubtitleRenditions(master, src);
      this.subtitleCount = renditions.length;
      await this.showNativeSubtitles(renditions, run);
    } catch {
      // The levels and subtitles are extras; native playback does not need them.
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
