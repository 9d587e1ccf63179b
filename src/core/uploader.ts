/**
 * `createUploader()`: the queue of items, each an explicit state machine (machine.ts) with one
 * AbortController, an immutable snapshot for UIs (`getSnapshot` / `subscribe`) and typed events
 * (`on` / `off`, the table in events.ts). No DOM, no Lit. Here: the queue (how many run at once,
 * pause and resume, also on the network's `offline` / `online`, cancel, retry, remove) and the API;
 * one item's way is item-runner.ts, a video's details are details-actions.ts, the item record item.ts.
 */
import { GcoreUploaderError } from '../errors.js';
import type { UploaderEventDetails, UploaderEventName } from './events.js';
import { loadUploadEngine } from '../lazy.js';
import { detailsActions } from './details-actions.js';
import { deferred, itemSnapshot, report, type Entry, type ItemContext } from './item.js';
import { itemRunner, type EngineParts } from './item-runner.js';
import { remembersUploads } from './resume/remembered.js';
import type { FileHandleLike } from './source.js';
import type { UnfinishedActions } from './unfinished-actions.js';
import type { UnfinishedUpload } from './resume/types.js';
import { checkLink } from './link.js';
import { ACTIVE_STATES, transition, uploaderState, type ItemState } from './machine.js';
import { aborted, CANCEL, STOP, type StopReason } from './signal.js';
import { hasVideo, totalProgress } from './snapshot.js';
import { metaOf } from './source.js';
import type { Uploader, UploaderListener, UploaderOptions, UploaderSnapshot } from './types.js';

export type { ItemSnapshot, Uploader, UploaderListener, UploaderOptions, UploaderSnapshot } from './types.js';

let nextId = 1;
const NONE: readonly UnfinishedUpload[] = Object.freeze([]);

