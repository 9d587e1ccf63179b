/**
 * One item's way, once the queue starts it: a file is checked and uploaded with the upload engine
 * (engine.ts, loaded on first use: tus-js-client and the job), a link is imported through the
 * backend; then Gcore's processing is followed (follow.ts) while there is a status source. A failure
 * or a cancel ends the item (`upload-error`) and settles its promise.
 */
import { assetFailure, GcoreUploaderError, toUploaderError, type LoadErrorCode, type ProcessingErrorCode, type UploadErrorCode } from '../errors.js';
import { checkFile } from '../file-check.js';
import { canFollow, followStatus } from './follow.js';
import type { TokenFreeUrlStorage, UploadJob } from './engine.js';
import type { FileStore } from './resume/files.js';
import type { SessionSource } from './job.js';
import type { Entry, ItemContext } from './item.js';
import { ACTIVE_STATES, TransitionError } from './machine.js';
import { aborted, withSignal } from './signal.js';
import type { UploaderOptions } from './types.js';

type EngineModule = typeof import('./engine.js');

/** The upload engine and the stores it keeps unfinished uploads in (one of each per uploader). */
export interface EngineParts {
  engine: EngineModule;
  storage: TokenFreeUrlStorage;
  files: FileStore;
}

export interface ItemRunner<F> {
  /** Runs the item to its end; then the queue goes on (`pump`). */
  run(e: Entry<F>): Promise<void>;
  /** Ends the item with `error` (an upload-error event), or `cancelled` when `error` is `aborted`. */
  fail(e: Entry<F>, error: GcoreUploaderError): void;
}

export function itemRunner<F>(ctx: ItemContext<F>, engineParts: () => Promise<EngineParts>, pump: () => void): ItemRunner<F> {
  const { o, changed, to, emit } = ctx;

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
    const source = sessionSource(o);
    let parts: EngineParts;
    try {
      parts = await withSignal(engineParts(), signal);
    } catch (err) {
      // Never a hang: the item fails with `asset-load-failed` (Retry loads it again), and the `error` event names the part.
      const asset = signal.aborted ? null : assetFailure(err);
      if (asset) emit('error', { code: 'asset-load-failed', message: asset.message, asset: String(asset.params.asset) }, e);
      throw err;
    }
    const { engine, storage, files } = parts;
    const resumeFrom = e.resumeKey ? await storage.findByUrl(e.resumeKey) : null;
    // Forgotten meanwhile (another tab finished it, or it expired): nothing to resume into.
    if (e.resumeKey && !resumeFrom) throw new GcoreUploaderError('upload-expired', { params: { detail: 'no longer remembered' } });
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
      resumeFrom,
      files,
      handle: e.handle,
      keepCopy: o.keepCopy === true,
      keepCopyDays: o.keepCopyDays,
      from: !o.session && !o.getSession && o.sessionUrl ? o.sessionUrl : undefined,
      onOtherTab: (progress) => {
        e.otherTab = progress;
        changed(e);
      },
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
        e.uploadUrl = job.uploadUrl;
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

  function fail(e: Entry<F>, error: GcoreUploaderError): void {
    if (error.code === 'upload-expired') ctx.forgotten?.(e.uploadUrl ?? e.resumeKey);
    e.answer = null;
    e.previous = null;
    e.error = error.code === 'aborted' ? null : error;
    to(e, error.code === 'aborted' ? 'cancelled' : 'error');
    emit('upload-error', { ...error.toDetail(), code: error.code as UploadErrorCode | LoadErrorCode, file: e.input }, e);
    e.done.reject(error);
  }

  return { run, fail };
}

/** What the session says about editing the video: its `edit_url` and `auto_captions` (gcore-uploader/server). */
function sessionDetails<F>(e: Entry<F>, session: { edit_url?: unknown; auto_captions?: unknown } | null): void {
  if (!session) return;
  if (typeof session.edit_url === 'string' && session.edit_url) e.editUrl = session.edit_url;
  if (typeof session.auto_captions === 'boolean') e.autoCaptions = session.auto_captions;
}

/** Where the item's upload session comes from: given, from `getSession`, or from `sessionUrl`. */
function sessionSource<F>(o: UploaderOptions<F>): SessionSource<F> {
  if (o.session) return { session: o.session };
  if (o.getSession) return { getSession: o.getSession };
  if (o.sessionUrl) return { sessionUrl: o.sessionUrl, autoCaptions: o.autoCaptions === true };
  throw new GcoreUploaderError('invalid-session', { params: { reason: 'no-source' } });
}
