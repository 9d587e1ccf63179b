import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { PreviewController } from './controllers/preview-controller.js';
import { UploadController } from './controllers/upload-controller.js';
import { assetFailure, ERROR_MESSAGES, GcoreUploaderError } from './errors.js';
import type { GcoreUploaderEventMap } from './events.js';
import { DEFAULT_ACCEPT, isManifest, MANIFEST_MESSAGE } from './file-check.js';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from './format.js';
import { isLocaleLoaded, langOf, loadLocale, pickLocale, resolveStrings, type StringOverrides } from './i18n/index.js';
import type { Strings } from './i18n/en.js';
import type { PreviewLevel } from './preview/player.js';
import type { GcoreUploadSession, GetSession } from './session.js';
import type { VideoFetcherOptions } from './status/poller.js';
import { renditionProgress, type GcoreVideo } from './status/video.js';
import { styles } from './gcore-uploader.styles.js';
import { UploadItem, type ItemHost, type ItemState } from './upload/item.js';
import type { UploadProgress } from './upload/progress.js';
import { DEFAULT_CHUNK_SIZE, DEFAULT_RETRY_DELAYS, type PreviousUploadInfo, type ResumePolicy, type SessionSource } from './upload/upload.js';
import { importFromLink } from './import.js';

export type UploaderState = 'idle' | 'preparing' | 'confirm-resume' | 'uploading' | 'paused' | 'success' | 'processing' | 'ready' | 'error';

/** An item's state as the element reports it. */
const STATE_OF: Record<ItemState, UploaderState> = {
  queued: 'preparing',
  preparing: 'preparing',
  'confirm-resume': 'confirm-resume',
  uploading: 'uploading',
  paused: 'paused',
  success: 'success',
  processing: 'processing',
  ready: 'ready',
  error: 'error',
  cancelled: 'idle',
};

/** With several files, the element's state is the first of these that any file is in. */
const STATE_PRIORITY: UploaderState[] = ['confirm-resume', 'uploading', 'preparing', 'paused', 'processing', 'error', 'success', 'ready', 'idle'];

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
 * @fires status-change - Gcore reported a new status for the video. Detail: `{status, video, file}`.
 * @fires video-viewable - The video plays in at least one quality. Detail: `{video, file}`.
 * @fires video-ready - The video is ready in every quality. Detail: `{video, file}`.
 * @fires processing-error - Processing failed, the status could not be read, or the preview could not play. Detail: `{code, message, video, file}`.
 * @fires import-start - Gcore accepted a link to import (the "Paste a link" tab). Detail: `{url, videoId, video}`.
 * @fires error - A part loaded on first use (`status.mjs`, `player.mjs`, `hls.mjs`, `locales/xx.mjs`) could not be loaded. Detail: `{code: 'asset-load-failed', message, asset}`.
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
 * @csspart header - With `multiple`: the line with the overall progress.
 * @csspart file-list - With `multiple`: the list of files.
 * @csspart file-row - With `multiple`: one file's row.
 * @csspart watch-link - With `multiple`: a row's link to watch the video.
 * @csspart tabs - With `import-url`: the "Upload a file" / "Paste a link" tabs.
 * @csspart tab - One tab.
 * @csspart link-form - The "Paste a link" form.
 * @csspart link-input - Its URL field.
 *
 * @cssprop --gcore-uploader-accent - Accent colour: bar, focus ring, primary buttons.
 * @cssprop --gcore-uploader-on-accent - Text on accent-coloured buttons.
 * @cssprop --gcore-uploader-background - Background of the widget.
 * @cssprop --gcore-uploader-color - Text colour.
 * @cssprop --gcore-uploader-muted - Colour of secondary text.
 * @cssprop --gcore-uploader-border - Colour of borders and the empty bar.
 * @cssprop --gcore-uploader-error - Colour of errors.
 * @cssprop --gcore-uploader-radius - Corner radius.
 * @cssprop --gcore-uploader-font - Font family.
 * @cssprop --gcore-uploader-spacing - Base spacing unit.
 */
