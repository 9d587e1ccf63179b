/**
 * The details panel's state for the element's file (issue #18): the title (prefilled from the file name
 * without its extension, or from `details.title`), the description, the poster (a frame of the local
 * preview, an image file, or after `ready` one of Gcore's screenshots) and the subtitles, each checked
 * in the page before anything is sent. Saving goes through the core (the session's `edit_url`): on Save,
 * and by itself when the upload ends for whatever is not saved yet; after that, each Save goes straight
 * to Gcore. The local preview plays the chosen file from an object URL, revoked when the file goes away,
 * when the panel is turned off and when the element leaves the page.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { GcoreSubtitle, SubtitleInput, VideoDetailsField, VideoDetailsFields } from '../core/details.js';
import { detailsError, MAX_TITLE_LENGTH } from '../details/codes.js';
import { guessLanguage } from '../details/languages.js';
import { posterFromFile, posterFromVideo, type Poster } from '../details/poster.js';
import { checkSubtitleFile, type SubtitleFormat } from '../details/subtitle-check.js';
import type { Uploader } from '../core/types.js';
import { isUploaderError, toUploaderError, type DetailsErrorCode, type GcoreUploaderError } from '../errors.js';
import type { GcoreUploaderEventMap } from '../events.js';
import type { GcoreVideo } from '../status/video.js';
import { detailsPanel, type DetailsViewContext } from '../views/details.js';
import { DETAILS_CSS } from '../views/details.styles.js';
import { adoptStyles } from './adopt-styles.js';

/** What the panel reads of the element's item. */
export interface DetailsItem {
  id: string;
  file: File | null;
  name: string;
  state: string;
  videoId: string | null;
  video: GcoreVideo | null;
  /** The session's `edit_url`, once the session is there (null: none, e.g. a resumed upload). */
  editUrl: string | null;
  /** The session answer's `auto_captions`, or null when it did not say. */
  autoCaptions: boolean | null;
}

/** `el.details`: what the panel starts from. */
export interface DetailsPrefill {
  title?: string;
  description?: string;
}

export interface SubtitleDraft {
  key: number;
  fileName: string;
  language: string;
  vtt: string;
  format: SubtitleFormat;
  cues: number;
  state: 'ready' | 'sending' | 'sent' | 'failed';
  error: GcoreUploaderError | null;
}

export interface DetailsDraft {
  itemId: string;
  title: string;
  description: string;
  /** Fields changed and not saved yet. */
  dirty: Set<VideoDetailsField>;
  poster: Poster | null;
  screenshotId: number | null;
  subtitles: SubtitleDraft[];
  saving: boolean;
  /** The last save worked (and nothing changed since). */
  saved: boolean;
  /** The last refusal or failure (a file refused, a save that failed). */
  error: GcoreUploaderError | null;
  /** Saved by itself once the upload ends (set when the bytes are up). */
  autoSaved: boolean;
  /** The object URL the local preview plays. */
  previewUrl: string | null;
  /** The local preview cannot be played (the browser does not decode the file). */
  previewFailed: boolean;
  duration: number;
  time: number;
}

export interface DetailsDeps {
  /** The item the panel is for (the latest file), or null. */
  item(): DetailsItem | null;
  /** Whether the panel is on (`details` attribute). */
  enabled(): boolean;
  prefill(): DetailsPrefill | null;
  lang(): string | undefined;
  /** PATCH the item's edit_url (the core emits `details-saved` / `details-error`). */
  save(id: string, fields: VideoDetailsFields): Promise<GcoreVideo>;
  /** POST a subtitle (the core emits `details-saved` / `details-error`). */
  addSubtitle(id: string, subtitle: SubtitleInput): Promise<GcoreSubtitle>;
  /** A file refused in the page, before any request (the element dispatches `details-error`). */
  refused(item: DetailsItem, error: GcoreUploaderError): void;
}

/** The file's name without its extension, at most 255 characters: the title's first value. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^./\\]{1,8}$/, '').trim() || name.trim();
  return Array.from(base).slice(0, MAX_TITLE_LENGTH).join('');
}

const BYTES_UP = new Set(['success', 'processing', 'ready']);

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** What the element gives the details part (details-part-controller.ts). */
export interface DetailsPartDeps extends Pick<DetailsDeps, 'item' | 'enabled' | 'prefill' | 'lang'> {
  core(): Uploader;
  /** Dispatches `details-error` for a file refused in the page. */
  emit(name: 'details-error', detail: GcoreUploaderEventMap['details-error']['detail']): void;
}

/** The part in the element, once loaded: its controller and the panel of an item (nothing but for the latest item). */
export interface DetailsPart {
  controller: DetailsController;
  view(view: Omit<DetailsViewContext, 'item' | 'draft' | 'ctl'>): (item: DetailsItem) => unknown;
}

