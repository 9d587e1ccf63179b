/**
 * One file's bytes to Gcore: resume lookup, session, tus upload across the session's servers.
 *
 * - Before a session is asked for, a previous upload of the same file is looked up; when found it is
 *   resumed into the video it was started for.
 * - A fresh upload goes to `http(s)://{hostname}/upload/` of the first usable server, with Gcore's
 *   metadata; a server that cannot be reached hands over to the next one.
 * - Chunks: a fixed size, or `auto` (policy/chunk-size.ts): each PATCH is timed, and the next one's
 *   size set from it (tus-js-client reads `options.chunkSize` afresh for every PATCH); a failed chunk
 *   halves the size, a 413 halves it, sends that chunk again and keeps the lower limit.
 * - Resuming after a reload (resume/): the fingerprint adds a SHA-256 of the file's first and last 64 KiB
 *   (read once the server created the upload, while the first chunk travels; first, before anything is
 *   sent, only when an upload of a file with the same name, size and date is remembered, or for resumeUnfinished());
 *   the file handle or an OPFS copy (`keepCopy`) is kept beside the upload URL; a Web Lock per upload URL
 *   lets one tab upload it at a time (another waits, showing the first one's progress). A 404/410 forgets
 *   the upload (`upload-expired`); a 401/403 (`upload-forbidden`) keeps it resumable.
 * - Retries follow policy/retry.ts. Everything stops when `signal` aborts; a terminating abort also
 *   forgets the upload and asks the server (once, in the background) to drop it.
 *
 * This module and tus-js-client are the upload engine, loaded on first use (core/engine.ts, lazy.ts).
 */
import { Upload, type DetailedError, type HttpRequest, type HttpResponse, type PreviousUpload, type UploadOptions, type UrlStorage } from 'tus-js-client';
import { GcoreUploaderError, toUploaderError } from '../errors.js';
import { callGetSession, parseSession, requestSession, uploadEndpoints, type GcoreUploadSession } from '../session.js';
import { DEFAULT_CHUNK_SIZE, fixedChunkSize, type ChunkSizeSetting } from './chunking.js';
import { createChunkSizer, type ChunkSizer } from './policy/chunk-size.js';
import { autoChunkCount, fixedChunkCount, PROGRESS_EVENT_MS, ProgressMeter, type UploadProgress } from './progress.js';
import { rememberedRate, rememberRate } from './policy/link-rates.js';
import { isRetryableUploadResponse } from './policy/retry.js';
import { retryPlan } from './policy/retry-plan.js';
import type { FileStore } from './resume/files.js';
import { keepFile } from './resume/keep.js';
import { lockUpload, type UploadLock } from './resume/locks.js';
import { sampleDigest } from './resume/sample.js';
import { fingerprintFile, pickPreviousUpload, sameFile, type FileMeta, type StoredUpload, type TokenFreeUrlStorage } from './resume/store.js';
import type { OtherTabProgress } from './resume/types.js';
import { forget } from './resume/unfinished.js';
import type { FileHandleLike } from './source.js';
import { Later } from './later.js';
import { aborted, onAbort, terminates, throwIfAborted, withSignal } from './signal.js';
import { blobReaderFor } from './source.js';

export { DEFAULT_CHUNK_SIZE };

export type ResumePolicy = 'auto' | 'ask' | 'never';

/** Where the session comes from: given, fetched from the backend, or made by the app's own function. */
export type SessionSource<F = File> =
  | { session: GcoreUploadSession | string }
  | { sessionUrl: string; autoCaptions?: boolean }
  | { getSession: (file: F, signal?: AbortSignal) => Promise<GcoreUploadSession | string> };

export interface PreviousUploadInfo {
  videoId: string;
  uploadUrl: string;
  creationTime: string;
  size: number | null;
}

export interface UploadStartInfo {
  videoId: string;
  resumed: boolean;
  offset: number;
}

export interface ChunkInfo {
  chunkSize: number;
  bytesAccepted: number;
  bytesTotal: number;
}

export type UploadPhase = 'preparing' | 'confirm-resume' | 'uploading' | 'paused';

