/**
 * One file's (or one link's) whole way: checked, uploaded with tus (UploadJob), then followed through
 * Gcore's processing (StatusPoller). Plain TypeScript: the element renders items and dispatches their
 * news as DOM events; an item knows nothing of Lit or the DOM.
 */
import { GcoreUploaderError, toUploaderError, type ProcessingErrorCode, type UploadErrorCode } from '../errors.js';
import { progressDetail, type GcoreUploaderEventMap } from '../events.js';
import { checkFile, type FileCheckOptions } from '../file-check.js';
import { assetLoadFailed, importCdnAsset } from '../cdn-assets.js';
import type { StatusPoller, VideoFetcherOptions } from '../status/poller.js';
import type { GcoreVideo } from '../status/video.js';
import type { UploadProgress } from './progress.js';
import { UploadJob, type PreviousUploadInfo, type ResumePolicy, type SessionSource } from './upload.js';

export type ItemState =
  | 'queued'
  | 'preparing'
  | 'confirm-resume'
  | 'uploading'
  | 'paused'
  | 'success'
  | 'processing'
  | 'ready'
  | 'error'
  | 'cancelled';

/** Holds a concurrency slot: preparing, asking, uploading or paused. */
export const ACTIVE_STATES: ReadonlySet<ItemState> = new Set(['preparing', 'confirm-resume', 'uploading', 'paused']);

export interface ItemSettings extends FileCheckOptions {
  source: () => SessionSource;
  chunkSize: number;
  retryDelays: number[];
  resume: ResumePolicy;
  status: (sessionStatusUrl?: string) => VideoFetcherOptions;
  pollInterval: number;
}

/** What an item needs from the element. */
export interface ItemHost {
  emit<K extends keyof GcoreUploaderEventMap>(name: K, detail: GcoreUploaderEventMap[K]['detail']): void;
  /** Something the UI shows changed; `often` for progress, which the host may throttle to frames. */
  changed(item: UploadItem, often?: boolean): void;
  confirmResume(item: UploadItem, previous: PreviousUploadInfo): Promise<boolean>;
  viewable(item: UploadItem, video: GcoreVideo): void;
  /** Something went wrong that the item reports through its own events too (a lazy part did not load). */
  failed(err: unknown): void;
}

let nextId = 1;

export class UploadItem {
  readonly id = nextId++;
  state: ItemState = 'queued';
  error: GcoreUploaderError | null = null;
  videoId: string | null = null;
  video: GcoreVideo | null = null;
  /** Paused because the browser went offline (resumes by itself when it is back). */
  offlinePause = false;
  /** Set while `resume="ask"` waits for the user's answer. */
  answerResume: ((yes: boolean) => void) | null = null;
  /** The link of an import, when the video comes from a URL instead of a file. */
  readonly url: string | null;

  #job: UploadJob | null = null;
  #poller: StatusPoller | null = null;
  /** Bumped by follow() and the stops, so a poller that loads late knows it is no longer wanted. */
  #following = 0;
  #settle: { resolve(id: string): void; reject(e: GcoreUploaderError): void } | null = null;
  readonly done: Promise<string>;

  constructor(
    readonly file: File | null,
    private readonly settings: ItemSettings,
    private readonly host: ItemHost,
    url: string | null = null,
  ) {
    this.url = url;
    this.done = new Promise<string>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.done.catch(() => {}); // reported through events; callers of upload() see the rejection
  }

  get progress(): UploadProgress | null {
    return this.#job?.progress.current ?? null;
  }

  get active(): boolean {
    return ACTIVE_STATES.has(this.state);
  }

  /** Checks the file, resumes or gets a session, uploads, then follows processing. */
  async start(): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.#set({ state: 'preparing', error: null, offlinePause: false });
    try {
      checkFile(file, this.settings);
      const job = new UploadJob({
        file,
        source: this.settings.source(),
        chunkSize: this.settings.chunkSize,
        retryDelays: this.settings.retryDelays,
        resume: this.settings.resume,
        confirmResume: (previous) => this.host.confirmResume(this, previous),
        onPhase: (phase) => this.#job === job && this.#set({ state: phase }),
        onStart: (info) => {
          this.videoId = info.videoId;
          this.host.emit('upload-start', { file, ...info });
        },
        onProgress: (p) => {
          this.host.emit('upload-progress', progressDetail(file, p));
          this.host.changed(this, true);
        },
        onChunkComplete: (chunk) => this.host.emit('chunk-complete', { file, ...chunk }),
      });
      this.#job = job;
      this.videoId = job.videoId;
      const videoId = await job.run();
      if (this.#job !== job) throw new GcoreUploaderError('aborted');
      this.videoId = videoId;
      this.#set({ state: 'success' });
      this.host.emit('upload-success', { videoId, file });
      this.#settle?.resolve(videoId);
      this.follow(job.session?.status_url);
    } catch (err) {
      this.#fail(toUploaderError(err));
    }
  }