export class GcoreUploader extends LitElement {
  static override styles = styles;
  /** A form field: its value is the video id once uploaded (see `name`, `required`). */
  static formAssociated = true;

  static override properties: PropertyDeclarations = {
    session: { converter: { fromAttribute: (value: string | null) => value } },
    sessionUrl: { type: String, attribute: 'session-url' },
    getSession: { attribute: false },
    chunkSize: { type: Number, attribute: 'chunk-size' },
    retryDelays: { attribute: 'retry-delays', converter: { fromAttribute: (value: string | null) => parseDelays(value) } },
    accept: { type: String },
    maxFileSize: { type: Number, attribute: 'max-file-size' },
    resumePolicy: { type: String, attribute: 'resume' },
    disabled: { type: Boolean, reflect: true },
    statusUrl: { type: String, attribute: 'status-url' },
    getStatus: { attribute: false },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    noPreview: { type: Boolean, attribute: 'no-preview' },
    multiple: { type: Boolean, reflect: true },
    maxConcurrent: { type: Number, attribute: 'max-concurrent' },
    importUrl: { type: String, attribute: 'import-url' },
    name: { type: String, reflect: true },
    required: { type: Boolean, reflect: true },
    strings: { attribute: false },
    _dragging: { state: true, attribute: false },
    _tab: { state: true, attribute: false },
    _linkError: { state: true, attribute: false },
    _playbackError: { state: true, attribute: false },
    _assetError: { state: true, attribute: false },
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
  /** Takes several files, each with its own session, row and events. */
  declare multiple: boolean;
  /** With `multiple`: how many files upload at once. Default 2. */
  declare maxConcurrent: number;
  /** The backend's import route (`gcore-uploader/server`'s `…/import`): shows a "Paste a link" tab. */
  declare importUrl: string | null;
  /** The form field's name; its value is the video id (one entry per video with `multiple`). */
  declare name: string | null;
  /** In a form: blocks submitting until a video is uploaded. */
  declare required: boolean;
  /** Your own texts, replacing any of the built-in ones (deep-merged over the language's table). */
  declare strings: StringOverrides | null;

  declare private _dragging: boolean;
  declare private _tab: 'file' | 'link';
  declare private _linkError: GcoreUploaderError | null;
  declare private _playbackError: GcoreUploaderError | null;
  /** A language's texts could not be loaded (shown above the drop zone). */
  declare private _assetError: GcoreUploaderError | null;

  #uploads = new UploadController(this, () => (this.multiple ? this.maxConcurrent : 1));
  #preview = new PreviewController(this);
  #internals: ElementInternals | null = null;

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
    this.statusUrl = null;
    this.getStatus = null;
    this.pollInterval = 2000;
    this.noPreview = false;
    this.multiple = false;
    this.maxConcurrent = 2;
    this.importUrl = null;
    this.name = null;
    this.required = false;
    this.strings = null;
    this._dragging = false;
    this._tab = 'file';
    this._linkError = null;
    this._playbackError = null;
    this._assetError = null;
    try {
      this.#internals = this.attachInternals();
    } catch {
      this.#internals = null; // no form association in this browser
    }
  }

  // ── What the element reports ──────────────────────────────────────────────────────────────

