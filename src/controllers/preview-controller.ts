/**
 * The preview for the element: one PreviewPlayer on the element's `<video>`, started when the video is
 * viewable (hls.js is loaded then, not before), told to pick up renditions that finish later, and
 * destroyed on reset() and when the element leaves the page. Loading takes the preview's AbortSignal:
 * stop() aborts it, so a player that arrives late is never attached.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GcoreUploaderError, toUploaderError } from '../errors.js';
import { langOf } from '../i18n/index.js';
import { loadPlayer } from '../lazy.js';
import type { PreviewPlayer } from '../preview/player.js';
import type { GcoreVideo } from '../status/video.js';

export class PreviewController implements ReactiveController {
  private _player: PreviewPlayer | null = null;
  private _completeRenditions = 0;
  private _loading = new AbortController();
  /** The last playback failure (a Retry button is shown), until retry() or stop(). */
  error: GcoreUploaderError | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment }) {
    host.addController(this);
  }

  get player(): PreviewPlayer | null {
    return this._player;
  }

  /** Plays `src` (a master playlist) in `element`; the player (and then hls.js) is loaded now, not before. */
  async play(element: HTMLVideoElement, src: string, poster: string | null | undefined, onError: (error: GcoreUploaderError) => void): Promise<void> {
    if (this._player?.video === element) return;
    this.stop();
    const { signal } = this._loading;
    const { PreviewPlayer } = await loadPlayer();
    if (signal.aborted) return; // reset or gone while loading
    const failed = (playerError: GcoreUploaderError) => {
      const error = toUploaderError(playerError); // the player may be another bundle (`player.mjs`)
      this.error = error;
      this.host.requestUpdate();
      onError(error);
    };
    const player = new PreviewPlayer(element, { onError: failed, autoplay: true, lang: langOf(this.host) });
    this._player = player;
    await player.attach(src, { poster });
  }

  /** Plays `video` in the host's `<video part="player">` once it is rendered; `onError` gets a playback failure. */
  async show(video: GcoreVideo | null, onError: (error: GcoreUploaderError) => void): Promise<void> {
    await this.host.updateComplete;
    const element = this.host.renderRoot.querySelector<HTMLVideoElement>('video[part~="player"]');
    if (!element || !video?.hls_url) return;
    await this.play(element, video.hls_url, video.poster ?? video.screenshot ?? null, onError).catch((cause) => onError(new GcoreUploaderError('playback-failed', { cause })));
  }

  /** The poster the preview shows (Gcore's, once the details saved one): set on the player when it changes. */
  poster(url: string | null): void {
    const player = this._player;
    if (player && url && player.video.getAttribute('poster') !== url) player.setPoster(url);
  }

  /** After a render, with the latest item's video: new renditions and a new poster reach the player. */
  follow(video: GcoreVideo | null): void {
    this.update(video);
    this.poster(video?.poster ?? video?.screenshot ?? null);
  }

  /** A newer video object: renditions finished since the player started join it without a reload. */
  update(video: GcoreVideo | null): void {
    const complete = (video?.converted_videos ?? []).filter((cv) => cv.status === 'complete').length;
    if (this._player && complete > this._completeRenditions) void this._player.refresh();
    this._completeRenditions = complete;
  }

  retry(): void {
    this.error = null;
    this.host.requestUpdate();
    void this._player?.retry();
  }

  stop(): void {
    this._loading.abort();
    this._loading = new AbortController();
    this._player?.destroy();
    this._player = null;
    this._completeRenditions = 0;
    this.error = null;
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.host.isConnected) this.stop();
    });
  }
}