export function createUploader<F = File>(initial: UploaderOptions<F> = {}): Uploader<F> {
  const o: UploaderOptions<F> = { ...initial };
  const loadEngine = () => (o.loadEngine ?? loadUploadEngine)();
  // The engine with this uploader's stores of unfinished uploads (made once, on first use).
  let parts: Promise<EngineParts> | null = null;
  const engineParts = () =>
    (parts ??= loadEngine().then(
      (engine) => ({ engine, storage: new engine.TokenFreeUrlStorage(o.resumeStore ?? engine.defaultResumeStore()), files: engine.fileStore() }),
      (err) => {
        parts = null;
        throw err;
      },
    ));
  const listeners = new Map<UploaderEventName, Set<UploaderListener<F, never>>>();
  const subscribers = new Set<() => void>();
  let entries: Entry<F>[] = [];
  let snapshot: UploaderSnapshot<F> | null = null;
  let destroyed = false;

  // ── state and news ──────────────────────────────────────────────────────────────────────────

  const changed = (e?: Entry<F>) => {
    if (e) e.snap = null;
    snapshot = null;
    for (const fn of [...subscribers]) report(fn);
  };

  const to = (e: Entry<F>, state: ItemState) => {
    if (e.state === state) return;
    e.state = transition(e.state, state);
    changed(e);
  };

  function emit<K extends UploaderEventName>(name: K, detail: UploaderEventDetails<F>[K], e: Entry<F>): void {
    const set = listeners.get(name);
    if (!set?.size) return;
    const item = itemSnapshot(e);
    for (const fn of [...set]) report(() => (fn as UploaderListener<F, K>)(detail, item));
  }

  function getSnapshot(): UploaderSnapshot<F> {
    if (snapshot) return snapshot;
    const items = Object.freeze(entries.map(itemSnapshot));
    snapshot = Object.freeze({
      state: uploaderState(items.map((i) => i.state)),
      items,
      progress: totalProgress(items),
      videoIds: Object.freeze(items.filter(hasVideo).map((i) => i.videoId!)),
      unfinished: resumer?.visible(entries) ?? NONE,
    });
    return snapshot;
  }

  // ── the queue: items start while fewer than maxConcurrent run (item-runner.ts runs each) ─────

  function pump(): void {
    if (destroyed) return;
    const limit = Math.max(1, Math.floor(o.maxConcurrent ?? 2) || 1);
    let active = entries.filter((e) => ACTIVE_STATES.has(e.state)).length;
    for (const e of entries) {
      if (active >= limit) break;
      if (e.state !== 'queued' || !e.wanted) continue;
      active++;
      e.running = run(e);
    }
  }

  /** Aborts an item's work; a queued item (nothing running) is failed here. */
  function stop(e: Entry<F>, reason: StopReason): void {
    e.controller.abort(reason);
    e.answer?.(false);
    // Cancelling a running upload forgets it (the server is asked to drop it); an item that failed or stopped before leaves it resumable.
    if (reason === CANCEL && ACTIVE_STATES.has(e.state)) resumer?.drop(e.uploadUrl ?? e.resumeKey);
    if (e.state === 'queued') fail(e, aborted());
  }

  const find = (id: string) => entries.find((e) => e.id === id);
  const targets = (id?: string) => (id === undefined ? entries : entries.filter((e) => e.id === id));
  const stoppable = (e: Entry<F>) => e.state === 'queued' || ACTIVE_STATES.has(e.state);

  // The network: pause on `offline`, resume on `online` (where there are such events).
  const g = globalThis as { addEventListener?: (n: string, f: () => void) => void; removeEventListener?: (n: string, f: () => void) => void };
  const offline = () => pause(undefined, 'network');
  const online = () => resume(undefined, 'network');
  const watching = o.watchNetwork !== false && typeof g.addEventListener === 'function';
  if (watching) {
    g.addEventListener!('offline', offline);
    g.addEventListener!('online', online);
  }

  const ctx: ItemContext<F> = { o, changed, to, emit, find };
  const { run, fail } = itemRunner(ctx, engineParts, pump);
  // Uploads earlier pages left unfinished (unfinished-actions.ts): made with the upload engine.
  let resumer: UnfinishedActions<F> | null = null;
  const resuming = () => engineParts().then((p) => (resumer ??= p.engine.unfinishedActions<F>(ctx, p, (input, resume) => addEntry(input, undefined, resume))));
  ctx.forgotten = (url) => resumer?.drop(url);
  // A page after a reload: what earlier pages left unfinished is listed without being asked.
  if (typeof window !== 'undefined' && remembersUploads(o.resumeStore ?? undefined)) queueMicrotask(() => void resuming().then((r) => r.refreshUnfinished()).catch(() => {}));

  // ── the API ─────────────────────────────────────────────────────────────────────────────────

  function pause(id?: string, reason: 'user' | 'network' = 'user'): void {
    for (const e of targets(id)) {
      if (e.state !== 'uploading' || !e.job) continue;
      e.offline = reason === 'network';
      if (!e.job.pause()) continue;
      changed(e);
      emit('upload-pause', { file: e.input as F, videoId: e.videoId, reason }, e);
    }
  }

  function resume(id?: string, reason: 'user' | 'network' = 'user'): void {
    for (const e of targets(id)) {
      if (reason === 'network' && !e.offline) continue;
      e.offline = false;
      if (e.state !== 'paused' || !e.job?.resume()) continue;
      changed(e);
      emit('upload-resume', { file: e.input as F, videoId: e.videoId, reason }, e);
    }
  }

  const settledAll = (list: Entry<F>[]) => Promise.all(list.map((e) => e.running)).then(() => {});

  function addEntry(input: F | string, fileOptions?: Parameters<Uploader<F>['add']>[1], resume?: { resumeKey: string; handle: FileHandleLike | null }): string {
      if (destroyed) throw new Error('gcore-uploader: this uploader was destroyed');
      const url = typeof input === 'string' ? checkLink(input).href : null;
      const e: Entry<F> = {
        id: `u${nextId++}`,
        input: url === null ? (input as F) : null,
        url,
        meta: url === null ? metaOf(input, fileOptions) : { name: url, size: 0, type: '' },
        state: 'queued',
        controller: new AbortController(),
        wanted: o.autoStart !== false,
        job: null,
        progress: null,
        videoId: null,
        video: null,
        error: null,
        offline: false,
        previous: null,
        editUrl: null,
        autoCaptions: null,
        answer: null,
        uploadUrl: null,
        otherTab: null,
        resumeKey: resume?.resumeKey ?? null,
        handle: resume?.handle ?? fileOptions?.handle ?? null,
        running: Promise.resolve(),
        done: deferred(),
        snap: null,
      };
      entries = [...entries, e];
      // A file is coming: the upload engine is needed now (loaded once; its failure is the item's to report).
      if (url === null) void loadEngine().catch(() => {});
      changed();
      pump();
      return e.id;
  }

  const uploader: Uploader<F> = {
    add: (input, fileOptions) => addEntry(input, fileOptions),
    start(id) {
      for (const e of targets(id)) e.wanted = true;
      pump();
    },
    pause: (id) => pause(id),
    resume: (id) => resume(id),
    confirmResume(id, yes) {
      find(id)?.answer?.(yes);
    },
    cancel(id) {
      const list = targets(id).filter(stoppable);
      for (const e of list) stop(e, CANCEL);
      return settledAll(list);
    },
    retry(id) {
      const e = find(id);
      if (!e || destroyed || (e.state !== 'error' && e.state !== 'cancelled')) return;
      Object.assign(e, { controller: new AbortController(), wanted: true, progress: null, videoId: null, video: null, error: null, offline: false, editUrl: null, autoCaptions: null, otherTab: null, done: deferred() });
      to(e, 'queued');
      pump();
    },
    remove(id) {
      const e = find(id);
      if (!e) return;
      stop(e, CANCEL);
      entries = entries.filter((x) => x !== e);
      changed();
      pump();
    },
    reset() {
      const list = entries;
      for (const e of list) stop(e, CANCEL);
      entries = [];
      changed();
      return settledAll(list);
    },
    destroy() {
      destroyed = true;
      resumer?.stop();
      if (watching) {
        g.removeEventListener?.('offline', offline);
        g.removeEventListener?.('online', online);
      }
      const list = entries;
      for (const e of list) stop(e, STOP);
      return settledAll(list).then(() => {
        listeners.clear();
        subscribers.clear();
      });
    },
    settled(id) {
      return find(id)?.done.promise ?? Promise.reject(new GcoreUploaderError('aborted', { params: { detail: `no item ${id}` } }));
    },
    getSnapshot,
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as UploaderListener<F, never>);
      return () => uploader.off(name, listener);
    },
    off(name, listener) {
      listeners.get(name)?.delete(listener as UploaderListener<F, never>);
    },
    ...detailsActions(ctx),
    resumeUnfinished: (key, file, options) => resuming().then((r) => r.resumeUnfinished(key, file, options)),
    discardUnfinished: (key) => resuming().then((r) => r.discardUnfinished(key)),
    refreshUnfinished: () => resuming().then((r) => r.refreshUnfinished()),
    configure(patch) {
      Object.assign(o, patch);
      resumer?.reconsider();
      pump();
    },
  };
  return uploader;
}