  /** The latest file's item (with `multiple`, the last one added). */
  get #primary(): UploadItem | null {
    const items = this.#uploads.items;
    return items[items.length - 1] ?? null;
  }

  /**
   * `idle`, `preparing`, `confirm-resume`, `uploading`, `paused`, `success`, `processing`, `ready` or `error`.
   * With `multiple`, the most pressing state of any file (uploading before processing before error…).
   */
  get state(): UploaderState {
    const items = this.#uploads.items;
    if (!this.multiple || items.length < 2) return this.#primary ? STATE_OF[this.#primary.state] : 'idle';
    const states = new Set(items.map((i) => STATE_OF[i.state]));
    return STATE_PRIORITY.find((s) => states.has(s)) ?? 'idle';
  }

  /** Progress figures of the latest file; with `multiple`, of all files together. */
  get progress(): UploadProgress | null {
    if (!this.multiple) return this.#primary?.progress ?? null;
    return totalProgress(this.#uploads.items);
  }

  /** The Gcore video the latest file goes to, once known. */
  get videoId(): string | null {
    return this.#primary?.videoId ?? null;
  }

  /** The video ids of every file uploaded (or link imported) so far. */
  get videoIds(): string[] {
    return this.#uploads.items.filter(hasVideo).map((i) => i.videoId!);
  }

  /** The latest file's error (`{code, message, status, retryable}`), or null. */
  get error(): GcoreUploaderError | null {
    return this.#primary?.error ?? null;
  }

  /** The last video object Gcore answered for the latest file, or null. */
  get video(): GcoreVideo | null {
    return this.#primary?.video ?? null;
  }

  /** The latest file, or null. */
  get file(): File | null {
    return this.#primary?.file ?? null;
  }

  /** The qualities the preview player knows (`{height, width, bitrate}`), lowest first; empty without a preview. */
  get previewLevels(): PreviewLevel[] {
    return this.#preview.player?.levels ?? [];
  }

  /** The form this element belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.#internals?.form ?? null;
  }

  /** The form value: the video id (or ids, with `multiple`). */
  get value(): string {
    return this.videoIds.join(',');
  }

  get validity(): ValidityState | undefined {
    return this.#internals?.validity;
  }

  get validationMessage(): string {
    return this.#internals?.validationMessage ?? '';
  }

  checkValidity(): boolean {
    return this.#internals?.checkValidity() ?? true;
  }

  reportValidity(): boolean {
    return this.#internals?.reportValidity() ?? true;
  }

  // ── What the element does ─────────────────────────────────────────────────────────────────

  /**
   * Uploads a file; resolves with the video id when every byte is on Gcore.
   * Rejects with a GcoreUploaderError (also reported by `upload-error`).
   * Without `multiple`, a new file replaces the previous one (a running upload is cancelled).
   */
  async upload(file: File): Promise<string> {
    if (!this.multiple) await this.#clear();
    const item = new UploadItem(file, this.#settings(), this.#itemHost);
    this.#uploads.add(item);
    return item.done;
  }

  /** Pauses the running upload(s); `resume()` goes on from the server's offset. */
  pause(): void {
    this.#uploads.items.forEach((i) => i.pause('user'));
  }

  /**
   * `resume()` goes on with paused upload(s). Assigning a string (`el.resume = 'ask'`, as React and Vue
   * do for the `resume` attribute when a member of that name exists) sets `resumePolicy` instead.
   */
  get resume(): () => void {
    return this.#resumeAll;
  }

  set resume(value: ResumePolicy | (() => void)) {
    if (typeof value === 'string') this.resumePolicy = value;
  }

  #resumeAll = (): void => {
    this.#uploads.items.forEach((i) => i.resume('user'));
  };

  /** Stops the running or waiting upload(s) and asks the server to drop them; each ends in `upload-error` with code `aborted`. */
  async cancel(): Promise<void> {
    await Promise.all(this.#uploads.items.filter((i) => i.active || i.state === 'queued').map((i) => i.cancel()));
  }

  /** Tries the failed file(s) again, resuming what the server already has; resolves with the (latest) video id. */
  retry(): Promise<string> {
    const failed = this.#uploads.items.filter((i) => i.file && (i.state === 'error' || i.state === 'cancelled'));
    if (failed.length === 0) return Promise.reject(new GcoreUploaderError('aborted', { message: 'There is no file to retry.' }));
    const again = failed.map((i) => this.#retryItem(i));
    return again[again.length - 1];
  }

  /** Back to the empty drop zone: uploads are cancelled, polling and preview stop. */
  async reset(): Promise<void> {
    await this.#clear();
    this._linkError = null;
    this.requestUpdate();
  }

  async #clear(): Promise<void> {
    const items = this.#uploads.items;
    this.#uploads.items = [];
    this.#preview.stop();
    this._playbackError = null;
    this.requestUpdate();
    await Promise.all(items.map((i) => (i.stopFollowing(), i.active || i.state === 'queued' ? i.cancel() : undefined)));
  }

  #retryItem(item: UploadItem): Promise<string> {
    const again = new UploadItem(item.file!, this.#settings(), this.#itemHost);
    const items = this.#uploads.items;
    this.#uploads.items = items.map((i) => (i === item ? again : i));
    this.#uploads.pump();
    return again.done;
  }

  #settings() {
    return {
      source: (): SessionSource => this.#source(),
      chunkSize: this.chunkSize,
      retryDelays: this.retryDelays,
      resume: this.resumePolicy,
      accept: this.accept,
      maxFileSize: this.maxFileSize ?? undefined,
      pollInterval: this.pollInterval,
      status: (sessionStatusUrl?: string): VideoFetcherOptions => ({
        getStatus: this.getStatus ? (id, signal) => this.getStatus!(String(id), signal) : null,
        statusUrl: this.statusUrl || sessionStatusUrl || null,
      }),
    };
  }

  #source(): SessionSource {
    if (this.session) return { session: this.session };
    if (this.getSession) return { getSession: this.getSession };
    if (this.sessionUrl) return { sessionUrl: this.sessionUrl };
    throw new GcoreUploaderError('invalid-session', { message: 'No upload session: set `session`, `session-url` or `getSession`.' });
  }

  // ── What the items tell the element ───────────────────────────────────────────────────────

  /** Kept private so that none of it becomes a public member (frameworks map props onto members). */
  #itemHost: ItemHost = {
    emit: (name, detail) => void this.#emit(name, detail),
    changed: (item, often = false) => {
      if (item === this.#primary) this.#preview.update(item.video);
      if (often) this.#uploads.requestFrame();
      else this.requestUpdate();
    },
    confirmResume: (item, _previous: PreviousUploadInfo) =>
      new Promise<boolean>((resolve) => {
        item.answerResume = (yes) => {
          item.answerResume = null;
          this.requestUpdate();
          resolve(yes);
        };
        this.requestUpdate();
      }),
    viewable: (item, video) => this.#viewable(item, video),
    failed: (err) => this.#assetFailed(err),
  };

  #viewable(item: UploadItem, video: GcoreVideo): void {
    if (this.multiple || this.noPreview || item !== this.#primary || !video.hls_url) return;
    void this.#startPreview(video);
  }

  async #startPreview(video: GcoreVideo): Promise<void> {
    await this.updateComplete;
    const element = this.renderRoot.querySelector<HTMLVideoElement>('video[part~="player"]');
    if (!element || !video.hls_url) return;
    const failed = (error: GcoreUploaderError) => {
      this._playbackError = error;
      this.#assetFailed(error);
      this.#emit('processing-error', { code: 'playback-failed', message: error.message, video: this.video, file: this.file });
    };
    await this.#preview.play(element, video.hls_url, video.poster ?? video.screenshot ?? null, failed).catch((cause) =>
      failed(new GcoreUploaderError('playback-failed', { cause })),
    );
  }

  /** When `err` comes from a part that could not be loaded: the `error` event, naming the part. */
  #assetFailed(err: unknown): void {
    const failure = assetFailure(err);
    if (failure) this.#emit('error', { code: 'asset-load-failed', message: failure.message, asset: String(failure.params.asset) });
  }

  #retryPreview = () => {
    this._playbackError = null;
    this.#preview.retry();
  };

  #emit<K extends keyof GcoreUploaderEventMap>(name: K, detail: GcoreUploaderEventMap[K]['detail'], cancelable = false): boolean {
    return this.dispatchEvent(uploaderEvent(name, detail, cancelable));
  }

  // ── Forms ─────────────────────────────────────────────────────────────────────────────────

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#syncForm();
  }

  #syncForm(): void {
    const internals = this.#internals;
    if (!internals) return;
    const ids = this.videoIds;
    if (this.multiple && this.name) {
      const data = new FormData();
      for (const id of ids) data.append(this.name, id);
      internals.setFormValue(ids.length ? data : null);
    } else {
      internals.setFormValue(ids.length ? ids[ids.length - 1] : null);
    }
    if (this.required && ids.length === 0) {
      const anchor = this.renderRoot.querySelector<HTMLElement>('[part~="select-button"]') ?? undefined;
      internals.setValidity({ valueMissing: true }, this.#strings.required, anchor);
    } else {
      internals.setValidity({});
    }
  }

  /** @internal Form reset: back to empty. */
  formResetCallback(): void {
    void this.reset();
  }

  /** @internal A disabled fieldset disables the element. */
  formDisabledCallback(disabled: boolean): void {
    this.disabled = disabled;
  }

  // ── Input: picker, drop, link ─────────────────────────────────────────────────────────────

  #take(files: FileList | File[] | null | undefined): void {
    if (!files || this.disabled) return;
    const chosen = this.multiple ? [...files] : [...files].slice(0, 1);
    for (const file of chosen) {
      if (!this.#emit('file-select', { file }, true)) continue;
      // The outcome is reported through events and the UI as well.
      this.upload(file).catch(() => {});
    }
  }

  #openPicker = () => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();

  #onInput = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = input.files ? [...input.files] : [];
    input.value = '';
    this.#take(files);
  };

  #onDragOver = (e: DragEvent) => {
    if (this.disabled || !this.#acceptsDrop) return;
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
    if (this.#acceptsDrop) this.#take(e.dataTransfer?.files);
  };

  get #acceptsDrop(): boolean {
    return this.multiple || !this.#primary?.active;
  }

  #onLinkSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (this.disabled || !this.importUrl) return;
    const input = (e.target as HTMLFormElement).elements.namedItem('url') as HTMLInputElement;
    this._linkError = null;
    let url: URL;
    try {
      url = new URL(input.value.trim());
      if (!['http:', 'https:', 'sftp:'].includes(url.protocol)) throw new Error();
    } catch {
      this._linkError = new GcoreUploaderError('invalid-url');
      return;
    }
    if (isManifest(url.pathname)) {
      this._linkError = new GcoreUploaderError('invalid-file-type', { message: MANIFEST_MESSAGE });
      return;
    }
    if (!this.multiple) await this.#clear();
    const item = new UploadItem(null, this.#settings(), this.#itemHost, url.href);
    this.#uploads.items = [...this.#uploads.items, item];
    item.state = 'preparing';
    this.requestUpdate();
    try {
      const { videoId, video, statusUrl } = await importFromLink(this.importUrl, url.href);
      input.value = '';
      this.#emit('import-start', { url: url.href, videoId, video });
      item.imported(videoId, video, statusUrl);
      if (video && (video.status === 'viewable' || video.status === 'ready')) this.#viewable(item, video);
    } catch (err) {
      item.importFailed(err as GcoreUploaderError);
    }
  };

  // ── Rendering ─────────────────────────────────────────────────────────────────────────────

  /** The texts for this render: resolved once per language, overrides and loaded tables, not per use. */
  get #strings(): Strings {
    const lang = langOf(this);
    const locale = pickLocale(lang);
    const loaded = isLocaleLoaded(locale);
    const cache = this.#stringsCache;
    if (cache && cache.lang === lang && cache.overrides === this.strings && cache.loaded === loaded) return cache.strings;
    if (!loaded) {
      // English meanwhile; the language's table arrives in a moment (loaded on first use).
      loadLocale(locale).then(
        () => this.requestUpdate(),
        (err) => {
          this._assetError = assetFailure(err);
          this.#assetFailed(err);
        },
      );
    }
    const strings = resolveStrings(lang, this.strings ?? undefined);
    this.#stringsCache = { lang, overrides: this.strings, loaded, strings };
    return strings;
  }

  #stringsCache: { lang: string | null; overrides: StringOverrides | null; loaded: boolean; strings: Strings } | null = null;

  get #lang(): string | undefined {
    return langOf(this) ?? undefined;
  }

  protected override render() {
    const showTabs = Boolean(this.importUrl);
    const onLink = showTabs && this._tab === 'link';
    const primary = this.#primary;
    return html`
      ${this._assetError ? this.#renderError(this._assetError) : nothing}
      ${showTabs ? this.#renderTabs() : nothing}
      <div id="panel" role=${showTabs ? 'tabpanel' : nothing} aria-labelledby=${showTabs ? `tab-${this._tab}` : nothing}>
        ${onLink ? this.#renderLinkForm() : this.#renderDropZone()}
      </div>
      ${this.multiple ? this.#renderList() : primary ? this.#renderSingle(primary) : nothing}
    `;
  }

  #renderTabs() {
    const s = this.#strings;
    const tab = (id: 'file' | 'link', label: string) => html`<button
      id="tab-${id}"
      part="tab"
      role="tab"
      type="button"
      aria-selected=${this._tab === id ? 'true' : 'false'}
      aria-controls="panel"
      tabindex=${this._tab === id ? '0' : '-1'}
      @click=${() => (this._tab = id)}
      @keydown=${this.#onTabKey}
    >
      ${label}
    </button>`;
    return html`<div part="tabs" class="tabs" role="tablist">${tab('file', s.tabFile)}${tab('link', s.tabLink)}</div>`;
  }

  #onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    this._tab = this._tab === 'file' ? 'link' : 'file';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this._tab}`)?.focus());
  };

  #renderLinkForm() {
    const s = this.#strings;
    const error = this._linkError;
    return html`<form part="link-form" class="link-form" @submit=${this.#onLinkSubmit} novalidate>
      <label for="link">${s.linkLabel}</label>
      <div class="link-row">
        <input
          id="link"
          part="link-input"
          name="url"
          type="url"
          inputmode="url"
          autocomplete="off"
          placeholder=${s.linkPlaceholder}
          aria-describedby="link-hint"
          aria-invalid=${error ? 'true' : 'false'}
          ?disabled=${this.disabled}
        />
        <button part="button" class="primary" type="submit" ?disabled=${this.disabled}>${s.linkSubmit}</button>
      </div>
      <p id="link-hint" class="hint">${s.linkHint}</p>
      ${error ? this.#renderError(error) : nothing}
    </form>`;
  }

  /** Always in place, so that nothing below it moves between states; while a file is on its way it takes none. */
  #renderDropZone() {
    const s = this.#strings;
    const busy = !this.#acceptsDrop;
    return html`
      <div
        part="drop-zone"
        class="drop-zone ${this._dragging ? 'dragging' : ''} ${busy ? 'busy' : ''}"
        aria-disabled=${busy ? 'true' : nothing}
        @dragover=${this.#onDragOver}
        @dragenter=${this.#onDragOver}
        @dragleave=${this.#onDragLeave}
        @drop=${this.#onDrop}
      >
        <slot name="drop-zone"><span class="prompt">${this._dragging ? s.dropActive : this.multiple ? s.dropPromptMultiple : s.dropPrompt}</span></slot>
        <button part="select-button button" class="primary" type="button" ?disabled=${this.disabled || busy} @click=${this.#openPicker}>
          <slot name="select-button">${this.multiple ? s.selectButtonMultiple : s.selectButton}</slot>
        </button>
        <input type="file" hidden accept=${this.accept || DEFAULT_ACCEPT} ?multiple=${this.multiple} @change=${this.#onInput} tabindex="-1" aria-hidden="true" />
      </div>
    `;
  }

  /** One file, in full: name, progress with figures, status, qualities, preview, error, buttons. */
  #renderSingle(item: UploadItem) {
    const state = STATE_OF[item.state];
    return html`
      ${this.#renderName(item)}
      ${item.answerResume ? this.#renderResumePrompt(item) : nothing}
      ${state === 'uploading' || state === 'paused' || state === 'success' ? this.#renderProgress(item.progress, state) : nothing}
      <div part="status" class="status" role="status" aria-live="polite">${this.#statusText(item)}</div>
      ${item.video && state !== 'ready' ? this.#renderRenditions(item.video) : nothing}
      ${this.#renderPreview(item)}
      ${item.error ? this.#renderError(item.error) : nothing}
      ${this.#renderActions(item)}
    `;
  }

  /** Several files: the overall progress, then a row per file. */
  #renderList() {
    const items = this.#uploads.items;
    if (items.length === 0) return nothing;
    const s = this.#strings;
    const total = totalProgress(items);
    const done = items.filter(hasVideo).length;
    return html`
      <div part="header" class="header">
        <span>${s.totalProgress(done, items.length)}</span>
        ${total ? this.#renderProgress(total, this.state) : nothing}
      </div>
      <ul part="file-list" class="file-list" aria-label=${s.filesLabel}>
        ${items.map(
          (item) => html`<li part="file-row" class="file-row">
            ${this.#renderName(item)}
            ${item.answerResume ? this.#renderResumePrompt(item) : nothing}
            ${item.file && item.progress && (item.state === 'uploading' || item.state === 'paused') ? this.#renderProgress(item.progress, STATE_OF[item.state], true) : nothing}
            <div part="status" class="status" role="status">${this.#statusText(item)}${this.#renditionsInline(item)}</div>
            ${item.error ? this.#renderError(item.error) : nothing}
            ${this.#watchLink(item)}
            ${this.#renderActions(item)}
          </li>`,
        )}
      </ul>
    `;
  }

  #renderName(item: UploadItem) {
    const name = item.file?.name ?? item.url ?? '';
    return html`<div part="file-name" class="file-name" title=${name}>${name}</div>`;
  }

  #statusText(item: UploadItem): string {
    const s = this.#strings;
    const state = STATE_OF[item.state];
    if (item.offlinePause && state === 'paused') return s.offline;
    if (item.state === 'queued') return s.queued;
    if (item.url && state === 'preparing') return s.importing;
    if ((state === 'processing' || state === 'ready' || state === 'error') && item.video?.status) {
      return s.videoStatus[item.video.status] ?? s.status[state];
    }
    return s.status[state];
  }

  #renditionsInline(item: UploadItem) {
    if (!item.video || item.state === 'ready') return nothing;
    const lang = this.#lang;
    const list = renditionProgress(item.video).map((r) => this.#strings.rendition(r.label, formatPercent(r.status === 'complete' ? 100 : r.progress, lang)));
    return list.length ? html` <span class="renditions-inline">(${list.join(', ')})</span>` : nothing;
  }

  #watchLink(item: UploadItem) {
    const video = item.video;
    const href = (video?.iframe_url as string | undefined) || video?.hls_url;
    if (!href || !(video!.status === 'viewable' || video!.status === 'ready')) return nothing;
    return html`<a part="watch-link" class="watch" href=${href} target="_blank" rel="noopener noreferrer">${this.#strings.watch}</a>`;
  }

  #renderResumePrompt(item: UploadItem) {
    const s = this.#strings;
    return html`
      <div part="resume-prompt" class="resume-prompt" role="group" aria-label=${s.status['confirm-resume']}>
        <p>${s.resumeQuestion}</p>
        <button part="button" class="primary" type="button" @click=${() => item.answerResume?.(true)}>${s.resumeYes}</button>
        <button part="button" type="button" @click=${() => item.answerResume?.(false)}>${s.resumeNo}</button>
      </div>
    `;
  }

  #renderProgress(p: UploadProgress | null, state: UploaderState, compact = false) {
    if (!p) return nothing;
    const s = this.#strings;
    const lang = this.#lang;
    const figures = [formatPercent(p.percent, lang), s.ofBytes(formatBytes(p.bytesUploaded, lang), formatBytes(p.bytesTotal, lang))];
    if (state === 'uploading' && !compact) {
      if (p.bytesPerSecond) figures.push(formatSpeed(p.bytesPerSecond, lang));
      if (p.secondsLeft !== null && p.bytesPerSecond) figures.push(s.timeLeft(formatDuration(p.secondsLeft, lang)));
      if (p.chunks > 1 && !this.multiple) figures.push(s.chunkOf(p.chunk, p.chunks));
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
          <div part="progress-fill" class="fill" style="transform: scaleX(${p.percent / 100})"></div>
        </div>
        <div part="progress-text" class="figures">${figures.join(' · ')}</div>
      </div>
    `;
  }

  #renderRenditions(video: GcoreVideo) {
    const renditions = renditionProgress(video);
    if (renditions.length === 0) return nothing;
    const lang = this.#lang;
    return html`<ul part="renditions" class="renditions" aria-label=${this.#strings.renditionsLabel}>
      ${renditions.map((r) => html`<li class=${r.status}>${this.#strings.rendition(r.label, formatPercent(r.status === 'complete' ? 100 : r.progress, lang))}</li>`)}
    </ul>`;
  }

  #renderPreview(item: UploadItem) {
    const video = item.video;
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

  #renderError(error: GcoreUploaderError) {
    const s = this.#strings;
    const sentence =
      error.message === ERROR_MESSAGES[error.code] ? s.errors[error.code] : error.message === MANIFEST_MESSAGE ? s.manifestRefused : error.message;
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

  #renderActions(item: UploadItem) {
    const s = this.#strings;
    const d = this.disabled;
    const buttons = [];
    if (item.state === 'uploading') buttons.push(html`<button part="button" type="button" ?disabled=${d} @click=${() => item.pause('user')}>${s.pause}</button>`);
    if (item.state === 'paused') buttons.push(html`<button part="button" class="primary" type="button" ?disabled=${d} @click=${() => item.resume('user')}>${s.resume}</button>`);
    if (item.state === 'error' && item.error?.retryable && item.file)
      buttons.push(html`<button part="button" class="primary" type="button" ?disabled=${d} @click=${() => this.#retryItem(item).catch(() => {})}>${s.retry}</button>`);
    if (item.active || item.state === 'queued') buttons.push(html`<button part="button" type="button" ?disabled=${d} @click=${() => item.cancel()}>${s.cancel}</button>`);
    else if (this.multiple) buttons.push(html`<button part="button" type="button" @click=${() => this.#removeItem(item)}>${s.remove}</button>`);
    if (buttons.length === 0) return nothing;
    return html`<div part="actions" class="actions">${buttons}</div>`;
  }

  #removeItem(item: UploadItem): void {
    item.stopFollowing();
    this.#uploads.remove(item);
  }
}

/** Every event of the element: a CustomEvent that bubbles and crosses shadow roots. */
function uploaderEvent<K extends keyof GcoreUploaderEventMap>(type: K, detail: GcoreUploaderEventMap[K]['detail'], cancelable: boolean) {
  return new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
}

const hasVideo = (i: UploadItem) => Boolean(i.videoId) && (i.state === 'success' || i.state === 'processing' || i.state === 'ready');

/** All files' progress together (null before any file has started). */
function totalProgress(items: UploadItem[]): UploadProgress | null {
  const withFiles = items.filter((i) => i.file && i.state !== 'cancelled' && i.state !== 'error');
  if (!withFiles.some((i) => i.progress)) return null;
  let bytesUploaded = 0;
  let bytesTotal = 0;
  let bytesPerSecond = 0;
  for (const item of withFiles) {
    const p = item.progress;
    bytesTotal += item.file!.size;
    bytesUploaded += p ? p.bytesUploaded : 0;
    bytesPerSecond += p?.bytesPerSecond && item.state === 'uploading' ? p.bytesPerSecond : 0;
  }
  const left = bytesTotal - bytesUploaded;
  return {
    bytesUploaded,
    bytesTotal,
    percent: bytesTotal ? Math.floor((bytesUploaded / bytesTotal) * 1000) / 10 : 0,
    bytesPerSecond: bytesPerSecond || null,
    secondsLeft: bytesPerSecond ? Math.ceil(left / bytesPerSecond) : left === 0 ? 0 : null,
    bytesAccepted: bytesUploaded,
    chunk: 1,
    chunks: 1,
  };
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

/** The element's events with their details, and the events every HTML element has. */
export interface GcoreUploaderElementEventMap extends Omit<HTMLElementEventMap, keyof GcoreUploaderEventMap>, GcoreUploaderEventMap {}

// Typed listeners on <gcore-uploader> itself, not on every element (`HTMLElementEventMap` stays as it is).
export interface GcoreUploader {
  addEventListener<K extends keyof GcoreUploaderElementEventMap>(
    type: K,
    listener: (this: GcoreUploader, event: GcoreUploaderElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GcoreUploaderElementEventMap>(
    type: K,
    listener: (this: GcoreUploader, event: GcoreUploaderElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'gcore-uploader': GcoreUploader;
  }
}
