/** The core's public shapes: options, snapshots, the uploader's API. */
import type { GcoreUploaderError } from '../errors.js';
import type { GcoreUploadSession } from '../session.js';
import type { GcoreVideo } from '../status/video.js';
import type { UploaderEventDetails, UploaderEventName } from './events.js';
import type { PreviousUploadInfo, ResumePolicy } from './job.js';
import type { ItemState, UploaderState } from './machine.js';
import type { UploadProgress } from './progress.js';
import type { ResumeStore } from './resume/store.js';
import type { FileOptions } from './source.js';

export interface UploaderOptions<F = File> {
  /** Gcore's upload session, or its JSON text. Wins over `getSession` and `sessionUrl`. */
  session?: GcoreUploadSession | string | null;
  /** Your own way to get a session for a file. Wins over `sessionUrl`. */
  getSession?: ((file: F, signal?: AbortSignal) => Promise<GcoreUploadSession | string>) | null;
  /** A backend URL answering `POST {name, size, type}` with a session. */
  sessionUrl?: string | null;
  /** Bytes per PATCH (default 10 000 000). */
  chunkSize?: number;
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
  /** Start added items by themselves (default true); else `start(id)`. */
  autoStart?: boolean;
  /** Pause on the browser's `offline` event, resume on `online` (default true where those events exist). */
  watchNetwork?: boolean;
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
}

export interface UploaderSnapshot<F = File> {
  readonly state: UploaderState;
  readonly items: readonly ItemSnapshot<F>[];
  /** Every item's bytes together (null before any upload started). */
  readonly progress: UploadProgress | null;
  /** The videos uploaded or imported so far. */
  readonly videoIds: readonly string[];
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
  /** Changes options; items already running keep theirs. */
  configure(options: Partial<UploaderOptions<F>>): void;
}