export interface JobOptions<F> {
  input: F;
  meta: FileMeta;
  source: SessionSource<F>;
  signal: AbortSignal;
  storage: TokenFreeUrlStorage;
  /** Bytes per PATCH, or `auto` (the default). */
  chunkSize?: ChunkSizeSetting | null;
  /** With `auto`: seconds of throughput one chunk should carry, and the limits (policy/chunk-size.ts). */
  chunkTargetSeconds?: number | null;
  minChunkSize?: number | null;
  maxChunkSize?: number | null;
  retryDelays?: readonly number[];
  resume?: ResumePolicy;
  /** For `resume: 'ask'`: whether to resume the upload found. */
  confirmResume(previous: PreviousUploadInfo): Promise<boolean>;
  onPhase(phase: UploadPhase): void;
  onStart(info: UploadStartInfo): void;
  onProgress(progress: UploadProgress): void;
  onChunkComplete(chunk: ChunkInfo): void;
  /** resumeUnfinished(): the remembered upload to go on with (the file must match its fingerprint). */
  resumeFrom?: StoredUpload | null;
  /** Where handles and copies are kept (resume/files.ts). */
  files: FileStore;
  /** The file's handle, kept beside the upload URL. */
  handle?: FileHandleLike | null;
  /** Copy the file into OPFS while it uploads, kept at most `keepCopyDays` (default 3). */
  keepCopy?: boolean;
  keepCopyDays?: number | null;
  /** The backend URL the session comes from, remembered for `resumeScope: 'session'`. */
  from?: string;
  /** Another tab uploads this upload now (its progress), or null once this job has the upload to itself. */
  onOtherTab(progress: OtherTabProgress | null): void;
}


/** Resuming found nothing to resume into (404/410 on HEAD): start afresh, or `upload-expired` for resumeUnfinished(). */
class ResumeGone extends Error {}

/** The server no longer has the upload. */
const isGone = (status: number) => status === 404 || status === 410;
/** The key tus-js-client holds for the URL it stored while the record is still being written (see `urlStorage`). */
const PENDING_KEY = 'gcore-uploader:pending';

const gone = (resuming: boolean, err: DetailedError) => resuming && err.originalRequest?.getMethod() === 'HEAD' && isGone(err.originalResponse?.getStatus() ?? 0);

export class UploadJob<F> {
  videoId: string | null = null;
  session: GcoreUploadSession | null = null;
  readonly progress: ProgressMeter;
  private _o: JobOptions<F>;
  private _tus: Upload | null = null;
  private _paused = false;
  private _reader: unknown;
  /** With `auto`: sizes each chunk (one for the whole job: across pauses, retries and servers). */
  private readonly _sizer: ChunkSizer | null;
  private readonly _fixed: number | null;
  /** With `auto`: chunks the server accepted so far in this job. */
  private _chunksDone = 0;
  /** The file's fingerprint (with its sample digest), once `_digest()` settled. */
  private _fingerprint = '';
  /** The sample digest (resume/sample.ts), read on first use (`_digest()`); never rejects. */
  private _sample: Promise<string> | null = null;
  /** This tab's hold on the upload (one tab at a time). */
  private _lock: UploadLock | null = null;
  private _ended = false;
  /** tus-js-client said the upload succeeded: every byte is on the server. */
  private _sent = false;
  /** A chunk's news and the start, passed on LATER_MS after the next PATCH is sent; other news passes them on first, progress waits behind them (later.ts). */
  private readonly _later = new Later();

  constructor(options: JobOptions<F>) {
    const later = this._later;
    const first = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => (later.flush(), fn(...args));
    this._o = {
      ...options,
      onPhase: first(options.onPhase),
      onStart: first(options.onStart),
      onOtherTab: first(options.onOtherTab),
      confirmResume: first(options.confirmResume),
      onChunkComplete: (chunk) => later.queue(() => options.onChunkComplete(chunk)),
    };
    this._fixed = fixedChunkSize(options.chunkSize);
    this._sizer =
      this._fixed === null
        ? createChunkSizer({ targetSeconds: options.chunkTargetSeconds ?? undefined, min: options.minChunkSize ?? undefined, max: options.maxChunkSize ?? undefined })
        : null;
    const size = options.meta.size;
    this.progress = new ProgressMeter(size, this._fixed !== null ? fixedChunkCount(size, this._fixed) : autoChunkCount(size, this._sizer!, () => this._chunksDone));
    if ('session' in options.source) {
      this.session = parseSession(options.source.session);
      this.videoId = String(this.session.video.id);
    }
  }

