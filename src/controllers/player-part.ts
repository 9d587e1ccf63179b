/**
 * The entry of the player part (lazy.ts `loadPlayer`: `player.mjs` next to the CDN file, or a chunk),
 * loaded once the latest video is viewable: the PreviewPlayer (hls.js is loaded by it then, not
 * before) with what the element does with it, made by preview-controller.ts on the element's `<video>`:
 * autoplay in the page's language, renditions that finish later joined without a page reload, a newer
 * poster (Gcore's, once the details saved one) set when it changes.
 *
 * Joining renditions reloads the master in place, which gives the `<video>` a new MediaSource: while
 * the preview plays, that costs a visible stall in every engine (and can hang WebKitGTK's MSE), so it
 * waits until the preview pauses or ends. Before the first play it happens at once.
 */
import type { GcoreUploaderError } from '../errors.js';
import { PreviewPlayer } from '../preview/player.js';
import type { GcoreVideo } from '../status/video.js';

export { PreviewPlayer };

const completeRenditions = (video: GcoreVideo | null) => (video?.converted_videos ?? []).filter((cv) => cv.status === 'complete').length;

const playing = (video: HTMLVideoElement) => !video.paused && !video.ended;

export class PreviewSession {
  readonly player: PreviewPlayer;
  private _completeRenditions: number;
  /** Renditions finished while the preview played: refresh on the next pause or end. */
  private _refreshWhenIdle = false;
  private readonly _onIdle = () => {
    if (!this._refreshWhenIdle) return;
    this._refreshWhenIdle = false;
    void this.player.refresh();
  };

  /** `followed`: the latest video the element followed while this part loaded (its renditions are in the master the player reads). */
  constructor(element: HTMLVideoElement, lang: string | null, followed: GcoreVideo | null, onError: (error: GcoreUploaderError) => void) {
    this.player = new PreviewPlayer(element, { onError, autoplay: true, lang });
    this._completeRenditions = completeRenditions(followed);
    element.addEventListener('pause', this._onIdle);
    element.addEventListener('ended', this._onIdle);
  }

  /** After a render, with the latest item's video: new renditions and a new poster reach the player. */
  follow(video: GcoreVideo | null): void {
    const { player } = this;
    const complete = completeRenditions(video);
    if (complete > this._completeRenditions) {
      if (playing(player.video)) this._refreshWhenIdle = true;
      else void player.refresh();
    }
    this._completeRenditions = complete;
    const url = video?.poster ?? video?.screenshot ?? null;
    if (url && player.video.getAttribute('poster') !== url) player.setPoster(url);
  }

  /** The `<video>` is the element's and outlives this session: its listeners go with it. */
  destroy(): void {
    this.player.video.removeEventListener('pause', this._onIdle);
    this.player.video.removeEventListener('ended', this._onIdle);
    this.player.destroy();
  }
}
