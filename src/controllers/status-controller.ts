/**
 * Follows a video after its upload, for the element: one StatusPoller at a time, and the preview
 * player once the video is viewable. Everything stops on reset() and when the element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GcoreUploaderError } from '../errors.js';
import { PreviewPlayer } from '../preview/player.js';
import { StatusPoller, videoFetcher, type VideoFetcherOptions } from '../status/poller.js';
import type { GcoreVideo } from '../status/video.js';

export interface StatusHost {
  onVideo(video: GcoreVideo): void;
  onStatusChange(status: string, video: GcoreVideo): void;
  onViewable(video: GcoreVideo): void;
  onReady(video: GcoreVideo): void;
  onProcessingError(error: GcoreUploaderError, video: GcoreVideo | null): void;
}

export class StatusController implements ReactiveController {
  #poller: StatusPoller | null = null;
  #player: PreviewPlayer | null = null;
  #completeRenditions = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement & StatusHost) {
    host.addController(this);
  }

  /** Starts following `videoId`; false when there is no way to ask for its status. */
  follow(videoId: string, fetcher: VideoFetcherOptions, interval: number): boolean {
    this.stop();
    const fetchVideo = videoFetcher(fetcher, videoId);
    if (!fetchVideo) return false;
    const host = this.host;
    this.#poller = new StatusPoller({
      fetchVideo,
      interval: interval > 0 ? interval : 2000,
      onVideo: (video) => {
        host.onVideo(video);
        // Renditions finished since the player started: let it pick them up from the master playlist.
        const complete = (video.converted_videos ?? []).filter((cv) => cv.status === 'complete').length;
        if (this.#player && complete > this.#completeRenditions) void this.#player.refresh();
        this.#completeRenditions = complete;
      },
      onStatusChange: (status, video) => host.onStatusChange(status, video),
      onViewable: (video) => host.onViewable(video),
      onReady: (video) => host.onReady(video),
      onError: (error, video) => host.onProcessingError(error, video),
    });
    this.#poller.start();
    return true;
  }

  /** Plays the video's master playlist in `video` (hls.js is loaded now, not before). */
  async preview(element: HTMLVideoElement, src: string, poster: string | null | undefined, onError: (error: GcoreUploaderError) => void) {
    if (this.#player?.video === element) return;
    this.#player?.destroy();
    const player = new PreviewPlayer(element, { onError });
    this.#player = player;
    await player.attach(src, { poster });
  }

  get player(): PreviewPlayer | null {
    return this.#player;
  }

  retryPreview(): void {
    void this.#player?.retry();
  }

  stop(): void {
    this.#poller?.stop();
    this.#poller = null;
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
