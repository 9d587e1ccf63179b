/**
 * The entry of the player part (lazy.ts `loadPlayer`: `player.mjs` next to the CDN file, or a chunk),
 * loaded once the latest video is viewable: the PreviewPlayer (hls.js is loaded by it then, not
 * before) with what the element does with it, made by preview-controller.ts on the element's `<video>`:
 * autoplay in the page's language, renditions that finish later joined without a reload, a newer
 * poster (Gcore's, once the details saved one) set when it changes.
 */
import type { GcoreUploaderError } from '../errors.js';
import { PreviewPlayer } from '../preview/player.js';
import type { GcoreVideo } from '../status/video.js';

export { PreviewPlayer };

const completeRenditions = (video: GcoreVideo | null) => (video?.converted_videos ?? []).filter((cv) => cv.status === 'complete').length;

export class PreviewSession {
  readonly player: PreviewPlayer;
  private _completeRenditions: number;

  /** `followed`: the latest video the element followed while this part loaded (its renditions are in the master the player reads). */
  constructor(element: HTMLVideoElement, lang: string | null, followed: GcoreVideo | null, onError: (error: GcoreUploaderError) => void) {
    this.player = new PreviewPlayer(element, { onError, autoplay: true, lang });
    this._completeRenditions = completeRenditions(followed);
  }

  /** After a render, with the latest item's video: new renditions and a new poster reach the player. */
  follow(video: GcoreVideo | null): void {
    const { player } = this;
    const complete = completeRenditions(video);
    if (complete > this._completeRenditions) void player.refresh();
    this._completeRenditions = complete;
    const url = video?.poster ?? video?.screenshot ?? null;
    if (url && player.video.getAttribute('poster') !== url) player.setPoster(url);
  }
}
