/**
 * `createUploader()`: the queue of items, each an explicit state machine (machine.ts) with one
 * AbortController, an immutable snapshot for UIs (`getSnapshot` / `subscribe`) and typed events
 * (`on` / `off`, the table in events.ts). No DOM, no Lit.
 */
import { assetFailure, GcoreUploaderError, toUploaderError, type DetailsErrorCode, type LoadErrorCode, type ProcessingErrorCode, type UploadErrorCode } from '../errors.js';
import { checkFile } from '../file-check.js';
import type { GcoreVideo } from '../status/video.js';
import type { DetailsSavedField, UploaderEventDetails, UploaderEventName } from './events.js';
import { canFollow, followStatus } from './follow.js';
import type { TokenFreeUrlStorage, UploadJob } from './engine.js';
import type { PreviousUploadInfo, SessionSource } from './job.js';
import { loadDetailsClient, loadUploadEngine } from '../lazy.js';
import type { GcoreSubtitle, VideoDetailsField } from './details.js';
import { checkLink } from './link.js';
import { ACTIVE_STATES, transition, TransitionError, uploaderState, type ItemState } from './machine.js';
import type { UploadProgress } from './progress.js';
import { aborted, CANCEL, STOP, withSignal, type StopReason } from './signal.js';
import { hasVideo, totalProgress } from './snapshot.js';
import { metaOf } from './source.js';
import type { ItemSnapshot, Uploader, UploaderListener, UploaderOptions, UploaderSnapshot } from './types.js';

export type { ItemSnapshot, Uploader, UploaderListener, UploaderOptions, UploaderSnapshot } from './types.js';

interface Entry<F> {
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
  running: Promise<void>;
  done: Deferred;
  snap: ItemSnapshot<F> | null;
}

interface Deferred {
  promise: Promise<string>;
  resolve(id: string): void;
  reject(e: GcoreUploaderError): void;
}

function deferred(): Deferred {
  const d = {} as Deferred;
  d.promise = new Promise<string>((resolve, reject) => Object.assign(d, { resolve, reject }));
  d.promise.catch(() => {}); // reported through events; settled() callers see the rejection
  return d;
}

type DetailsClient = typeof import('./details.js');

let nextId = 1;

