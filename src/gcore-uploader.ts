import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { UPLOADER_EVENT_NAMES, UPLOADER_EVENTS } from './core/events.js';
import { ACTIVE_STATES, uploaderState, type UploaderState } from './core/machine.js';
import type { UploadProgress } from './core/progress.js';
import type { ResumePolicy } from './core/job.js';
import type { ItemSnapshot, Uploader, UploaderOptions } from './core/uploader.js';
import { FormController } from './controllers/form-controller.js';
import { InputController } from './controllers/input-controller.js';
import { PreviewController } from './controllers/preview-controller.js';
import { StringsController } from './controllers/strings-controller.js';
import { UploaderController } from './controllers/uploader-controller.js';
import { assetFailure, GcoreUploaderError } from './errors.js';
import type { GcoreUploaderEventMap } from './events.js';
import type { StringOverrides } from './i18n/index.js';
import type { PreviewLevel } from './preview/player.js';
import { ELEMENT_DEFAULTS, parseDelays } from './properties.js';
import type { GcoreUploadSession, GetSession } from './session.js';
import type { GcoreVideo } from './status/video.js';
import { styles } from './gcore-uploader.styles.js';
import { dropZone, linkForm, tabs } from './views/input.js';
import { itemList, singleItem } from './views/item.js';
import { errorPanel } from './views/error.js';
import { isViewable } from './views/preview.js';