  /** The size of the next PATCH: the fixed one, or what the sizer says now. */
  get chunkSize(): number {
    return this._fixed ?? this._sizer?.current ?? DEFAULT_CHUNK_SIZE;
  }

  /** The tus upload URL, once the server created (or still had) the upload. */
  get uploadUrl(): string | null {
    return this._tus?.url ?? null;
  }

  get paused(): boolean {
    return this._paused;
  }

  pause(): boolean {
    // Every byte is on the server already (a pause asked for on news told LATER_MS late): nothing to pause.
    if (this._paused || !this._tus || this._sent) return false;
    this._paused = true;
    void this._tus.abort(false);
    this._o.onPhase('paused');
    return true;
  }

  resume(): boolean {
    if (!this._paused || !this._tus) return false;
    this._paused = false;
    this.progress.restart(this.progress.current.bytesAccepted);
    this._o.onPhase('uploading');
    this._tus.start();
    return true;
  }

  /** Resolves with the video id when every byte is on the server. */
  async run(): Promise<string> {
    const { resume = 'auto', signal } = this._o;
    const off = onAbort(signal, () => {
      this._later.flush();
      void this._stop();
    });
    try {
      const { meta, resumeFrom } = this._o;
      this._reader = await blobReaderFor(this._o.input);
      if (resumeFrom) {
        const sample = await this._digest();
        throwIfAborted(signal);
        // Not the file this upload was started with: refused before a byte is sent.
        if (!sameFile(resumeFrom.file, meta, sample)) throw new GcoreUploaderError('resume-file-mismatch');
        try {
          return await this._transfer({ previous: resumeFrom as PreviousUpload });
        } catch (err) {
          if (err instanceof ResumeGone) throw new GcoreUploaderError('upload-expired', { cause: err });
          throw err;
        }
      }
      if (resume !== 'never') {
        const previous = await this._findPrevious();
        if (previous && (resume === 'auto' || (await this._ask(previous)))) {
          try {
            return await this._transfer({ previous });
          } catch (err) {
            if (!(err instanceof ResumeGone)) throw err;
            this.videoId = this.session ? String(this.session.video.id) : null;
            this._o.onPhase('preparing');
          }
        }
      }
      const session = this.session ?? (await this._obtainSession());
      throwIfAborted(signal);
      this.session = session;
      this.videoId = String(session.video.id);
      return await this._toServers(session);
    } finally {
      this._later.flush();
      off();
      this._ended = true;
      this._lock?.release();
      this._lock = null;
    }
  }

  /**
   * The SHA-256 of the file's first and last 64 KiB (resume/sample.ts), read once, when first needed: to look
   * for an earlier upload of a file with this name, size and date, or to write the upload URL's record once
   * the server created the upload (while the first chunk travels). Reading and hashing the sample (then 2 MiB)
   * before the POST held it back by milliseconds on every upload.
   */
  private _digest(): Promise<string> {
    const { meta, storage, input, from } = this._o;
    return (this._sample ??= sampleDigest(input)
      .catch(() => '')
      .then((sample) => {
        this._fingerprint = fingerprintFile(meta, sample);
        storage.describe(this._fingerprint, { name: meta.name, type: meta.type, size: meta.size, lastModified: meta.lastModified ?? null, sample }, from);
        return sample;
      }));
  }

  /** The signal aborted: nothing more is sent; a terminating abort forgets the upload and asks the server to drop it. */
  private async _stop(): Promise<void> {
    const tus = this._tus;
    this._tus = null;
    await tus?.abort(false);
    if (!tus?.url || !terminates(this._o.signal)) return;
    const url = tus.url;
    await forget(this._o.storage, this._o.files, url);
    void Upload.terminate(url, { retryDelays: null }).catch(() => {});
  }

