import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { UploaderState } from './core/machine.js';
import type { UploadProgress } from './core/progress.js';
import type { ResumePolicy } from './core/job.js';
import { parseChunkSize, type ChunkSizeSetting } from './core/chunking.js';
import type { ResumeScope, UnfinishedUpload } from './core/resume/types.js';
import type { FileHandleLike } from './core/source.js';
import { EventsController } from './controllers/events-controller.js';
import { FormController } from './controllers/form-controller.js';
import { InputController } from './controllers/input-controller.js';
import { FramePartController } from './controllers/frame-part-controller.js';
import { PreviewController } from './controllers/preview-controller.js';
import { StringsController } from './controllers/strings-controller.js';
import { UploaderController } from './controllers/uploader-controller.js';
import { UnfinishedPartController } from './controllers/unfinished-part-controller.js';
import type { DetailsPrefill } from './controllers/details-controller.js';
import { DetailsPartController } from './controllers/details-part-controller.js';
import { errorText, GcoreUploaderError } from './errors.js';
import type { GcoreUploaderElementEventMap } from './events.js';
import type { StringOverrides } from './i18n/index.js';
import type { PreviewLevel } from './preview/player.js';
import { ELEMENT_DEFAULTS, parseDelays, uploaderOptions } from './properties.js';
import type { GcoreUploadSession, GetSession } from './session.js';
import type { GcoreVideo } from './status/video.js';
import { styles } from './gcore-uploader.styles.js';
import { rootView } from './views/root.js';

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
 * @fires error - A part loaded on first use (`upload.mjs`, `frame.mjs`, `resume.mjs`, `status.mjs`, `player.mjs`, `hls-light.mjs`, `hls.mjs`, `details.mjs`, `locales/xx.mjs`) could not be loaded. Detail: `{code: 'asset-load-failed', message, asset}`.
 *
 * @slot drop-zone - Content of the drop zone, in place of the default prompt.
 * @slot select-button - Label of the file button.
 *
 * @csspart drop-zone - The area that takes a dropped file.
 * @csspart select-button - The button that opens the file picker.
 * @csspart file-name - The chosen file's name.
 * @csspart local-frame - The chosen file's first frame, drawn from the local file (an icon when the browser cannot decode it).
 * @csspart local-duration - The chosen file's duration (`1:23`), read from the local file.
 * @csspart unfinished - The uploads an earlier page left unfinished (a heading and a list), above the drop zone.
 * @csspart unfinished-item - One of them: name, what the server holds, when it was started, its buttons.
 * @csspart unfinished-resume - Its Resume button.
 * @csspart unfinished-discard - Its Discard button (Dismiss, when it expired on the server).
 * @csspart choose-again - In the drop zone: "Choose {name} ({size}) again to continue", when Resume needs the file chosen again.
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
    keepCopy: { type: Boolean, attribute: 'keep-copy' },
    keepCopyDays: { type: Number, attribute: 'keep-copy-days' },
    resumeScope: { type: String, attribute: 'resume-scope' },
    resumeTtlHours: { type: Number, attribute: 'resume-ttl-hours' },
    noLeaveWarning: { type: Boolean, attribute: 'no-leave-warning' },
  };

  /** Gcore's upload session (`{servers, token, video}`), as an object or its JSON text. */ declare session: GcoreUploadSession | string | null;
  /** A backend URL that answers `POST {name, size, type}` with an upload session. */ declare sessionUrl: string | null;
  /** Your own way to get a session for a file (custom auth). Wins over `session-url`. */ declare getSession: GetSession | null;
  /** Bytes per PATCH request, or `auto` (the default): each chunk carries about `chunkTargetSeconds` of the measured throughput. */ declare chunkSize: ChunkSizeSetting;
  /** With `chunk-size="auto"`: seconds of throughput one chunk should carry. Default 8. */ declare chunkTargetSeconds: number;
  /** With `chunk-size="auto"`: the first and smallest chunk, in bytes. Default 4 MiB (4194304). */ declare minChunkSize: number;
  /** With `chunk-size="auto"`: the largest chunk, in bytes. Default 128 MiB (134217728). */ declare maxChunkSize: number;
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
  /** Keeps a copy of each file in the Origin Private File System while it uploads, so that after a reload it resumes without choosing the file again (where there is no file handle: Firefox, Safari). */ declare keepCopy: boolean;
  /** With `keep-copy`: days a copy is kept at most (deleted as soon as its upload is complete or discarded). Default 3. */ declare keepCopyDays: number;
  /** Which unfinished uploads are listed after a reload: `session` (the default: those of the session's video, when there is a session) or `origin` (every one this origin remembers). */ declare resumeScope: ResumeScope;
  /** Hours an unfinished upload is remembered; older ones are forgotten. Default 24. */ declare resumeTtlHours: number;
  /** Leaving the page while an upload runs asks nothing (by default the browser asks to confirm). */ declare noLeaveWarning: boolean;

  /** What the details panel starts from: `{title, description}` (`title` instead of the file name). Assigning a boolean or a string (as React and Vue do for the `details` attribute) sets `detailsForm` instead. */
  get details(): DetailsPrefill | null { return this._details.prefill; }
  set details(value: DetailsPrefill | boolean | string | null) { this._details.setPrefill(value); }

  private _uploads = new UploaderController(this, () => uploaderOptions(this), (core) => this._events.wire(core));
  private _preview = new PreviewController(this);
  private _form = new FormController(this);
  private _strings = new StringsController(this, (err) => this._events.assetFailed(err));
  private _input = new InputController(this, {
    busy: () => this._uploads.busy(this.multiple),
    files: (files) => files.forEach(({ file, handle }) => this._events.emit('file-select', { file }) && (this._unfinished.take(file, handle) || this.upload(file, { handle }).catch(() => {}))), // reported through events and the UI
    link: (link) => void (this.multiple ? Promise.resolve() : this._clear()).then(() => this._uploads.core.add(link)),
  });
  /** The details part (details.mjs / a chunk), loaded once `details` is set; it keeps the `details` prefill. */
  private _details = new DetailsPartController(this, {
    item: () => this._uploads.primary, enabled: () => this.detailsForm && !this.multiple, lang: () => this._strings.lang, core: () => this._uploads.core,
    emit: (name, detail) => this._events.emit(name, detail), failed: (err) => this._events.assetFailed(err), setForm: (on) => (this.detailsForm = on),
  });
  private _events = new EventsController(this, {
    preview: () => this._preview, details: () => this._details.controller, primary: () => this._uploads.primary, previewOn: () => !this.multiple && !this.noPreview, imported: () => this._input.imported(),
  });
  /** The resume part (resume.mjs / a chunk), loaded once something is listed in `unfinished`; the frame part (frame.mjs / a chunk: first frames, the leave warning), fetched with the upload engine. */
  private _unfinished = new UnfinishedPartController(this, { core: () => this._uploads.core, list: () => this._uploads.snapshot.unfinished, pick: () => this._input.actions.pick(), failed: (err) => this._events.assetFailed(err), multiple: () => this.multiple, stopPreview: () => this._preview.stop() });
  private _frames = new FramePartController(this, { items: () => this._uploads.snapshot.items, warns: () => !this.noLeaveWarning, failed: (err) => this._events.assetFailed(err) });

  constructor() {
    super();
    Object.assign(this, ELEMENT_DEFAULTS, { retryDelays: parseDelays(null) });
  }

  /** `idle`, `preparing`, `confirm-resume`, `uploading`, `paused`, `success`, `processing`, `ready` or `error`; with `multiple`, the most pressing of any file's. */
  get state(): UploaderState { return this._uploads.state(this.multiple); }
  /** Progress figures of the latest file; with `multiple`, of all files together. */
  get progress(): UploadProgress | null { return this._uploads.progress(this.multiple); }
  /** The Gcore video the latest file goes to, once known. */
  get videoId(): string | null { return this._uploads.primary?.videoId ?? null; }
  /** The video ids of every file uploaded (or link imported) so far. */
  get videoIds(): string[] { return [...this._uploads.snapshot.videoIds]; }
  /** The latest file's error (`{code, message, status, retryable}`), or null. */
  get error(): GcoreUploaderError | null { return this._uploads.primary?.error ?? null; }
  /** The last video object Gcore answered for the latest file, or null. */
  get video(): GcoreVideo | null { return this._uploads.primary?.video ?? null; }
  /** The latest file, or null. */
  get file(): File | null { return this._uploads.primary?.file ?? null; }
  /** The qualities the preview player knows (`{height, width, bitrate}`), lowest first; empty without a preview. */
  get previewLevels(): PreviewLevel[] { return this._preview.player?.levels ?? []; }
  /** The form this element belongs to, if any. */
  get form(): HTMLFormElement | null { return this._form.internals?.form ?? null; }
  /** The form value: the video id (or ids, with `multiple`). */
  get value(): string { return this.videoIds.join(','); }
  get validity(): ValidityState | undefined { return this._form.internals?.validity; }
  get validationMessage(): string { return this._form.internals?.validationMessage ?? ''; }
  checkValidity(): boolean { return this._form.internals?.checkValidity() ?? true; }
  reportValidity(): boolean { return this._form.internals?.reportValidity() ?? true; }

  /** Uploads a file (`handle`: the FileSystemFileHandle it came from, kept for a resume in one click after a reload); resolves with the video id when every byte is on Gcore, rejects with a GcoreUploaderError. Without `multiple`, replaces the current file. */
  async upload(file: File, options: { handle?: FileHandleLike | null } = {}): Promise<string> {
    if (!this.multiple) await this._clear();
    const core = this._uploads.core;
    return core.settled(core.add(file, { handle: options.handle }));
  }
  /** Uploads an earlier page left unfinished (`{key, name, size, offset, createdAt, source, expired, otherTab…}`), as listed above the drop zone (once the list's part, resume.mjs, is loaded). */
  get unfinished(): readonly UnfinishedUpload[] { return this._unfinished.listed; }
  /** Resumes one of `unfinished` (call it in a click: a kept file handle asks for permission); when the file must be chosen again, the drop zone asks for it and the picker opens. Resolves with the video id when every byte is on Gcore. */
  resumeUnfinished(key: string): Promise<string> { return this._unfinished.resume(key); }
  /** Forgets one of `unfinished` and asks the server to drop it. */
  discardUnfinished(key: string): Promise<void> { return this._uploads.core.discardUnfinished(key); }
  /** Pauses the running upload(s); `resume()` goes on from the server's offset. */
  pause(): void { this._uploads.core.pause(); }
  /** `resume()` goes on with paused upload(s). Assigning a string (`el.resume = 'ask'`, as React and Vue do) sets `resumePolicy` instead. */
  get resume(): () => void { return this._resumeAll; }
  set resume(value: ResumePolicy | (() => void)) { if (typeof value === 'string') this.resumePolicy = value; }
  private _resumeAll = (): void => this._uploads.core.resume();
  /** Stops the running or waiting upload(s) and asks the server to drop them; each ends in `upload-error` with code `aborted`. */
  cancel(): Promise<void> { return this._uploads.core.cancel(); }
  /** Tries the failed file(s) again, resuming what the server already has; resolves with the (latest) video id. */
  retry(): Promise<string> { return this._uploads.retryFailed(); }
  /** Back to the empty drop zone: uploads are cancelled, polling and preview stop. */
  reset(): Promise<void> { this._input.clear(); this._unfinished.stopAsking(); return this._clear(); }

  private _clear(): Promise<void> { this._preview.stop(); return this._uploads.core.reset(); }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this._preview.follow(this._uploads.primary?.video ?? null);
    this._form.update(this.state, this.videoIds, { multiple: this.multiple, name: this.name, required: this.required, message: this._strings.strings.required });
  }

  /** @internal Form reset: back to empty. */
  formResetCallback(): void { void this.reset(); }
  /** @internal A disabled fieldset disables the element. */
  formDisabledCallback(disabled: boolean): void { this.disabled = disabled; }

  private _act = { ...this._input.actions, ...this._uploads.actions, retryPreview: () => this._preview.retry() };

  protected override render() {
    const { disabled, multiple, noPreview } = this;
    const { dragging, tab, linkError } = this._input;
    const s = this._strings.strings;
    const details = this._details.view({ s: s.details, errorText: (e) => errorText(s, e), lang: this._strings.lang, disabled, autoCaptions: this.autoCaptions });
    const ctx = { s, lang: this._strings.lang, disabled, multiple, noPreview, accept: this.accept || ELEMENT_DEFAULTS.accept, dragging, tab, linkError, busy: this._uploads.busy(multiple), playbackError: this._preview.error, act: this._act, details, frame: this._frames.view, unfinished: this._unfinished.view };
    return rootView(ctx, { loadError: this._strings.loadError, showTabs: Boolean(this.importUrl), snapshot: this._uploads.snapshot, primary: this._uploads.primary });
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