export function createUploader<F = File>(initial: UploaderOptions<F> = {}): Uploader<F> {
  const o: UploaderOptions<F> = { ...initial };
  const resumeStore = o.resumeStore;
  /** Made with the upload engine (loaded on first use). */
  let storage: TokenFreeUrlStorage | null = null;
  const loadEngine = () => (o.loadEngine ?? loadUploadEngine)();
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

  function itemSnapshot(e: Entry<F>): ItemSnapshot<F> {
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
    }));
  }

  function getSnapshot(): UploaderSnapshot<F> {
    if (snapshot) return snapshot;
    const items = Object.freeze(entries.map(itemSnapshot));
    snapshot = Object.freeze({
      state: uploaderState(items.map((i) => i.state)),
      items,
      progress: totalProgress(items),
      videoIds: Object.freeze(items.filter(hasVideo).map((i) => i.videoId!)),
    });
    return snapshot;
  }

  // ── one item's way ──────────────────────────────────────────────────────────────────────────

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

  async function run(e: Entry<F>): Promise<void> {
    const { signal } = e.controller;
    try {
      to(e, 'preparing');
      if (e.url !== null) await runImport(e, signal);
      else await runUpload(e, signal);
    } catch (err) {
      if (err instanceof TransitionError) throw err;
      if (e.state === 'queued' || ACTIVE_STATES.has(e.state)) fail(e, signal.aborted ? aborted() : toUploaderError(err));
    } finally {
      e.job = null;
      pump();
    }
  }

  async function runUpload(e: Entry<F>, signal: AbortSignal): Promise<void> {
    const file = e.input as F;
    checkFile(e.meta, { accept: o.accept, maxFileSize: o.maxFileSize ?? undefined });
    const source = sessionSource();
    let engine: Awaited<ReturnType<typeof loadEngine>>;
    try {
      engine = await withSignal(loadEngine(), signal);
    } catch (err) {
      // Never a hang: the item fails with `asset-load-failed` (Retry loads it again), and the `error` event names the part.
      const asset = signal.aborted ? null : assetFailure(err);
      if (asset) emit('error', { code: 'asset-load-failed', message: asset.message, asset: String(asset.params.asset) }, e);
      throw err;
    }
    storage ??= new engine.TokenFreeUrlStorage(resumeStore ?? engine.defaultResumeStore());
    const job: UploadJob<F> = new engine.UploadJob<F>({
      input: file,
      meta: e.meta,
      source,
      signal,
      storage,
      chunkSize: o.chunkSize,
      chunkTargetSeconds: o.chunkTargetSeconds,
      minChunkSize: o.minChunkSize,
      maxChunkSize: o.maxChunkSize,
      retryDelays: o.retryDelays,
      resume: o.resume,
      confirmResume: (previous) =>
        new Promise<boolean>((resolve) => {
          e.previous = previous;
          e.answer = (yes) => {
            e.answer = null;
            e.previous = null;
            resolve(yes);
          };
          changed(e);
        }),
      onPhase: (phase) => to(e, phase),
      onStart: (info) => {
        e.videoId = info.videoId;
        sessionDetails(e, job.session);
        changed(e);
        emit('upload-start', { file, ...info }, e);
      },
      onProgress: (p) => {
        changed(e);
        emit('upload-progress', { file, bytesUploaded: p.bytesUploaded, bytesTotal: p.bytesTotal, percent: p.percent, bytesPerSecond: p.bytesPerSecond, secondsLeft: p.secondsLeft }, e);
      },
      onChunkComplete: (chunk) => {
        changed(e);
        emit('chunk-complete', { file, ...chunk }, e);
      },
    });
    e.job = job;
    e.videoId = job.videoId;
    sessionDetails(e, job.session);
    const videoId = await job.run();
    e.progress = job.progress.current;
    e.videoId = videoId;
    to(e, 'success');
    emit('upload-success', { videoId, file }, e);
    e.done.resolve(videoId);
    await follow(e, signal, job.session?.status_url);
  }

  async function runImport(e: Entry<F>, signal: AbortSignal): Promise<void> {
    if (!o.importUrl) throw new GcoreUploaderError('import-failed', { params: { reason: 'no-route' } });
    const { importFromLink } = await withSignal(import('../import.js'), signal);
    const { videoId, video, statusUrl } = await importFromLink(o.importUrl, e.url!, signal);
    if (signal.aborted) throw aborted();
    e.videoId = videoId;
    e.video = video;
    emit('import-start', { url: e.url!, videoId, video }, e);
    e.done.resolve(videoId);
    if (!(await follow(e, signal, statusUrl))) to(e, 'success');
  }

  /** Follows Gcore's processing while there is a status source; false when there is none. */
  async function follow(e: Entry<F>, signal: AbortSignal, sessionStatusUrl?: string): Promise<boolean> {
    if (!e.videoId || !canFollow(o, sessionStatusUrl)) return false;
    to(e, 'processing');
    const file = e.input;
    await followStatus(o, e.videoId, sessionStatusUrl, signal, {
      video: (video) => ((e.video = video), changed(e)),
      status: (status, video) => emit('status-change', { status, video, file }, e),
      viewable: (video) => emit('video-viewable', { video, file }, e),
      ready: (video) => (to(e, 'ready'), emit('video-ready', { video, file }, e)),
      failed: (error, video) => {
        e.error = error;
        e.video = video ?? e.video;
        to(e, 'error');
        emit('processing-error', { code: error.code as ProcessingErrorCode, message: error.message, video, file }, e);
      },
      assetFailed: (error) => emit('error', { code: 'asset-load-failed', message: error.message, asset: String(error.params.asset) }, e),
    });
    return true;
  }

  /** What the session says about editing the video: its `edit_url` and `auto_captions` (gcore-uploader/server). */
  function sessionDetails(e: Entry<F>, session: { edit_url?: unknown; auto_captions?: unknown } | null): void {
    if (!session) return;
    if (typeof session.edit_url === 'string' && session.edit_url) e.editUrl = session.edit_url;
    if (typeof session.auto_captions === 'boolean') e.autoCaptions = session.auto_captions;
  }

  // ── a video's details, through the session's edit_url (details client loaded on first use) ─────

  const detailsBase = () => o.baseUrl ?? (o.sessionUrl && /^https?:\/\//i.test(o.sessionUrl) ? o.sessionUrl : null);

  async function details<T>(id: string, fields: DetailsSavedField[], send: (client: DetailsClient, editUrl: string, signal: AbortSignal) => Promise<T>): Promise<T> {
    const e = find(id);
    if (!e) throw new GcoreUploaderError('details-save-failed', { params: { reason: 'no-edit-url', detail: `no item ${id}` } });
    const { signal } = e.controller;
    try {
      if (!e.editUrl) throw new GcoreUploaderError('details-save-failed', { params: { reason: 'no-edit-url' } });
      const client = await withSignal((o.loadDetails ?? loadDetailsClient)(), signal);
      const result = await send(client, e.editUrl, signal);
      const video = fields[0] === 'subtitle' ? null : (result as GcoreVideo);
      if (video) {
        e.video = e.video ? { ...e.video, ...video } : video;
        changed(e);
      }
      emit('details-saved', { file: e.input, videoId: e.videoId, fields, video, subtitle: video ? null : (result as GcoreSubtitle) }, e);
      return result;
    } catch (err) {
      const error = signal.aborted ? aborted() : toUploaderError(err);
      if (error.code !== 'aborted') emit('details-error', { file: e.input, videoId: e.videoId, code: error.code as DetailsErrorCode, message: error.message, params: error.params }, e);
      throw error;
    }
  }

  function fail(e: Entry<F>, error: GcoreUploaderError): void {
    e.answer = null;
    e.previous = null;
    e.error = error.code === 'aborted' ? null : error;
    to(e, error.code === 'aborted' ? 'cancelled' : 'error');
    emit('upload-error', { ...error.toDetail(), code: error.code as UploadErrorCode | LoadErrorCode, file: e.input }, e);
    e.done.reject(error);
  }

  function sessionSource(): SessionSource<F> {
    if (o.session) return { session: o.session };
    if (o.getSession) return { getSession: o.getSession };
    if (o.sessionUrl) return { sessionUrl: o.sessionUrl, autoCaptions: o.autoCaptions === true };
    throw new GcoreUploaderError('invalid-session', { params: { reason: 'no-source' } });
  }

  /** Aborts an item's work; a queued item (nothing running) is failed here. */
  function stop(e: Entry<F>, reason: StopReason): void {
    e.controller.abort(reason);
    e.answer?.(false);
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

  const uploader: Uploader<F> = {
    add(input, fileOptions) {
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
    },
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
      Object.assign(e, { controller: new AbortController(), wanted: true, progress: null, videoId: null, video: null, error: null, offline: false, editUrl: null, autoCaptions: null, done: deferred() });
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
    saveDetails(id, fields) {
      return details(id, Object.keys(fields).filter((k) => fields[k as VideoDetailsField] !== undefined) as VideoDetailsField[], (client, editUrl, signal) =>
        client.patchVideoDetails(editUrl, fields, { signal, base: detailsBase() }),
      );
    },
    addSubtitle(id, subtitle) {
      return details(id, ['subtitle'], (client, editUrl, signal) => client.postSubtitle(editUrl, subtitle, { signal, base: detailsBase() }));
    },
    configure(patch) {
      Object.assign(o, patch);
      pump();
    },
  };
  return uploader;
}

/** A listener that throws must not break the uploader. */
function report(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('gcore-uploader: a listener threw', err);
  }
}