  private async _findPrevious(): Promise<PreviousUpload | undefined> {
    const { storage, meta, signal } = this._o;
    // No entry of a file with this name, type, size and date (a prefix of the fingerprint): nothing to resume, no digest to wait for.
    const partial = fingerprintFile(meta, '');
    const any = await storage.findAllUploads().catch(() => []);
    if (!any.some((p) => p.urlStorageKey.includes(partial))) return undefined;
    await this._digest();
    throwIfAborted(signal);
    const all = await storage.findUploadsByFingerprint(this._fingerprint).catch(() => []);
    return pickPreviousUpload(all, this.session ? this.session.video.id : undefined) as PreviousUpload | undefined;
  }

  private async _ask(previous: PreviousUpload): Promise<boolean> {
    const answer = this._o.confirmResume({
      videoId: String(previous.metadata?.video_id ?? ''),
      uploadUrl: previous.uploadUrl ?? '',
      creationTime: previous.creationTime,
      size: previous.size,
    });
    this._o.onPhase('confirm-resume');
    const yes = await withSignal(answer, this._o.signal);
    this._o.onPhase('preparing');
    if (!yes) await this._o.storage.removeUpload(previous.urlStorageKey);
    return yes;
  }

  private async _obtainSession(): Promise<GcoreUploadSession> {
    const { source, signal, input, meta } = this._o;
    if ('sessionUrl' in source) return requestSession(source.sessionUrl, meta, signal, source.autoCaptions);
    if ('getSession' in source) return withSignal(callGetSession(() => source.getSession(input, signal), input as File), signal);
    return parseSession(source.session);
  }

  /** Creates the upload on the first server that answers; the next one takes over when one is unreachable. */
  private async _toServers(session: GcoreUploadSession): Promise<string> {
    const endpoints = uploadEndpoints(session);
    let lastNetworkError: GcoreUploaderError | null = null;
    for (let i = 0; i < endpoints.length; i++) {
      try {
        return await this._transfer({ endpoint: endpoints[i], session, moreServers: i < endpoints.length - 1 });
      } catch (err) {
        const e = toUploaderError(err);
        // Only an unreachable server before the upload exists is a reason to try another one.
        if (e.code !== 'network' || (err as { uploadCreated?: boolean }).uploadCreated) throw e;
        lastNetworkError = e;
      }
    }
    throw new GcoreUploaderError('no-upload-server', { cause: lastNetworkError });
  }

