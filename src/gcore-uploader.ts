import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { StatusController, type StatusHost } from './controllers/status-controller.js';
import { UploadController, type NetworkListener } from './controllers/upload-controller.js';
import { GcoreUploaderError, toUploaderError, type ProcessingErrorCode, type UploadErrorCode } from './errors.js';
import { progressDetail, type GcoreUploaderEventMap } from './events.js';
import { checkFile, DEFAULT_ACCEPT } from './file-check.js';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from './format.js';
import { en, type Strings } from './i18n/en.js';
import type { GcoreUploadSession, GetSession } from './session.js';
import type { PreviewLevel } from './preview/player.js';
import type { VideoFetcherOptions } from './status/poller.js';
import { renditionProgress, type GcoreVideo } from './status/video.js';
import { styles } from './gcore-uploader.styles.js';
import type { UploadProgress } from './upload/progress.js';
import { DEFAULT_CHUNK_SIZE, DEFAULT_RETRY_DELAYS, type PreviousUploadInfo, type ResumePolicy, type SessionSource } from './upload/upload.js';

export type UploaderState = 'idle' | 'preparing' | 'confirm-resume' | 'uploading' | 'paused' | 'success' | 'processing' | 'ready' | 'error';

/**
 * Uploads a video to Gcore Video Streaming with tus, resumably, from a backend-issued upload session.
 *
 * @tag gcore-uploader
 *
 * @fires file-select - A file was chosen or dropped; cancel the event to refuse it. Detail: `{file}`.
 * @fires upload-start - The upload was created or resumed on the server. Detail: `{file, videoId, resumed, offset}`.
 * @fires upload-progress - Bytes were sent. Detail: `{file, bytesUploaded, bytesTotal, percent, bytesPerSecond, secondsLeft}`.
 * @fires chunk-complete - The server accepted a chunk. Detail: `{file, chunkSize, bytesAccepted, bytesTotal}`.
 * @fires upload-pause - The upload was paused. Detail: `{file, videoId}`.
 * @fires upload-resume - A paused upload goes on. Detail: `{file, videoId}`.
 * @fires upload-success - Every byte is on Gcore. Detail: `{videoId, file}`.
 * @fires upload-error - The upload failed or was cancelled. Detail: `{code, message, status, retryable, file}`.
 * @fires status-change - Gcore reported a new status for the video. Detail: `{status, video}`.
 * @fires video-viewable - The video plays in at least one quality. Detail: `{video}`.
 * @fires video-ready - The video is ready in every quality. Detail: `{video}`.
 * @fires processing-error - Processing failed, the status could not be read, or the preview could not play. Detail: `{code, message, video}`.
 *
 * @slot drop-zone - Content of the drop zone, in place of the default prompt.
 * @slot select-button - Label of the file button.
 *
 * @csspart drop-zone - The area that takes a dropped file.
 * @csspart select-button - The button that opens the file picker.
 * @csspart file-name - The chosen file's name.
 * @csspart progress - The block with the bar and the figures.
 * @csspart progress-bar - The bar (role=progressbar).
 * @csspart progress-fill - The filled part of the bar.
 * @csspart progress-text - Percent, bytes, speed, time left and chunk n of m.
 * @csspart status - The status line (a polite live region).
 * @csspart error - The error panel (role=alert).
 * @csspart actions - The row of buttons.
 * @csspart button - Every action button.
 * @csspart resume-prompt - The question shown when `resume="ask"` finds an unfinished upload.
 * @csspart renditions - The list of qualities being processed, with their progress.
 * @csspart preview - The preview block.
 * @csspart player - The preview's `<video>` element.
 *
 * @cssprop --gcore-uploader-accent - Accent colour: bar, focus ring, primary buttons.
 * @cssprop --gcore-uploader-background - Background of the widget.
 * @cssprop --gcore-uploader-color - Text colour.
 * @cssprop --gcore-uploader-muted - Colour of secondary text.
 * @cssprop --gcore-uploader-border - Colour of borders and the empty bar.
 * @cssprop --gcore-uploader-error - Colour of errors.
 * @cssprop --gcore-uploader-radius - Corner radius.
 * @cssprop --gcore-uploader-font - Font family.
 * @cssprop --gcore-uploader-spacing - Base spacing unit.
 */
