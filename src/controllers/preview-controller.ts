/**
 * The preview for the element: one PreviewPlayer on the element's `<video>`, started when the video is
 * viewable (hls.js is loaded then, not before), told to pick up renditions that finish later, and
 * destroyed on reset() and when the element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GcoreUploaderError } from '../errors.js';
import { assetLoadFailed, importCdnAsset } from '../cdn-assets.js';
import type { PreviewPlayer } from '../preview/player.js';
import type { GcoreVideo } from '../status/video.js';

export class PreviewController implements ReactiveController {
  #player: PreviewPlayer | null = null;
  #completeRenditions = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get player(): PreviewPlayer | null {
    return this.#player;
  }

  /** Plays `src` (a master playlist) in `element`; the player (and then hls.js) is loaded now, not before. */
  async play(element: HTMLVideoElement, src: string, poster: string | null | undefined, onError: (error: GcoreUploaderError) => void): Promise<void> {
    if (this.#player?.video === element) return;
    this.#player?.destroy();
    this.#player = null;
    const { PreviewPlayer } = await loadPlayer();
    if (!element.isConnected) return; // reset or replaced while loading
    const player = new PreviewPlayer(element, { onError, autoplay: true });
    this.#player = player;
    await player.attach(src, { poster });
  }

  /** A newer video object: renditions finished since the player started join it without a reload. */
  update(video: GcoreVideo | null): void {
    const complete = (video?.converted_videos ?? []).filter((cv) => cv.status === 'complete').length;
    if (this.#player && complete > this.#completeRenditions) void this.#player.refresh();
    this.#completeRenditions = complete;
  }

  retry(): void {
    void this.#player?.retry();
  }

  stop(): void {
    this.#player?.destroy();
    this.#player = null;
    this.#completeRenditions = 0;
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.host.isConnected) this.stop();
    });
  }
}

/** The player's module: a chunk of its own (ESM), or `player.mjs` next to the CDN file. */
function loadPlayer(): Promise<typeof import('../preview/player.js')> {
  return (
    typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<typeof import('../preview/player.js')>('player.mjs') : import('../preview/player.js')
  ).catch(assetLoadFailed('player.mjs'));
}
