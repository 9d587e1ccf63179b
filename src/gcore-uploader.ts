import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { UPLOADER_EVENT_NAMES, UPLOADER_EVENTS } from './core/events.js';
import type { UploaderState } from './core/machine.js';
import type { UploadProgress } from './core/progress.js';
import type { ResumePolicy } from './core/job.js';
import { parseChunkSize, type ChunkSizeSetting } from './core/chunking.js';
import type { ItemSnapshot, Uploader } from './core/uploader.js';
import { FormController } from './controllers/form-controller.js';
import { InputController } from './controllers/input-controller.js';
import { PreviewController } from './controllers/preview-controller.js';
import { StringsController } from './controllers/strings-controller.js';
import { UploaderController } from './controllers/uploader-controller.js';
import type { DetailsPrefill } from './controllers/details-controller.js';
import { DetailsPartController } from './controllers/details-part-controller.js';
import { assetFailure, errorText, GcoreUploaderError } from './errors.js';
import type { GcoreUploaderElementEventMap, GcoreUploaderEventMap } from './events.js';
import type { StringOverrides } from './i18n/index.js';
import type { PreviewLevel } from './preview/player.js';
import { ELEMENT_DEFAULTS, parseDelays, uploaderOptions } from './properties.js';
import type { GcoreUploadSession, GetSession } from './session.js';
import type { GcoreVideo } from './status/video.js';
import { styles } from './gcore-uploader.styles.js';
import { rootView } from './views/root.js';
import { isViewable } from './views/preview.js';

