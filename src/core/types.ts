/** The core's public shapes: options, snapshots, the uploader's API. */
import type { GcoreUploaderError } from '../errors.js';
import type { GcoreUploadSession } from '../session.js';
import type { GcoreVideo } from '../status/video.js';
import type { UploaderEventDetails, UploaderEventName } from './events.js';
import type { ChunkSizeSetting } from './chunking.js';
import type { PreviousUploadInfo, ResumePolicy } from './job.js';
import type { ItemState, UploaderState } from './machine.js';
import type { UploadProgress } from './progress.js';
import type { ResumeStore } from './resume/store.js';
import type { FileOptions } from './source.js';
import type { GcoreSubtitle, SubtitleInput, VideoDetailsFields } from './details.js';
import type { OtherTabProgress, ResumeScope, UnfinishedUpload } from './resume/types.js';

export interface UploaderOptions<F = File> {
  /** Gcore's upload session, or its JSON text. Wins over `getSession` and `sessionUrl`. */
  session?: GcoreUploadSession | string | null;
  /** Your own way to get a session for a file. Wins over `sessionUrl`. */
  getSession?: ((file: F, signal?: AbortSignal) => Promise<GcoreUploadSession | string>) | null;
  /** A backend URL answering `POST {name, size, type}` with a session. */
  sessionUrl?: string | null;
  /**
   * Bytes per PATCH, or `auto` (the default): each chunk sized to carry about `chunkTargetSeconds` of
   * the measured throughput, within `minChunkSize`…`maxChunkSize` (policy/chunk-size.ts).
   */
  chunkSize?: ChunkSizeSetting | null;
  /** With `auto`: seconds of throughput one chunk should carry (default 8). */
  chunkTargetSeconds?: number | null;
  /** With `auto`: the first and smallest chunk, in bytes (default 4 MiB). */
  minChunkSize?: number | null;
  /** With `auto`: the largest chunk, in bytes (default 128 MiB; a 413 answer lowers it for that upload). */
  maxChunkSize?: number | null;
  /** ms before each retry of a failed tus request (default policy/retry.ts). */
  retryDelays?: readonly number[];
  /** Like the HTML `accept` attribute (default: Gcore's formats). */
  accept?: string;
  maxFileSize?: number | null;
  /** An unfinished upload of the same file: `auto` resumes, `ask` waits for confirmResume(), `never` starts afresh. */
  resume?: ResumePolicy;
  /** A URL template with `{id}` answering Gcore's video object; default the session's `status_url`. */
  statusUrl?: string | null;
  getStatus?: ((videoId: string, signal?: AbortSignal) => Promise<GcoreVideo | GcoreVideo[]>) | null;
  /** ms between status requests (default 2000). */
  pollInterval?: number;
  /** The backend's import route, for `add(link)`. */
  importUrl?: string | null;
  /** How many items upload at once (default 2). */
  maxConcurrent?: number;
  /** Where unfinished uploads are remembered: localStorage in browsers, memory elsewhere. */
  resumeStore?: ResumeStore;
  /** Which remembered uploads `unfinished` lists: the current session's (default `session`) or the whole origin's. */
  resumeScope?: ResumeScope | null;
  /** Hours an unfinished upload is remembered (default 24); older ones are forgotten. */
  resumeTtlHours?: number | null;
  /** Keep a copy of each file in the Origin Private File System while it uploads, so that it resumes after a reload without choosing it again (default false; browsers with OPFS). */
  keepCopy?: boolean;
  /** Days a copy is kept at most (default 3); a copy is deleted as soon as its upload is complete or discarded. */
  keepCopyDays?: number | null;
  /** Start added items by themselves (default true); else `start(id)`. */
  autoStart?: boolean;
  /** Pause on the browser's `offline` event, resume on `online` (default true where those events exist). */
  watchNetwork?: boolean;
  /** With `sessionUrl`: ask the backend for Gcore's AI captions (`autoCaptions: true` in the POST body; the backend decides). */
  autoCaptions?: boolean;
  /** What a relative `edit_url` is relative to, where there is no page (Node): default the `sessionUrl`, else the page's location. */
  baseUrl?: string | null;
  /** Loads the details client (default: lazy.ts, a chunk of its own or `details.mjs`). */
  loadDetails?: () => Promise<typeof import('./details.js')>;
  /** Loads the upload engine (default: lazy.ts, a chunk of its own or `upload.mjs`). */
  loadEngine?: () => Promise<typeof import('./engine.js')>;
  /** Loads the status poller (default: lazy.ts, a chunk of its own or `status.mjs`). */
  loadPoller?: () => Promise<typeof import('../status/poller.js')>;
}