export class GcoreUploader extends LitElement implements NetworkListener, StatusHost {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    session: {
      converter: { fromAttribute: (value: string | null) => value },
    },
    sessionUrl: { type: String, attribute: 'session-url' },
    getSession: { attribute: false },
    chunkSize: { type: Number, attribute: 'chunk-size' },
    retryDelays: {
      attribute: 'retry-delays',
      converter: { fromAttribute: (value: string | null) => parseDelays(value) },
    },
    accept: { type: String },
    maxFileSize: { type: Number, attribute: 'max-file-size' },
    resumePolicy: { type: String, attribute: 'resume' },
    disabled: { type: Boolean, reflect: true },
    statusUrl: { type: String, attribute: 'status-url' },
    getStatus: { attribute: false },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    noPreview: { type: Boolean, attribute: 'no-preview' },
    _video: { state: true },
    _playbackError: { state: true },
    _state: { state: true },
    _error: { state: true },
    _file: { state: true },
    _dragging: { state: true },
    _askResume: { state: true },
    _offlinePause: { state: true },
  };

  /** Gcore's upload session (`{servers, token, video}`), as an object or its JSON text. */
  declare session: GcoreUploadSession | string | null;
  /** A backend URL that answers `POST {name, size, type}` with an upload session. */
  declare sessionUrl: string | null;
  /** Your own way to get a session for a file (custom auth). Wins over `session-url`. */
  declare getSession: GetSession | null;
  /** Bytes per PATCH request. Default 10 000 000, as Gcore recommends. */
  declare chunkSize: number;
  /** Milliseconds to wait before each retry of a failed request. */
  declare retryDelays: number[];
  /** File types offered and accepted, like the HTML `accept` attribute. Default: Gcore's formats. */
  declare accept: string;
  /** Largest file accepted, in bytes. */
  declare maxFileSize: number | null;
  /**
   * Attribute `resume`: what to do with an unfinished upload of the same file: `auto` resumes, `ask`
   * asks, `never` starts afresh. (The property has another name because `resume()` is the method.)
   */
  declare resumePolicy: ResumePolicy;
  /** Refuses new files and disables the buttons. */
  declare disabled: boolean;

  /** A URL template with `{id}` that answers Gcore's video object (your backend). */
  declare statusUrl: string | null;
  /** Your own way to get the video object (custom auth). Wins over `status-url`. */
  declare getStatus: ((videoId: string, signal?: AbortSignal) => Promise<GcoreVideo | GcoreVideo[]>) | null;
  /** Milliseconds between status requests. Default 2000. */
  declare pollInterval: number;
  /** Follows the status but shows no preview player. */
  declare noPreview: boolean;

  declare private _video: GcoreVideo | null;
  declare private _playbackError: GcoreUploaderError | null;
  declare private _state: UploaderState;
  declare private _error: GcoreUploaderError | null;
  declare private _file: File | null;
  declare private _dragging: boolean;
  declare private _askResume: ((yes: boolean) => void) | null;
  /** Paused because the browser went offline: resumes by itself when it is back. */
  declare private _offlinePause: boolean;

  #uploads = new UploadController(this);
  #status = new StatusController(this);
  #strings: Strings = en;
  #videoId: string | null = null;

  constructor() {
    super();
    this.session = null;
    this.sessionUrl = null;
    this.getSession = null;
    this.chunkSize = DEFAULT_CHUNK_SIZE;
    this.retryDelays = [...DEFAULT_RETRY_DELAYS];
    this.accept = DEFAULT_ACCEPT;
    this.maxFileSize = null;
    this.resumePolicy = 'auto';
    this.disabled = false;
    this._state = 'idle';
    this._error = null;
    this._file = null;
    this._dragging = false;
    this._askResume = null;
    this._offlinePause = false;
    this.statusUrl = null;
    this.getStatus = null;
    this.pollInterval = 2000;
    this.noPreview = false;
    this._video = null;
    this._playbackError = null;
  }

  /** `idle`, `preparing`, `confirm-resume`, `uploading`, `paused`, `success` or `error`. */
  get state(): UploaderState {
    return this._state;
  }

  /** The latest progress figures, or null before an upload starts. */
  get progress(): UploadProgress | null {
    return this.#uploads.job?.progress.current ?? null;
  }

  /** The Gcore video the file goes to, once known. */
  get videoId(): string | null {
    return this.#videoId;
  }

  /** The last error (`{code, message, status, retryable}`), or null. */
  get error(): GcoreUploaderError | null {
    return this._error;
  }

  /** The last video object Gcore answered (through `status-url` or `getStatus`), or null. */
  get video(): GcoreVideo | null {
    return this._video;
  }

  /** The qualities the preview player knows (`{height, width, bitrate}`), lowest first; empty without a preview. */
  get previewLevels(): PreviewLevel[] {
    return this.#status.player?.levels ?? [];
  }

  /** The file being uploaded, or null. */
  get file(): File | null {
    return this._file;
  }

  /**
   * Uploads a file; resolves with the video id when every byte is on Gcore.
   * Rejects with a GcoreUploaderError (also reported by `upload-error`).
   */
  async upload(file: File): Promise<string> {
    if (this.#busy) await this.#uploads.clear();
    this.#status.stop();
    this._video = null;
    this._playbackError = null;
    this._file = file;
    this._error = null;
    this._offlinePause = false;
    this.#videoId = null;
    try {
      checkFile(file, { accept: this.accept, maxFileSize: this.maxFileSize ?? undefined });
      const job = this.#uploads.create({
        file,
        source: this.#source(),
        chunkSize: this.chunkSize,
        retryDelays: this.retryDelays,
        resume: this.resumePolicy,
        confirmResume: (previous) => this.#confirmResume(previous),
        onPhase: (phase) => {
          if (this.#uploads.job === job) this._state = phase;
        },
        onStart: (info) => {
          this.#videoId = info.videoId;
          this.#emit('upload-start', { file, ...info });
        },
        onProgress: (p) => this.#emit('upload-progress', progressDetail(file, p)),
        onChunkComplete: (chunk) => this.#emit('chunk-complete', { file, ...chunk }),
      });
      this.#videoId = job.videoId;
      const videoId = await job.run();
      if (this.#uploads.job !== job) throw new GcoreUploaderError('aborted');
      this.#videoId = videoId;
      this._state = 'success';
      this.#emit('upload-success', { videoId, file });
      this.#follow(videoId, job.session?.status_url);
      return videoId;
    } catch (err) {
      const error = toUploaderError(err);
      this.#fail(error, file);
      throw error;
    }
  }

  /** Pauses the running upload; `resume()` goes on from the server's offset. */
  pause(): void {
    this.#pause('user');
  }

  /** Goes on with a paused upload. */
  resume(): void {
    this.#resume('user');
  }

  /** @internal Called by the upload controller on the browser's offline/online events. */
  onNetwork(offline: boolean): void {
    if (offline && this._state === 'uploading') this._offlinePause = this.#pause('network');
    else if (!offline && this._offlinePause) this.#resume('network');
  }

  #pause(reason: 'user' | 'network'): boolean {
    const job = this.#uploads.job;
    if (!job || this._state !== 'uploading' || !job.pause()) return false;
    this.#emit('upload-pause', { file: job.file, videoId: this.#videoId, reason });
    return true;
  }

  #resume(reason: 'user' | 'network'): void {
    const job = this.#uploads.job;
    this._offlinePause = false;
    if (job && this._state === 'paused' && job.resume()) {
      this.#emit('upload-resume', { file: job.file, videoId: this.#videoId, reason });
    }
  }

  /** Stops the upload and asks the server to drop it; ends in `upload-error` with code `aborted`. */
  async cancel(): Promise<void> {
    if (!this.#busy) return;
    this._askResume?.(false);
    await this.#uploads.job?.cancel();
  }

  /** Tries the last file again (resuming what the server already has). */
  retry(): Promise<string> {
    if (!this._file) return Promise.reject(new GcoreUploaderError('aborted', { message: 'There is no file to retry.' }));
    return this.upload(this._file);
  }

  /** Back to the empty drop zone; a running upload is cancelled, status polling and preview stop. */
  async reset(): Promise<void> {
    this._askResume?.(false);
    this.#status.stop();
    this._video = null;
    this._playbackError = null;
    const running = this.#busy;
    this._state = 'idle';
    this._file = null;
    this._error = null;
    this.#videoId = null;
    if (running) await this.#uploads.clear();
    else this.#uploads.job = null;
  }

  /** Follows the video's processing when there is a way to ask for its status. */
  #follow(videoId: string, sessionStatusUrl?: string): void {
    const fetcher: VideoFetcherOptions = {
      getStatus: this.getStatus ? (id, signal) => this.getStatus!(String(id), signal) : null,
      statusUrl: this.statusUrl || sessionStatusUrl || null,
    };
    if (this.#status.follow(videoId, fetcher, this.pollInterval)) this._state = 'processing';
  }

  /** @internal StatusHost */
  onVideo(video: GcoreVideo): void {
    this._video = video;
  }

  /** @internal StatusHost */
  onStatusChange(status: string, video: GcoreVideo): void {
    this.#emit('status-change', { status, video });
  }

  /** @internal StatusHost */
  onViewable(video: GcoreVideo): void {
    this.#emit('video-viewable', { video });
    if (!this.noPreview && video.hls_url) void this.#startPreview(video);
  }

  /** @internal StatusHost */
  onReady(video: GcoreVideo): void {
    this._state = 'ready';
    this.#emit('video-ready', { video });
  }

  /** @internal StatusHost */
  onProcessingError(error: GcoreUploaderError, video: GcoreVideo | null): void {
    if (video) this._video = video;
    this._state = 'error';
    this._error = error;
    this.#emitProcessingError(error, video);
  }

  async #startPreview(video: GcoreVideo): Promise<void> {
    await this.updateComplete;
    const element = this.renderRoot.querySelector<HTMLVideoElement>('video[part~="player"]');
    if (!element || !video.hls_url) return;
    await this.#status.preview(element, video.hls_url, video.poster ?? video.screenshot ?? null, (error) => {
      this._playbackError = error;
      this.#emitProcessingError(error, this._video);
    });
  }

  #retryPreview = () => {
    this._playbackError = null;
    this.#status.retryPreview();
  };

  #emitProcessingError(error: GcoreUploaderError, video: GcoreVideo | null): void {
    this.#emit('processing-error', { code: error.code as ProcessingErrorCode, message: error.message, video });
  }

  get #busy(): boolean {
    return ['preparing', 'confirm-resume', 'uploading', 'paused'].includes(this._state);
  }

  #source(): SessionSource {
    if (this.session) return { session: this.session };
    if (this.getSession) return { getSession: this.getSession };
    if (this.sessionUrl) return { sessionUrl: this.sessionUrl };
    throw new GcoreUploaderError('invalid-session', {
      message: 'No upload session: set `session`, `session-url` or `getSession`.',
    });
  }

  #confirmResume(_previous: PreviousUploadInfo): Promise<boolean> {
    return new Promise((resolve) => {
      this._askResume = (yes) => {
        this._askResume = null;
        resolve(yes);
      };
    });
  }

  #fail(error: GcoreUploaderError, file: File): void {
    if (this._file !== file) return; // a newer upload took over; this one was only replaced
    this._askResume = null;
    if (error.code === 'aborted') {
      this._state = 'idle';
      this._error = null;
    } else {
      this._state = 'error';
      this._error = error;
    }
    this.#emit('upload-error', { ...error.toDetail(), code: error.code as UploadErrorCode, file });
  }

  #emit<K extends keyof GcoreUploaderEventMap>(
    name: K,
    detail: GcoreUploaderEventMap[K]['detail'],
    options: { cancelable?: boolean } = {},
  ): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
  }

  #take(file: File | undefined): void {
    if (!file || this.disabled) return;
    if (!this.#emit('file-select', { file }, { cancelable: true })) return;
    // The promise's outcome is reported through events and the UI as well.
    this.upload(file).catch(() => {});
  }

  #openPicker = () => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();

  #onInput = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    this.#take(file);
  };

  #onDragOver = (e: DragEvent) => {
    if (this.disabled || this.#busy) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this._dragging = true;
  };

  #onDragLeave = () => {
    this._dragging = false;
  };

  #onDrop = (e: DragEvent) => {
    e.preventDefault();
    this._dragging = false;
    if (this.#busy) return;
    this.#take(e.dataTransfer?.files?.[0]);
  };

  protected override render() {
    const state = this._state;
    const showDrop = state === 'idle' || state === 'error' || state === 'success' || state === 'ready';
    return html`
      ${showDrop ? this.#renderDropZone() : nothing}
      ${this._file ? html`<div part="file-name" class="file-name" title=${this._file.name}>${this._file.name}</div>` : nothing}
      ${this._askResume ? this.#renderResumePrompt() : nothing}
      ${state === 'uploading' || state === 'paused' || state === 'success' ? this.#renderProgress() : nothing}
      <div part="status" class="status" role="status" aria-live="polite">${this.#statusText()}</div>
      ${this._video ? this.#renderRenditions(this._video) : nothing}
      ${this.#renderPreview()}
      ${this._error ? this.#renderError(this._error) : nothing}
      ${this.#renderActions()}
    `;
  }

  #renderDropZone() {
    const s = this.#strings;
    return html`
      <div
        part="drop-zone"
        class="drop-zone ${this._dragging ? 'dragging' : ''}"
        @dragover=${this.#onDragOver}
        @dragenter=${this.#onDragOver}
        @dragleave=${this.#onDragLeave}
        @drop=${this.#onDrop}
      >
        <slot name="drop-zone"><span class="prompt">${this._dragging ? s.dropActive : s.dropPrompt}</span></slot>
        <button part="select-button button" class="primary" type="button" ?disabled=${this.disabled} @click=${this.#openPicker}>
          <slot name="select-button">${s.selectButton}</slot>
        </button>
        <input type="file" hidden accept=${this.accept || DEFAULT_ACCEPT} @change=${this.#onInput} tabindex="-1" aria-hidden="true" />
      </div>
    `;
  }

  #statusText(): string {
    const s = this.#strings;
    const state = this._state;
    if (this._offlinePause && state === 'paused') return s.offline;
    if ((state === 'processing' || state === 'ready' || state === 'error') && this._video?.status) {
      return s.videoStatus[this._video.status] ?? s.status[state];
    }
    return s.status[state];
  }

  #renderRenditions(video: GcoreVideo) {
    const renditions = renditionProgress(video);
    if (renditions.length === 0 || this._state === 'ready') return nothing;
    const lang = this.#lang;
    return html`<ul part="renditions" class="renditions" aria-label=${this.#strings.renditionsLabel}>
      ${renditions.map((r) => html`<li class=${r.status}>${this.#strings.rendition(r.label, formatPercent(r.status === 'complete' ? 100 : r.progress, lang))}</li>`)}
    </ul>`;
  }

  #renderPreview() {
    const video = this._video;
    const viewable = video && (video.status === 'viewable' || video.status === 'ready') && video.hls_url;
    if (this.noPreview || !viewable) return nothing;
    const s = this.#strings;
    return html`<div part="preview" class="preview">
      <video part="player" controls muted autoplay playsinline preload="auto" aria-label=${s.previewLabel}></video>
      ${this._playbackError
        ? html`<div class="playback-error" role="alert">
            <span>${s.errors['playback-failed']}</span>
            <button part="button" type="button" @click=${this.#retryPreview}>${s.retryPlayback}</button>
          </div>`
        : nothing}
    </div>`;
  }

  #renderResumePrompt() {
    const s = this.#strings;
    return html`
      <div part="resume-prompt" class="resume-prompt" role="group" aria-label=${s.status['confirm-resume']}>
        <p>${s.resumeQuestion}</p>
        <button part="button" class="primary" type="button" @click=${() => this._askResume?.(true)}>${s.resumeYes}</button>
        <button part="button" type="button" @click=${() => this._askResume?.(false)}>${s.resumeNo}</button>
      </div>
    `;
  }

  #renderProgress() {
    const s = this.#strings;
    const p = this.progress;
    if (!p) return nothing;
    const lang = this.#lang;
    const figures = [
      formatPercent(p.percent, lang),
      s.ofBytes(formatBytes(p.bytesUploaded, lang), formatBytes(p.bytesTotal, lang)),
    ];
    if (this._state === 'uploading') {
      if (p.bytesPerSecond) figures.push(formatSpeed(p.bytesPerSecond, lang));
      if (p.secondsLeft !== null && p.bytesPerSecond) figures.push(s.timeLeft(formatDuration(p.secondsLeft, lang)));
      if (p.chunks > 1) figures.push(s.chunkOf(p.chunk, p.chunks));
    }
    return html`
      <div part="progress" class="progress">
        <div
          part="progress-bar"
          class="bar"
          role="progressbar"
          aria-label=${s.progressLabel}
          aria-valuemin="0"
          aria-valuemax="100"
          aria-valuenow=${Math.floor(p.percent)}
          aria-valuetext=${figures.slice(0, 2).join(', ')}
        >
          <div part="progress-fill" class="fill" style="width: ${p.percent}%"></div>
        </div>
        <div part="progress-text" class="figures">${figures.join(' · ')}</div>
      </div>
    `;
  }

  #renderError(error: GcoreUploaderError) {
    const s = this.#strings;
    const sentence = error.message === en.errors[error.code] ? s.errors[error.code] : error.message;
    return html`
      <div part="error" class="error" role="alert">
        <p class="message">${sentence}</p>
        ${error.serverMessage
          ? html`<details>
              <summary>${s.serverSaid}${error.status ? ` (HTTP ${error.status})` : ''}</summary>
              <code>${error.serverMessage}</code>
            </details>`
          : nothing}
      </div>
    `;
  }

  #renderActions() {
    const s = this.#strings;
    const state = this._state;
    const d = this.disabled;
    const buttons = [];
    if (state === 'uploading') buttons.push(html`<button part="button" type="button" ?disabled=${d} @click=${() => this.pause()}>${s.pause}</button>`);
    if (state === 'paused') buttons.push(html`<button part="button" class="primary" type="button" ?disabled=${d} @click=${() => this.resume()}>${s.resume}</button>`);
    if (state === 'error' && this._error?.retryable && this._file)
      buttons.push(html`<button part="button" class="primary" type="button" ?disabled=${d} @click=${() => this.retry().catch(() => {})}>${s.retry}</button>`);
    if (this.#busy) buttons.push(html`<button part="button" type="button" ?disabled=${d} @click=${() => this.cancel()}>${s.cancel}</button>`);
    if (buttons.length === 0) return nothing;
    return html`<div part="actions" class="actions">${buttons}</div>`;
  }

  get #lang(): string | undefined {
    return this.closest('[lang]')?.getAttribute('lang') || undefined;
  }
}

function parseDelays(value: string | null): number[] {
  if (!value) return [...DEFAULT_RETRY_DELAYS];
  try {
    const parsed = JSON.parse(value.trim().startsWith('[') ? value : `[${value}]`);
    if (Array.isArray(parsed) && parsed.every((n) => typeof n === 'number' && n >= 0)) return parsed;
  } catch {
    // fall through to the default
  }
  return [...DEFAULT_RETRY_DELAYS];
}

declare global {
  interface HTMLElementTagNameMap {
    'gcore-uploader': GcoreUploader;
  }
  interface HTMLElementEventMap extends GcoreUploaderEventMap {}
}
