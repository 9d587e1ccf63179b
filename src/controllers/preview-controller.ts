/**
 * The preview for the element: one PreviewPlayer on the element's `<video>`, started when the video is
 * viewable (the player part, player-part.ts, and then hls.js are loaded then, not before), told to
 * pick up renditions that finish later, and destroyed on reset() and when the element leaves the page.
 * Loading takes the preview's AbortSignal: stop() aborts it, so a player that arrives late is never attached.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GcoreUploaderError, toUploaderError } from '../errors.js';
import { langOf } from '../i18n/index.js';
import { loadPlayer } from '../lazy.js';
import type { PreviewPlayer, PreviewSession } from './player-part.js';
import type { GcoreVideo } from '../status/video.js';

export class PreviewController implements ReactiveController {
  private _session: PreviewSession | null = null;
  /** The latest video followed while the player part loads (its renditions are in the master the player reads). */
  private _followed: GcoreVideo | null = null;
  private _loading = new AbortController();
  /** The last playback failure (a Retry button is shown), until retry() or stop(). */
  error: GcoreUploaderError | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment }) {
    host.addController(this);
  }

  get player(): PreviewPlayer | null {
    return this._session?.player ?? null;
  }

  /** Plays `video` in the host's `<video part="player">` once it is rendered (the player part, then hls.js, loaded now); `onError` gets a playback failure. */
  async show(video: GcoreVideo | null, onError: (error: GcoreUploaderError) => void): Promise<void> {
    await this.host.updateComplete;
    const element = this.host.renderRoot.querySelector<HTMLVideoElement>('video[part~="player"]');
    if (!element || !video?.hls_url || this.player?.video === element) return;
    this.stop();
    const { signal } = this._loading;
    try {
      const { PreviewSession } = await loadPlayer();
      if (signal.aborted) return; // reset or gone while loading
      this._session = new PreviewSession(element, langOf(this.host), this._followed, (playerError) => {
        const error = toUploaderError(playerError); // the player is another bundle in the CDN build (`player.mjs`)
        this.error = error;
        this.host.requestUpdate();
        onError(error);
      });
      await this._session.player.attach(video.hls_url, { poster: video.poster ?? video.screenshot ?? null });
    } catch (cause) {
      onError(new GcoreUploaderError('playback-failed', { cause }));
    }
  }

  /** After a render, with the latest item's video: new renditions and a new poster reach the player. */
  follow(video: GcoreVideo | null): void {
    if (this._session) this._session.follow(video);
    else this._followed = video;
  }

  retry(): void {
    this.error = null;
    this.host.requestUpdate();
    void this.player?.retry();
  }

  stop(): void {
    this._loading.abort();
    this._loading = new AbortController();
    this._session?.destroy();
    this._session = this._followed = null;
    this.error = null;
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.host.isConnected) this.stop();
    });
  }
}