/** One file or link, as UIs read it. A new object whenever anything in it changes. */
export interface ItemSnapshot<F = File> {
  readonly id: string;
  readonly state: ItemState;
  /** What was given to add(), or null for a link. */
  readonly file: F | null;
  /** The link of an import, or null. */
  readonly url: string | null;
  /** The file's name, or the link. */
  readonly name: string;
  readonly size: number | null;
  readonly progress: UploadProgress | null;
  readonly videoId: string | null;
  readonly video: GcoreVideo | null;
  readonly error: GcoreUploaderError | null;
  /** Paused because the network went away (resumes by itself). */
  readonly offline: boolean;
  /** In `confirm-resume`: the unfinished upload found (answer with confirmResume). */
  readonly previous: PreviousUploadInfo | null;
  /** The session's signed `edit_url` (gcore-uploader/server), once the session is there; null without one (e.g. a resumed upload). */
  readonly editUrl: string | null;
  /** The session answer's `auto_captions` (whether the video asks Gcore for AI captions), or null when it did not say. */
  readonly autoCaptions: boolean | null;
  /** The tus upload URL once the server created (or still had) the upload. */
  readonly uploadUrl: string | null;
  /** Waiting while another tab of this origin uploads the same upload (its progress); the item takes over when that tab closes. */
  readonly otherTab: OtherTabProgress | null;
}

export interface UploaderSnapshot<F = File> {
  readonly state: UploaderState;
  readonly items: readonly ItemSnapshot<F>[];
  /** Every item's bytes together (null before any upload started). */
  readonly progress: UploadProgress | null;
  /** The videos uploaded or imported so far. */
  readonly videoIds: readonly string[];
  /** Uploads an earlier page left unfinished (within `resumeScope`), not yet resumed or discarded here. */
  readonly unfinished: readonly UnfinishedUpload[];
}

export type UploaderListener<F, K extends UploaderEventName> = (detail: UploaderEventDetails<F>[K], item: ItemSnapshot<F>) => void;

export interface Uploader<F = File> {
  /** Adds a file (in Node also a Buffer or a stream, with `{name, type, size}`) or a link; returns the item's id. Throws for a bad link. */
  add(input: F | string, options?: FileOptions): string;
  /** Starts queued items (with `autoStart: false`), within `maxConcurrent`. */
  start(id?: string): void;
  pause(id?: string): void;
  resume(id?: string): void;
  /** Answers `confirm-resume`: true resumes, false starts afresh. */
  confirmResume(id: string, resume: boolean): void;
  /** Stops the item(s) for good; the server is asked to drop the upload. Resolves when they have stopped. */
  cancel(id?: string): Promise<void>;
  /** A failed or cancelled item again, resuming what the server has. */
  retry(id: string): void;
  /** Stops (as cancel) and drops the item. */
  remove(id: string): void;
  /** Stops and drops every item. */
  reset(): Promise<void>;
  /** Stops everything, keeping uploads resumable (no DELETE); the uploader takes nothing new. */
  destroy(): Promise<void>;
  /** Resolves with the video id when the item's bytes are up (or its import started); rejects with its error. */
  settled(id: string): Promise<string>;
  getSnapshot(): UploaderSnapshot<F>;
  subscribe(listener: () => void): () => void;
  on<K extends UploaderEventName>(name: K, listener: UploaderListener<F, K>): () => void;
  off<K extends UploaderEventName>(name: K, listener: UploaderListener<F, K>): void;
  /**
   * Changes the video's title (`name`), description, poster (a JPEG/PNG/WebP data URL ≤ 1 000 000 bytes)
   * or default screenshot through the item's `edit_url`; resolves with Gcore's video. Emits `details-saved`
   * or `details-error`; rejects with the GcoreUploaderError (`details-save-failed`, `poster-too-large`…).
   */
  saveDetails(id: string, fields: VideoDetailsFields): Promise<GcoreVideo>;
  /** Adds a WebVTT subtitle (ISO 639-2 `language`) through the item's `edit_url`; emits `details-saved` (`fields: ['subtitle']`) or `details-error`. */
  addSubtitle(id: string, subtitle: SubtitleInput): Promise<GcoreSubtitle>;
  /**
   * Resumes an unfinished upload (`getSnapshot().unfinished`) into its video, adding an item; resolves with
   * the item's id. The bytes come from `file` when given (it must match the remembered fingerprint, else the
   * item fails with `resume-file-mismatch` and nothing is sent), else from the kept file handle (asks for read
   * permission: call it inside a click) or the OPFS copy. Rejects with `resume-file-unavailable` when the file
   * must be chosen again.
   */
  resumeUnfinished(key: string, file?: F, options?: Pick<FileOptions, 'handle'>): Promise<string>;
  /** Forgets an unfinished upload (its entry, file handle and copy) and asks the server to drop it (tus DELETE). */
  discardUnfinished(key: string): Promise<void>;
  /** Looks again at what this origin remembers (asking each upload's server for its offset); resolves with the new list. */
  refreshUnfinished(): Promise<readonly UnfinishedUpload[]>;
  /** Changes options; items already running keep theirs. */
  configure(options: Partial<UploaderOptions<F>>): void;
}