export class DetailsController implements ReactiveController {
  /** The part in the element: its styles adopted into the shadow root, its controller saving through the core, its panel. */
  static part(host: Host, { core, emit, ...deps }: DetailsPartDeps): DetailsPart {
    adoptStyles(host.renderRoot, DETAILS_CSS);
    const controller = new DetailsController(host, {
      ...deps,
      save: (id, fields) => core().saveDetails(id, fields),
      addSubtitle: (id, subtitle) => core().addSubtitle(id, subtitle),
      refused: (it, error) => emit('details-error', { file: it.file, videoId: it.videoId, code: error.code as DetailsErrorCode, message: error.message, params: error.params }),
    });
    return {
      controller,
      view: (view) => (item) => {
        const draft = controller.draft;
        return draft && item.id === deps.item()?.id ? detailsPanel({ ...view, item, draft, ctl: controller }) : nothing;
      },
    };
  }

  private _draft: DetailsDraft | null = null;
  private _nextKey = 1;

  constructor(
    private readonly host: Host,
    private readonly deps: DetailsDeps,
  ) {
    host.addController(this);
  }

  /** The draft for the current item (made when the item changes), or null when the panel is off. */
  get draft(): DetailsDraft | null {
    const item = this.deps.enabled() ? this.deps.item() : null;
    if (!item || !item.file) {
      if (this._draft) this._drop();
      return null;
    }
    if (this._draft?.itemId !== item.id) this._start(item);
    return this._draft;
  }

  private _start(item: DetailsItem): void {
    this._drop();
    const prefill = this.deps.prefill() ?? {};
    const title = typeof prefill.title === 'string' ? Array.from(prefill.title).slice(0, MAX_TITLE_LENGTH).join('') : titleFromFileName(item.name);
    const description = typeof prefill.description === 'string' ? prefill.description : '';
    const dirty = new Set<VideoDetailsField>();
    if (title.trim() && title !== item.name) dirty.add('name');
    if (description) dirty.add('description');
    this._draft = {
      itemId: item.id,
      title,
      description,
      dirty,
      poster: null,
      screenshotId: null,
      subtitles: [],
      saving: false,
      saved: false,
      error: null,
      autoSaved: false,
      previewUrl: item.file && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(item.file) : null,
      previewFailed: false,
      duration: 0,
      time: 0,
    };
  }

  private _drop(): void {
    if (this._draft?.previewUrl) URL.revokeObjectURL(this._draft.previewUrl);
    this._draft = null;
  }

  private _changed(patch: Partial<DetailsDraft> = {}): void {
    if (!this._draft) return;
    Object.assign(this._draft, { saved: false, ...patch });
    this.host.requestUpdate();
  }

  /** Whether there is anything to send. */
  get pending(): boolean {
    const d = this._draft;
    return Boolean(d && (d.dirty.size > 0 || d.subtitles.some((s) => s.state === 'ready' || s.state === 'failed')));
  }

  // ── the fields ──────────────────────────────────────────────────────────────────────────────

  setTitle(value: string): void {
    this._draft?.dirty.add('name');
    this._changed({ title: value, error: null });
  }

  setDescription(value: string): void {
    this._draft?.dirty.add('description');
    this._changed({ description: value, error: null });
  }

  /** The local preview's `<video>` (rendered by the view). */
  private get _video(): HTMLVideoElement | null {
    return this.host.renderRoot.querySelector<HTMLVideoElement>('video.details-frame');
  }

  previewLoaded(video: HTMLVideoElement): void {
    this._changed({ duration: Number.isFinite(video.duration) ? video.duration : 0, previewFailed: false, saved: this._draft?.saved ?? false });
  }

  previewFailed(): void {
    this._changed({ previewFailed: true, saved: this._draft?.saved ?? false });
  }

  /** The scrubber moved: the local preview shows that frame. */
  seek(time: number): void {
    const video = this._video;
    if (video && Number.isFinite(time)) video.currentTime = time;
    if (this._draft) this._draft.time = time;
    this.host.requestUpdate();
  }

  /** "Use this frame": the frame shown now, as a JPEG of at most 1 000 000 bytes. */
  async useFrame(): Promise<void> {
    const draft = this._draft;
    const video = this._video;
    const item = this.deps.item();
    if (!draft || !video || !item) return;
    try {
      if (video.seeking) await new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
      const poster = await posterFromVideo(video);
      if (this._draft !== draft) return;
      draft.dirty.add('poster');
      this._changed({ poster, screenshotId: null, error: null });
    } catch (err) {
      this._refuse(draft, item, err);
    }
  }

  /** "Choose an image": checked (type, ≤ 1 000 000 bytes) before anything is sent. */
  async choosePoster(file: File): Promise<void> {
    const draft = this._draft;
    const item = this.deps.item();
    if (!draft || !item) return;
    try {
      const poster = await posterFromFile(file);
      if (this._draft !== draft) return;
      draft.dirty.add('poster');
      this._changed({ poster, screenshotId: null, error: null });
    } catch (err) {
      this._refuse(draft, item, err);
    }
  }

  /** One of Gcore's screenshots as the default screenshot (`screenshot_id`). */
  chooseScreenshot(index: number): void {
    const draft = this._draft;
    if (!draft) return;
    draft.dirty.add('screenshot_id');
    draft.dirty.delete('poster');
    this._changed({ screenshotId: index, poster: null, error: null });
  }

