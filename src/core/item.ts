/**
 * One item of the queue as the uploader keeps it (`Entry`: its state, its AbortController, its job and
 * what Gcore answered), the frozen snapshot UIs read of it, and what the queue's parts share: the
 * options, the state changes (machine.ts), the news to subscribers and the typed events.
 */
import type { GcoreUploaderError } from '../errors.js';
import type { GcoreVideo } from '../status/video.js';
import type { UploaderEventDetails, UploaderEventName } from './events.js';
import type { UploadJob } from './engine.js';
import type { PreviousUploadInfo } from './job.js';
import type { ItemState } from './machine.js';
import type { UploadProgress } from './progress.js';
import type { FileHandleLike, metaOf } from './source.js';
import type { OtherTabProgress } from './resume/types.js';
import type { ItemSnapshot, UploaderOptions } from './types.js';

export interface Entry<F> {
  id: string;
  input: F | null;
  url: string | null;
  meta: ReturnType<typeof metaOf>;
  state: ItemState;
  controller: AbortController;
  wanted: boolean;
  job: UploadJob<F> | null;
  progress: UploadProgress | null;
  videoId: string | null;
  video: GcoreVideo | null;
  error: GcoreUploaderError | null;
  offline: boolean;
  previous: PreviousUploadInfo | null;
  editUrl: string | null;
  autoCaptions: boolean | null;
  answer: ((yes: boolean) => void) | null;
  /** The tus upload URL, once known. */
  uploadUrl: string | null;
  /** Waiting for another tab that uploads the same upload (its progress), else null. */
  otherTab: OtherTabProgress | null;
  /** resumeUnfinished(): the remembered upload this item resumes (its key, the upload URL). */
  resumeKey: string | null;
  /** Where the file came from (kept beside the upload URL for a resume in one click). */
  handle: FileHandleLike | null;
  running: Promise<void>;
  done: Deferred;
  snap: ItemSnapshot<F> | null;
}

export interface Deferred {
  promise: Promise<string>;
  resolve(id: string): void;
  reject(e: GcoreUploaderError): void;
}

export function deferred(): Deferred {
  const d = {} as Deferred;
  d.promise = new Promise<string>((resolve, reject) => Object.assign(d, { resolve, reject }));
  d.promise.catch(() => {}); // reported through events; settled() callers see the rejection
  return d;
}

/** What the queue's parts (item-runner.ts, details-actions.ts) get from the uploader. */
export interface ItemContext<F> {
  readonly o: UploaderOptions<F>;
  /** An item (or the list) changed: its snapshot is made again, subscribers hear of it. */
  changed(e?: Entry<F>): void;
  /** Moves an item to `state` (machine.ts checks the transition). */
  to(e: Entry<F>, state: ItemState): void;
  emit<K extends UploaderEventName>(name: K, detail: UploaderEventDetails<F>[K], e: Entry<F>): void;
  find(id: string): Entry<F> | undefined;
  /** The upload of this URL is forgotten (the server no longer has it): it is not listed as unfinished any more. */
  forgotten?(uploadUrl: string | null): void;
}

/** The item's frozen snapshot, made again only after it changed. */
export function itemSnapshot<F>(e: Entry<F>): ItemSnapshot<F> {
  return (e.snap ??= Object.freeze({
    id: e.id,
    state: e.state,
    file: e.input,
    url: e.url,
    name: e.url ?? e.meta.name,
    size: e.url ? null : e.meta.size,
    progress: e.job?.progress.current ?? e.progress,
    videoId: e.videoId,
    video: e.video,
    error: e.error,
    offline: e.offline,
    previous: e.previous,
    editUrl: e.editUrl,
    autoCaptions: e.autoCaptions,
    uploadUrl: e.uploadUrl,
    otherTab: e.otherTab,
  }));
}

/** A listener that throws must not break the uploader. */
export function report(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('gcore-uploader: a listener threw', err);
  }
}