  /**
   * Follows Gcore's processing of `videoId` when there is a way to ask for the status. The poller is
   * loaded now (a chunk of its own in the ESM build): a page that only uploads never loads it.
   */
  follow(sessionStatusUrl?: string): void {
    const options = this.settings.status(sessionStatusUrl);
    if (!this.videoId || !(options.getStatus || options.statusUrl)) return;
    this.#poller?.stop();
    this.#set({ state: 'processing' });
    const following = ++this.#following;
    loadPoller().then(
      ({ StatusPoller, videoFetcher }) => {
        if (following !== this.#following || this.state !== 'processing') return; // stopped meanwhile
        this.#poll(new StatusPoller({ fetchVideo: videoFetcher(options, this.videoId!)!, ...this.#pollerCallbacks() }));
      },
      (cause) => {
        this.host.failed(cause);
        this.#pollerCallbacks().onError(new GcoreUploaderError('status-request-failed', { cause }), null);
      },
    );
  }

  #poll(poller: StatusPoller): void {
    this.#poller = poller;
    poller.start();
  }

  #pollerCallbacks() {
    return {
      interval: this.settings.pollInterval > 0 ? this.settings.pollInterval : 2000,
      onVideo: (video: GcoreVideo) => this.#set({ video }),
      onStatusChange: (status: string, video: GcoreVideo) => this.host.emit('status-change', { status, video, file: this.file }),
      onViewable: (video: GcoreVideo) => {
        this.host.emit('video-viewable', { video, file: this.file });
        this.host.viewable(this, video);
      },
      onReady: (video: GcoreVideo) => {
        this.#set({ state: 'ready' });
        this.host.emit('video-ready', { video, file: this.file });
      },
      onError: (error: GcoreUploaderError, video: GcoreVideo | null) => {
        this.#set({ state: 'error', error, video: video ?? this.video });
        this.host.emit('processing-error', { code: error.code as ProcessingErrorCode, message: error.message, video, file: this.file });
      },
    };
  }

  /** An import started by the backend: no bytes to send, straight to following the status. */
  imported(videoId: string, video: GcoreVideo | null, statusUrl?: string): void {
    this.videoId = videoId;
    this.#set({ video, state: 'processing' });
    this.#settle?.resolve(videoId);
    this.follow(statusUrl);
  }

  /** The import request failed. */
  importFailed(error: GcoreUploaderError): void {
    this.#set({ state: 'error', error });
    this.#settle?.reject(error);
  }

  pause(reason: 'user' | 'network'): boolean {
    if (this.state !== 'uploading' || !this.#job?.pause()) return false;
    this.offlinePause = reason === 'network';
    this.host.emit('upload-pause', { file: this.file!, videoId: this.videoId, reason });
    return true;
  }

  resume(reason: 'user' | 'network'): boolean {
    if (reason === 'network' && !this.offlinePause) return false;
    this.offlinePause = false;
    if (this.state !== 'paused' || !this.#job?.resume()) return false;
    this.host.emit('upload-resume', { file: this.file!, videoId: this.videoId, reason });
    return true;
  }

  /** Stops the upload for good (the server is asked to drop it) and stops following the video. */
  async cancel(): Promise<void> {
    this.answerResume?.(false);
    this.stopFollowing();
    if (this.state === 'queued') {
      this.#fail(new GcoreUploaderError('aborted'));
      return;
    }
    await this.#job?.cancel();
  }

  /** Stops everything, keeping the upload resumable (the element left the page). */
  async stop(): Promise<void> {
    this.#following++;
    this.#poller?.stop();
    await this.#job?.stop();
  }

  /** Stops following the video (reset). */
  stopFollowing(): void {
    this.#following++;
    this.#poller?.stop();
  }

  #fail(error: GcoreUploaderError): void {
    this.answerResume = null;
    if (error.code === 'aborted') this.#set({ state: 'cancelled', error: null });
    else this.#set({ state: 'error', error });
    this.host.emit('upload-error', { ...error.toDetail(), code: error.code as UploadErrorCode, file: this.file });
    this.#settle?.reject(error);
  }

  #set(patch: Partial<Pick<UploadItem, 'state' | 'error' | 'video' | 'offlinePause'>>): void {
    Object.assign(this, patch);
    this.host.changed(this);
  }
}

/** The status poller's module: a chunk of its own (ESM), or `status.mjs` next to the CDN file. */
function loadPoller(): Promise<typeof import('../status/poller.js')> {
  return (
    typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<typeof import('../status/poller.js')>('status.mjs') : import('../status/poller.js')
  ).catch(assetLoadFailed('status.mjs'));
}