  /** Subtitle files: each checked (and SRT converted) in the page; a refused one is not added. */
  async addSubtitles(files: File[]): Promise<void> {
    const draft = this._draft;
    const item = this.deps.item();
    if (!draft || !item) return;
    for (const file of files) {
      try {
        const checked = await checkSubtitleFile(file);
        if (this._draft !== draft) return;
        draft.subtitles = [
          ...draft.subtitles,
          { key: this._nextKey++, fileName: file.name, language: guessLanguage(file.name, this.deps.lang()), vtt: checked.vtt, format: checked.format, cues: checked.cues, state: 'ready', error: null },
        ];
        this._changed({ error: null });
      } catch (err) {
        this._refuse(draft, item, err);
      }
    }
  }

  setSubtitleLanguage(key: number, language: string): void {
    const draft = this._draft;
    if (!draft) return;
    draft.subtitles = draft.subtitles.map((s) => (s.key === key && s.state !== 'sent' ? { ...s, language } : s));
    this._changed();
  }

  removeSubtitle(key: number): void {
    const draft = this._draft;
    if (!draft) return;
    draft.subtitles = draft.subtitles.filter((s) => s.key !== key || s.state === 'sent' || s.state === 'sending');
    this._changed();
  }

  private _refuse(draft: DetailsDraft, item: DetailsItem, err: unknown): void {
    const error = isUploaderError(err) ? toUploaderError(err) : detailsError('invalid-poster', { reason: 'unreadable', detail: String((err as Error)?.message ?? err) }, { cause: err });
    if (this._draft === draft) this._changed({ error, saved: draft.saved });
    this.deps.refused(item, error);
  }

  // ── saving ──────────────────────────────────────────────────────────────────────────────────

  /** Save: whatever changed and every subtitle not sent yet. Before the session's edit_url is known, saved when the upload ends. */
  async save(): Promise<void> {
    const draft = this._draft;
    const item = this.deps.item();
    if (!draft || !item || draft.saving) return;
    if (!item.editUrl) {
      // Before the session is there: kept, and sent once the bytes are up (or told there is no edit link).
      this.host.requestUpdate();
      return;
    }
    const fields: VideoDetailsFields = {};
    for (const f of draft.dirty) {
      if (f === 'name') fields.name = draft.title;
      if (f === 'description') fields.description = draft.description;
      if (f === 'poster' && draft.poster) fields.poster = draft.poster.dataUrl;
      if (f === 'screenshot_id' && draft.screenshotId !== null) fields.screenshot_id = draft.screenshotId;
    }
    if (fields.name !== undefined && !fields.name.trim()) delete fields.name;
    const subtitles = draft.subtitles.filter((s) => s.state === 'ready' || s.state === 'failed');
    if (Object.keys(fields).length === 0 && subtitles.length === 0) {
      this._changed({ saved: true, error: null });
      return;
    }
    const sent = new Set(draft.dirty);
    draft.dirty = new Set();
    this._changed({ saving: true, error: null });
    let error: GcoreUploaderError | null = null;
    if (Object.keys(fields).length > 0) {
      try {
        await this.deps.save(item.id, fields);
      } catch (err) {
        error = toUploaderError(err);
        for (const f of sent) draft.dirty.add(f); // still to be saved
      }
    }
    for (const sub of subtitles) {
      this._setSubtitle(draft, sub.key, { state: 'sending', error: null });
      try {
        await this.deps.addSubtitle(item.id, { language: sub.language, vtt: sub.vtt, name: sub.fileName.replace(/\.[^.]+$/, '') });
        this._setSubtitle(draft, sub.key, { state: 'sent' });
      } catch (err) {
        const e = toUploaderError(err);
        error ??= e;
        this._setSubtitle(draft, sub.key, { state: 'failed', error: e });
      }
    }
    if (this._draft !== draft) return;
    this._changed({ saving: false, saved: error === null && !this.pending, error });
  }

  private _setSubtitle(draft: DetailsDraft, key: number, patch: Partial<SubtitleDraft>): void {
    draft.subtitles = draft.subtitles.map((s) => (s.key === key ? { ...s, ...patch } : s));
    this.host.requestUpdate();
  }

  /** The bytes are up: what is not saved yet is saved now (once). */
  uploadEnded(itemId: string): void {
    const draft = this.draft;
    if (!draft || draft.itemId !== itemId || draft.autoSaved) return;
    draft.autoSaved = true;
    if (this.pending) void this.save();
  }

  hostUpdated(): void {
    // The draft follows the item (and is dropped, its object URL revoked, when the panel is turned off or the file goes away).
    const draft = this.draft;
    // An item whose bytes went up before the panel saw it (or a Save asked for before edit_url was known).
    const item = this.deps.item();
    if (draft && item && draft.itemId === item.id && !draft.autoSaved && BYTES_UP.has(item.state)) this.uploadEnded(item.id);
  }

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.host.isConnected) this._drop();
    });
  }
}