  private async _transfer(target: { previous: PreviousUpload } | { endpoint: string; session: GcoreUploadSession; moreServers: boolean }): Promise<string> {
    const { input, meta, signal, storage } = this._o;
    const resuming = 'previous' in target;
    this._lock?.release();
    // One tab at a time: wait while another tab uploads this upload (it may finish it meanwhile).
    this._lock = resuming ? await lockUpload(target.previous.uploadUrl ?? '', signal, this._o.onOtherTab) : null;
    throwIfAborted(signal);
    // tus-js-client forgets an upload on any 4xx to its HEAD; only 404/410 mean it is gone (a 401/403 keeps it resumable).
    let lastStatus = 0;
    const forTus = storage.forTus(() => lastStatus !== 401 && lastStatus !== 403);
    // tus-js-client asks for the fingerprint before its POST, and stores the upload URL under it after, before
    // its first PATCH. The URL is stored under the fingerprint with the sample digest once that is ready, and
    // the first PATCH does not wait for it: tus-js-client gets a stand-in key, and removing it (on success,
    // on a terminating abort) waits for the record to be written, then removes that. The digest's read starts
    // once that PATCH is on its way (later.ts): making the sample's Blob held the PATCH back by 1.5–4 ms.
    let written: Promise<string> = Promise.resolve('');
    const urlStorage = {
      ...forTus,
      addUpload: (_fingerprint: string, upload: Parameters<typeof forTus.addUpload>[1]) => {
        written = new Promise<void>((sent) => this._later.queue(sent))
          .then(() => this._digest())
          .then(() => forTus.addUpload(this._fingerprint, upload))
          .catch(() => '');
        return Promise.resolve(PENDING_KEY);
      },
      removeUpload: async (key: string) => forTus.removeUpload(key === PENDING_KEY ? await written : key),
    } as unknown as UrlStorage;
    let serverOffset = 0;
    let started = false;
    let urlKnown = false;
    const sizer = this._sizer;
    // With auto: the rate this page measured for this server before, in place of the probe (policy/link-rates.ts).
    const server = resuming ? (target.previous.uploadUrl ?? '') : target.endpoint;
    if (sizer && this._chunksDone === 0) sizer.known(rememberedRate(server) ?? 0, resuming ? undefined : meta.size);
    // A PATCH's time, for the throughput: from the previous answer (HEAD, POST or PATCH) to its own, so
    // tus-js-client's time between two requests counts too. (No onBeforeRequest: an await between opening a
    // request and sending it widens the moment where pause() can abort an XHR that is then sent without headers.)
    let answeredAt = performance.now();
    let patchMs = 0;
    /** The offset the latest answer gave: tus-js-client reports it between that answer and the next request. */
    let answeredOffset = -1;
    /** The bytes last reported to onProgress, and when. */
    let reported = -1;
    let reportedAt = -Infinity;
    let tus: Upload | null = null;
    const retries = retryPlan(this._o.retryDelays);
    /** The upload server has answered this upload at least once: a connection lost later is worth waiting for. */
    let answered = false;
    const transfer = new Promise<string>((resolve, reject) => {
      const options: UploadOptions = {
        chunkSize: this.chunkSize,
        retryDelays: retries.delays,
        // Any non-empty text (tus-js-client stores nothing without one): addUpload above writes the real fingerprint.
        fingerprint: async () => this._fingerprint || fingerprintFile(meta, ''),
        urlStorage,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        uploadSize: Number.isFinite(meta.size) ? meta.size : null,
        fileReader: this._reader as UploadOptions['fileReader'],
        onAfterResponse: (req: HttpRequest, res: HttpResponse) => {
          const method = req.getMethod();
          const now = performance.now();
          if (method === 'PATCH') patchMs = now - answeredAt;
          answeredAt = now;
          lastStatus = res.getStatus();
          if (lastStatus) answered = true;
          if (method === 'HEAD' && res.getStatus() < 300) serverOffset = Number(res.getHeader('Upload-Offset') ?? 0);
          if (method === 'POST' && res.getStatus() < 300) serverOffset = 0;
          answeredOffset = method === 'PATCH' && res.getStatus() < 300 ? Number(res.getHeader('Upload-Offset') ?? -1) : serverOffset;
        },
        onShouldRetry: (err: DetailedError, attempt: number, tusOptions: UploadOptions) => {
          if (signal.aborted || gone(resuming, err)) return false;
          const status = err.originalResponse?.getStatus() ?? 0;
          // An unreachable server before creation: hand over to the next one straight away.
          if (!urlKnown && !status && !resuming && target.moreServers) return false;
          const patch = !!sizer && err.originalRequest?.getMethod() === 'PATCH';
          let retry: boolean;
          if (patch && status === 413) {
            // Too large for the server: that chunk again at half the size, and never larger from now on.
            const before = sizer!.current;
            tusOptions.chunkSize = sizer!.tooLarge();
            retry = tusOptions.chunkSize < before;
          } else retry = isRetryableUploadResponse(status, err.originalResponse?.getBody() ?? '');
          const wait = retry ? retries.delay(status ? 'answer' : 'network', attempt, answered, performance.now()) : null;
          if (wait === null) return false;
          // The wait before this retry: tus-js-client reads it from its options once this returns true.
          tusOptions.retryDelays![attempt] = wait;
          if (patch && status !== 413) tusOptions.chunkSize = sizer!.next({ bytes: 0, ms: patchMs, failed: true });
          return true;
        },
        onUploadUrlAvailable: () => {
          urlKnown = true;
          this.progress.restart(serverOffset);
          if (started) return;
          started = true;
          // Told once the first PATCH is on its way (later.ts): keeping the upload (IndexedDB, a lock) and the
          // start's listeners (snapshot, render, DOM event) held that PATCH back. Progress until then waits behind it.
          const url = tus?.url;
          const offset = serverOffset;
          this._later.queue(() => {
            if (url) this._keep(url);
            this._o.onStart({ videoId: this.videoId ?? '', resumed: resuming, offset });
          });
        },
        onProgress: (sent: number) => {
          // tus-js-client reports a chunk's end twice (after its answer, and before the next chunk): once is news.
          if (this._paused || sent === reported) return;
          this.progress.sent(sent);
          const now = performance.now();
          // Passed on at most every PROGRESS_EVENT_MS; the one that completes the file always.
          if (sent < meta.size && now - reportedAt < PROGRESS_EVENT_MS) return;
          const progress = this.progress.current;
          reported = sent;
          reportedAt = now;
          const tell = () => {
            // Told later (behind queued news): the next one is at least PROGRESS_EVENT_MS after this.
            reportedAt = performance.now();
            this._lock?.progress(progress.bytesUploaded, progress.bytesTotal);
            this._o.onProgress(progress);
          };
          // Between an answer and the next request (later.ts), else now unless news is queued.
          if (sent === answeredOffset) this._later.queue(tell);
          else this._later.inOrder(tell);
        },
        onChunkComplete: (chunkSize: number, bytesAccepted: number, bytesTotal: number) => {
          if (sizer) {
            this._chunksDone++;
            if (tus) tus.options.chunkSize = sizer.next({ bytes: chunkSize, ms: patchMs, remaining: bytesTotal - bytesAccepted });
            rememberRate(server, sizer.bytesPerSecond);
          }
          this.progress.accepted(bytesAccepted);
          this._o.onChunkComplete({ chunkSize, bytesAccepted, bytesTotal });
        },
        onSuccess: () => {
          this._sent = true;
          this._later.flush();
          // The completing report, unless tus-js-client's last one was it.
          if (reported !== meta.size) {
            this.progress.sent(meta.size);
            this._o.onProgress(this.progress.current);
          }
          if (tus?.url) void forget(storage, this._o.files, tus.url);
          resolve(this.videoId ?? '');
        },
        onError: (err: Error | DetailedError) => {
          const status = (err as DetailedError).originalResponse?.getStatus() ?? 0;
          // The server no longer has the upload: nothing of it can be resumed any more.
          if (isGone(status) && tus?.url) void forget(storage, this._o.files, tus.url);
          if (gone(resuming, err as DetailedError)) reject(new ResumeGone(err.message));
          else reject(Object.assign(err, { uploadCreated: urlKnown }));
        },
      };
      if (!options.fileReader) delete options.fileReader;
      if (resuming) {
        this.videoId = String(target.previous.metadata?.video_id ?? this.videoId ?? '');
      } else {
        options.endpoint = target.endpoint;
        options.metadata = {
          filename: meta.name,
          filetype: meta.type,
          token: target.session.token,
          video_id: String(target.session.video.id),
          client_id: String(target.session.video.client_id),
        };
      }
      if (signal.aborted) return reject(aborted());
      tus = new Upload(input as unknown as Blob, options);
      if (resuming) tus.resumeFromPreviousUpload(target.previous);
      this._tus = tus;
      this._o.onPhase(this._paused ? 'paused' : 'uploading');
      if (!this._paused) tus.start();
    });
    return withSignal(transfer, signal);
  }

  /** The upload URL is known: this tab holds its lock, and what brings the file back after a reload is kept beside it. */
  private _keep(uploadUrl: string): void {
    const { files, handle, keepCopy, keepCopyDays, input, signal } = this._o;
    if (!this._lock) void lockUpload(uploadUrl, signal, () => {}).then((lock) => (this._ended || this._lock ? lock.release() : (this._lock = lock)), () => {});
    void keepFile({ files, uploadUrl, input, handle, keepCopy, keepCopyDays, signal });
  }
}