export type { UploaderState, DetailsPrefill };
export type { GcoreUploaderElementEventMap } from './events.js';

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
 * @fires upload-error - The upload failed or was cancelled (`asset-load-failed` when the upload engine could not be loaded). Detail: `{code, message, status, retryable, file}`.
 * @fires status-change - Gcore reported a new status for the video. Detail: `{status, video, file}`.
 * @fires video-viewable - The video plays in at least one quality. Detail: `{video, file}`.
 * @fires video-ready - The video is ready in every quality. Detail: `{video, file}`.
 * @fires processing-error - Processing failed, the status could not be read, or the preview could not play. Detail: `{code, message, video, file}`.
 * @fires import-start - Gcore accepted a link to import (the "Paste a link" tab). Detail: `{url, videoId, video}`.
 * @fires details-saved - With `details`: the video's details were saved through the session's `edit_url`. Detail: `{file, videoId, fields, video, subtitle}`.
 * @fires details-error - With `details`: a poster or subtitle file was refused in the page, or saving failed. Detail: `{file, videoId, code, message, params}`.
 * @fires error - A part loaded on first use (`upload.mjs`, `status.mjs`, `player.mjs`, `hls-light.mjs`, `hls.mjs`, `details.mjs`, `locales/xx.mjs`) could not be loaded. Detail: `{code: 'asset-load-failed', message, asset}`.
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
 * @csspart details - With `details`: the details panel (a form).
 * @csspart details-title - Its title field.
 * @csspart details-description - Its description field.
 * @csspart details-poster - The poster group.
 * @csspart details-frame - The local preview of the chosen file, to pick a frame.
 * @csspart details-scrubber - The slider that moves the local preview to a frame.
 * @csspart details-poster-image - The chosen poster.
 * @csspart details-screenshots - After `ready`: Gcore's screenshots to choose from.
 * @csspart details-screenshot - One of them (a button).
 * @csspart details-subtitles - The subtitles group.
 * @csspart details-subtitle - One subtitle file, with its language.
 * @csspart details-auto-captions - With `auto-captions`: what the panel says about AI captions.
 * @csspart details-save - The Save button.
 * @csspart details-status - What was saved (a polite live region).
 * @csspart details-error - A refused file or a failed save (role=alert; also part `error`).
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
    chunkSize: { attribute: 'chunk-size', converter: { fromAttribute: parseChunkSize } },
    chunkTargetSeconds: { type: Number, attribute: 'chunk-target-seconds' },
    minChunkSize: { type: Number, attribute: 'min-chunk-size' },
    maxChunkSize: { type: Number, attribute: 'max-chunk-size' },
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
    detailsForm: { type: Boolean, attribute: 'details', reflect: true },
    autoCaptions: { type: Boolean, attribute: 'auto-captions' },
  };

  /** Gcore's upload session (`{servers, token, video}`), as an object or its JSON text. */ declare session: GcoreUploadSession | string | null;
  /** A backend URL that answers `POST {name, size, type}` with an upload session. */ declare sessionUrl: string | null;
  /** Your own way to get a session for a file (custom auth). Wins over `session-url`. */ declare getSession: GetSession | null;
  /** Bytes per PATCH request, or `auto` (the default): each chunk carries about `chunkTargetSeconds` of the measured throughput. */ declare chunkSize: ChunkSizeSetting;
  /** With `chunk-size="auto"`: seconds of throughput one chunk should carry. Default 5. */ declare chunkTargetSeconds: number;
  /** With `chunk-size="auto"`: the first and smallest chunk, in bytes. Default 1 MiB (1048576). */ declare minChunkSize: number;
  /** With `chunk-size="auto"`: the largest chunk, in bytes. Default 64 MiB (67108864). */ declare maxChunkSize: number;
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
  /** Attribute `details`: a panel for the video's title, description, poster and subtitles, saved through the session's `edit_url`. The property is not called `details` because `details` is the prefill object. */ declare detailsForm: boolean;
  /** With `session-url`: asks the backend for Gcore's AI captions (`autoCaptions: true` in the session request; the backend decides). */ declare autoCaptions: boolean;

  /** What the details panel starts from: `{title, description}` (`title` instead of the file name). Assigning a boolean or a string (as React and Vue do for the `details` attribute) sets `detailsForm` instead. */
  get details(): DetailsPrefill | null { return this.#details.prefill; }
  set details(value: DetailsPrefill | boolean | string | null) { this.#details.setPrefill(value); }

  #uploads = new UploaderController(this, () => uploaderOptions(this), (core) => this.#wire(core));
  #preview = new PreviewController(this);
  #form = new FormController(this);
  #strings = new StringsController(this, (err) => this.#assetFailed(err));
  #input = new InputController(this, {
    busy: () => this.#uploads.busy(this.multiple),
    files: (files) => files.forEach((file) => this.#emit('file-select', { file }) && this.upload(file).catch(() => {})), // reported through events and the UI
    link: (link) => void (this.multiple ? Promise.resolve() : this.#clear()).then(() => this.#uploads.core.add(link)),
  });
  /** The details part (details.mjs / a chunk), loaded once `details` is set; it keeps the `details` prefill. */
  #details = new DetailsPartController(this, {
    item: () => this.#uploads.primary, enabled: () => this.detailsForm && !this.multiple, lang: () => this.#strings.lang, core: () => this.#uploads.core,
    emit: (name, detail) => this.#emit(name, detail), failed: (err) => this.#assetFailed(err), setForm: (on) => (this.detailsForm = on),
  });

  constructor() {
    super();
    Object.assign(this, ELEMENT_DEFAULTS, { retryDelays: parseDelays(null) });
  }

  /** `idle`, `preparing`, `confirm-resume`, `uploading`, `paused`, `success`, `processing`, `ready` or `error`; with `multiple`, the most pressing of any file's. */
  get state(): UploaderState { return this.#uploads.state(this.multiple); }
  /** Progress figures of the latest file; with `multiple`, of all files together. */
  get progress(): UploadProgress | null { return this.#uploads.progress(this.multiple); }
  /** The Gcore video the latest file goes to, once known. */
  get videoId(): string | null { return this.#uploads.primary?.videoId ?? null; }
  /** The video ids of every file uploaded (or link imported) so far. */
  get videoIds(): string[] { return [...this.#uploads.snapshot.videoIds]; }
  /** The latest file's error (`{code, message, status, retryable}`), or null. */
  get error(): GcoreUploaderError | null { return this.#uploads.primary?.error ?? null; }
  /** The last video object Gcore answered for the latest file, or null. */
  get video(): GcoreVideo | null { return this.#uploads.primary?.video ?? null; }
  /** The latest file, or null. */
  get file(): File | null { return this.#uploads.primary?.file ?? null; }
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
  retry(): Promise<string> { return this.#uploads.retryFailed(); }
  /** Back to the empty drop zone: uploads are cancelled, polling and preview stop. */
  reset(): Promise<void> { this.#input.clear(); return this.#clear(); }

  #clear(): Promise<void> { this.#preview.stop(); return this.#uploads.core.reset(); }

  /** The core's events become the element's DOM events (one table: core/events.ts). */
  #wire(core: Uploader): void {
    for (const name of UPLOADER_EVENT_NAMES) core.on(name, (detail) => this.#emit(name, detail as never));
    core.on('video-viewable', (_detail, item) => this.#startPreview(item));
    core.on('upload-success', (_detail, item) => this.#details.controller?.uploadEnded(item.id));
    core.on('details-saved', (detail, item) => detail.subtitle && item.id === this.#uploads.primary?.id && void this.#preview.player?.refreshSubtitles());
    core.on('import-start', (detail, item) => (this.#input.imported(), detail.video && isViewable({ ...item, video: detail.video }) && this.#startPreview(item)));
  }

  #emit<K extends keyof GcoreUploaderEventMap>(name: K, detail: GcoreUploaderEventMap[K]['detail']): boolean {
    const cancelable = UPLOADER_EVENTS[name as keyof typeof UPLOADER_EVENTS]?.cancelable ?? false;
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  #startPreview(item: ItemSnapshot): void {
    if (this.multiple || this.noPreview || item.id !== this.#uploads.primary?.id) return;
    void this.#preview.show(this.#uploads.primary.video, (error) => {
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
    this.#preview.follow(this.#uploads.primary?.video ?? null);
    this.#form.update(this.state, this.videoIds, { multiple: this.multiple, name: this.name, required: this.required, message: this.#strings.strings.required });
  }

  /** @internal Form reset: back to empty. */
  formResetCallback(): void { void this.reset(); }
  /** @internal A disabled fieldset disables the element. */
  formDisabledCallback(disabled: boolean): void { this.disabled = disabled; }

  #act = { ...this.#input.actions, ...this.#uploads.actions, retryPreview: () => this.#preview.retry() };

  protected override render() {
    const { disabled, multiple, noPreview } = this;
    const { dragging, tab, linkError } = this.#input;
    const s = this.#strings.strings;
    const details = this.#details.view({ s: s.details, errorText: (e) => errorText(s, e), lang: this.#strings.lang, disabled, autoCaptions: this.autoCaptions });
    const ctx = { s, lang: this.#strings.lang, disabled, multiple, noPreview, accept: this.accept || ELEMENT_DEFAULTS.accept, dragging, tab, linkError, busy: this.#uploads.busy(multiple), playbackError: this.#preview.error, act: this.#act, details };
    return rootView(ctx, { loadError: this.#strings.loadError, showTabs: Boolean(this.importUrl), snapshot: this.#uploads.snapshot, primary: this.#uploads.primary });
  }
}

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