export type { UploaderState };

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
    retryDelays: { attribute: 'retry-delays', converter: { fromAttribute: parseDelays } },
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
  };

  /** Gcore's upload session (`{servers, token, video}`), as an object or its JSON text. */ declare session: GcoreUploadSession | string | null;
  /** A backend URL that answers `POST {name, size, type}` with an upload session. */ declare sessionUrl: string | null;
  /** Your own way to get a session for a file (custom auth). Wins over `session-url`. */ declare getSession: GetSession | null;
  /** Bytes per PATCH request. Default 10 000 000, as Gcore recommends. */ declare chunkSize: number;
  /** Milliseconds to wait before each retry of a failed request. */ declare retryDelays: number[];
  /** File types offered and accepted, like the HTML `accept` attribute. Default: Gcore's formats. */ declare accept: string;
  /** Largest file accepted, in bytes. */ declare maxFileSize: number | null;
  /** Attribute `resume`: an unfinished upload of the same file is resumed (`auto`), asked about (`ask`) or not (`never`). */ declare resumePolicy: ResumePolicy;
  /** Refuses new files and disables the buttons. */ declare disabled: boolean;
  /** A URL template with `{id}` that answers Gcore's video object (your backend). */ declare statusUrl: string | null;
  /** Your own way to get the video object (custom auth). Wins over `status-url`. */ declare getStatus: ((videoId: string, signal?: AbortSignal) => Promise<GcoreVideo | GcoreVideo[]>) | null;
  /** Milliseconds between status requests. Default 2000. */ declare pollInterval: number;
  /** Follows the status but shows no preview player. */ declare noPreview: boolean;
  /** Takes several files, each with its own session, row and events. */ declare multiple: boolean;
  /** With `multiple`: how many files upload at once. Default 2. */ declare maxConcurrent: number;
  /** The backend's import route (`gcore-uploader/server`'s `…/import`): shows a "Paste a link" tab. */ declare importUrl: string | null;
  /** The form field's name; its value is the video id (one entry per video with `multiple`). */ declare name: string | null;
  /** In a form: blocks submitting until a video is uploaded. */ declare required: boolean;
  /** Your own texts, replacing any of the built-in ones (deep-merged over the language's table). */ declare strings: StringOverrides | null;

  #uploads = new UploaderController(this, () => this.#options(), (core) => this.#wire(core));
  #preview = new PreviewController(this);
  #form = new FormController(this);
  #strings = new StringsController(this, (err) => this.#assetFailed(err));
  #input = new InputController(this, {
    busy: () => this.#busy,
    files: (files) => files.forEach((file) => this.#emit('file-select', { file }) && this.upload(file).catch(() => {})), // reported through events and the UI
    link: (link) => void (this.multiple ? Promise.resolve() : this.#clear()).then(() => this.#uploads.core.add(link)),
  });

  constructor() {
    super();
    Object.assign(this, ELEMENT_DEFAULTS, { retryDelays: parseDelays(null) });
  }

  get #primary(): ItemSnapshot | null { return this.#uploads.snapshot.items.at(-1) ?? null; }

  /** `idle`, `preparing`, `confirm-resume`, `uploading`, `paused`, `success`, `processing`, `ready` or `error`; with `multiple`, the most pressing of any file's. */
  get state(): UploaderState { return this.multiple ? this.#uploads.snapshot.state : uploaderState(this.#primary ? [this.#primary.state] : []); }
  /** Progress figures of the latest file; with `multiple`, of all files together. */
  get progress(): UploadProgress | null { return this.multiple ? this.#uploads.snapshot.progress : (this.#primary?.progress ?? null); }
  /** The Gcore video the latest file goes to, once known. */
  get videoId(): string | null { return this.#primary?.videoId ?? null; }
  /** The video ids of every file uploaded (or link imported) so far. */
  get videoIds(): string[] { return [...this.#uploads.snapshot.videoIds]; }
  /** The latest file's error (`{code, message, status, retryable}`), or null. */
  get error(): GcoreUploaderError | null { return this.#primary?.error ?? null; }
  /** The last video object Gcore answered for the latest file, or null. */
  get video(): GcoreVideo | null { return this.#primary?.video ?? null; }
  /** The latest file, or null. */
  get file(): File | null { return this.#primary?.file ?? null; }
  /** The qualities the preview player knows (`{height, width, bitrate}`), lowest first; empty without a preview. */
  get previewLevels(): PreviewLevel[] { return this.#preview.player?.levels ?? []; }
  /** The form this element belongs to, if any. */
  get form(): HTMLFormElement | null { return this.#form.internals?.form ?? null; }
  /** The form value: the video id (or ids, with `multiple`). */
  get value(): string { return this.videoIds.join(','); }
  get validity(): ValidityState | undefined { return this.#form.internals?.validity; }
  get validationMessage(): string { return this.#form.internals?.validationMessage ?? ''; }
  checkValidity(): boolean { return this.#form.internals?.checkValidity() ?? true; }
  reportValidity(): boolean { return this.#form.internals?.reportValidity() ?? true; }

  /** Uploads a file; resolves with the video id when every byte is on Gcore, rejects with a GcoreUploaderError. Without `multiple`, replaces the current file. */
  async upload(file: File): Promise<string> {
    if (!this.multiple) await this.#clear();
    const core = this.#uploads.core;
    return core.settled(core.add(file));
  }
  /** Pauses the running upload(s); `resume()` goes on from the server's offset. */
  pause(): void { this.#uploads.core.pause(); }
  /** `resume()` goes on with paused upload(s). Assigning a string (`el.resume = 'ask'`, as React and Vue do) sets `resumePolicy` instead. */
  get resume(): () => void { return this.#resumeAll; }
  set resume(value: ResumePolicy | (() => void)) {
    if (typeof value === 'string') this.resumePolicy = value;
  }
  #resumeAll = (): void => this.#uploads.core.resume();
  /** Stops the running or waiting upload(s) and asks the server to drop them; each ends in `upload-error` with code `aborted`. */
  cancel(): Promise<void> { return this.#uploads.core.cancel(); }
  /** Tries the failed file(s) again, resuming what the server already has; resolves with the (latest) video id. */
  retry(): Promise<string> {
    const core = this.#uploads.core;
    const failed = core.getSnapshot().items.filter((i) => i.file && (i.state === 'error' || i.state === 'cancelled'));
    if (failed.length === 0) return Promise.reject(new GcoreUploaderError('aborted', { params: { reason: 'nothing-to-retry' } }));
    failed.forEach((i) => core.retry(i.id));
    return core.settled(failed[failed.length - 1].id);
  }
  /** Back to the empty drop zone: uploads are cancelled, polling and preview stop. */
  reset(): Promise<void> { this.#input.clear(); return this.#clear(); }

  #clear(): Promise<void> { this.#preview.stop(); return this.#uploads.core.reset(); }

  #options(): UploaderOptions {
    const { session, getSession, sessionUrl, chunkSize, retryDelays, accept, maxFileSize, statusUrl, getStatus, pollInterval, importUrl } = this;
    return { session, getSession, sessionUrl, chunkSize, retryDelays, accept, maxFileSize, statusUrl, getStatus, pollInterval, importUrl, resume: this.resumePolicy, maxConcurrent: this.multiple ? this.maxConcurrent : 1 };
  }

  /** The core's events become the element's DOM events (one table: core/events.ts). */
  #wire(core: Uploader): void {
    for (const name of UPLOADER_EVENT_NAMES) core.on(name, (detail) => this.#emit(name, detail as never));
    core.on('video-viewable', (_detail, item) => this.#startPreview(item));
    core.on('import-start', (detail, item) => (this.#input.imported(), detail.video && isViewable({ ...item, video: detail.video }) && this.#startPreview(item)));
  }

  #emit<K extends keyof GcoreUploaderEventMap>(name: K, detail: GcoreUploaderEventMap[K]['detail']): boolean {
    const cancelable = UPLOADER_EVENTS[name as keyof typeof UPLOADER_EVENTS]?.cancelable ?? false;
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  #startPreview(item: ItemSnapshot): void {
    if (this.multiple || this.noPreview || item.id !== this.#primary?.id) return;
    void this.#preview.show(this.#primary.video, (error) => {
      this.#assetFailed(error);
      this.#emit('processing-error', { code: 'playback-failed', message: error.message, video: this.video, file: this.file });
    });
  }

  /** When `err` comes from a part that could not be loaded: the `error` event, naming the part. */
  #assetFailed(err: unknown): void {
    const failure = assetFailure(err);
    if (failure) this.#emit('error', { code: 'asset-load-failed', message: failure.message, asset: String(failure.params.asset) });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#uploads.configure();
    this.#preview.update(this.#primary?.video ?? null);
    this.#form.reflect(this.state);
    const anchor = this.renderRoot.querySelector<HTMLElement>('[part~="select-button"]') ?? undefined;
    this.#form.sync(this.videoIds, { multiple: this.multiple, name: this.name, required: this.required, message: this.#strings.strings.required, anchor });
  }

  /** @internal Form reset: back to empty. */
  formResetCallback(): void { void this.reset(); }
  /** @internal A disabled fieldset disables the element. */
  formDisabledCallback(disabled: boolean): void { this.disabled = disabled; }

  get #busy(): boolean { const p = this.#primary; return !this.multiple && !!p && (p.state === 'queued' || ACTIVE_STATES.has(p.state)); }

  #act = {
    ...this.#input.actions,
    pause: (id: string) => this.#uploads.core.pause(id),
    resume: (id: string) => this.#uploads.core.resume(id),
    cancel: (id: string) => void this.#uploads.core.cancel(id),
    retry: (id: string) => this.#uploads.core.retry(id),
    remove: (id: string) => this.#uploads.core.remove(id),
    answer: (id: string, yes: boolean) => this.#uploads.core.confirmResume(id, yes),
    retryPreview: () => this.#preview.retry(),
  };

  protected override render() {
    const { disabled, multiple, noPreview } = this;
    const { dragging, tab, linkError } = this.#input;
    const s = this.#strings.strings;
    const ctx = { s, lang: this.#strings.lang, disabled, multiple, noPreview, accept: this.accept || ELEMENT_DEFAULTS.accept, dragging, tab, linkError, busy: this.#busy, playbackError: this.#preview.error, act: this.#act };
    const showTabs = Boolean(this.importUrl);
    const primary = this.#primary;
    return html`
      ${this.#strings.loadError ? errorPanel(ctx, this.#strings.loadError) : nothing} ${showTabs ? tabs(ctx) : nothing}
      <div id="panel" role=${showTabs ? 'tabpanel' : nothing} aria-labelledby=${showTabs ? `tab-${tab}` : nothing}>
        ${showTabs && tab === 'link' ? linkForm(ctx) : dropZone(ctx)}
      </div>
      ${this.multiple ? itemList(ctx, this.#uploads.snapshot) : primary ? singleItem(ctx, primary) : nothing}
    `;
  }
}

/** The element's events with their details, and the events every HTML element has. */
export interface GcoreUploaderElementEventMap extends Omit<HTMLElementEventMap, keyof GcoreUploaderEventMap>, GcoreUploaderEventMap {}

// Typed listeners on <gcore-uploader> itself, not on every element (`HTMLElementEventMap` stays as it is).
export interface GcoreUploader {
  addEventListener<K extends keyof GcoreUploaderElementEventMap>(type: K, listener: (this: GcoreUploader, event: GcoreUploaderElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GcoreUploaderElementEventMap>(type: K, listener: (this: GcoreUploader, event: GcoreUploaderElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'gcore-uploader': GcoreUploader;
  }
}
