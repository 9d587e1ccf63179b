/**
 * One file's way to Gcore: resume lookup, session, tus upload across the session's servers.
 *
 * - Before a session is asked for, a previous upload of the same file is looked up
 *   (`findPreviousUploads`); when found it is resumed into the video it was started for.
 * - A fresh upload goes to `http(s)://{hostname}/upload/` of the first usable server, with Gcore's
 *   metadata; a server that cannot be reached hands over to the next one.
 * - 429, 5xx without a token text and network errors are retried after `retryDelays`;
 *   405 and the token errors are not.
 *
 * No DOM, no Lit: the element drives this through an UploadController.
 */
import { Upload, type DetailedError, type HttpRequest, type HttpResponse, type PreviousUpload } from 'tus-js-client';
import { GcoreUploaderError, isRetryableUploadResponse, toUploaderError } from '../errors.js';
import { callGetSession, parseSession, requestSession, uploadEndpoints, type GcoreUploadSession, type GetSession } from '../session.js';
import { ProgressMeter, type UploadProgress } from './progress.js';
import { fingerprintFile, pickPreviousUpload, TokenFreeUrlStorage } from './resume-store.js';

export const DEFAULT_CHUNK_SIZE = 10_000_000;
export const DEFAULT_RETRY_DELAYS = [0, 1000, 3000, 5000];

export type ResumePolicy = 'auto' | 'ask' | 'never';

/** Where the session comes from: given, fetched from the backend, or made by the app's own function. */
export type SessionSource =
  | { session: GcoreUploadSession | string }
  | { sessionUrl: string }
  | { getSession: GetSession };

export interface PreviousUploadInfo {
  videoId: string;
  uploadUrl: string;
  creationTime: string;
  size: number | null;
}

export interface UploadStartInfo {
  videoId: string;
  resumed: boolean;
  /** Bytes the server already had when this upload (re)started. */
  offset: number;
}

export interface ChunkInfo {
  chunkSize: number;
  bytesAccepted: number;
  bytesTotal: number;
}

export type UploadPhase = 'preparing' | 'confirm-resume' | 'uploading' | 'paused';

export interface UploadJobOptions {
  file: File;
  source: SessionSource;
  chunkSize?: number;
  retryDelays?: number[];
  resume?: ResumePolicy;
  /** For `resume: 'ask'`: answers whether to resume the upload found. */
  confirmResume?: (previous: PreviousUploadInfo) => Promise<boolean>;
  onPhase?: (phase: UploadPhase) => void;
  onStart?: (info: UploadStartInfo) => void;
  onProgress?: (progress: UploadProgress) => void;
  onChunkComplete?: (chunk: ChunkInfo) => void;
}

const urlStorage = new TokenFreeUrlStorage();
const fingerprint = async (file: File) => fingerprintFile(file);

/** Resuming found nothing to resume into (404/410/403… on HEAD): start afresh. */
class ResumeGone extends Error {}

export class UploadJob {
  readonly file: File;
  /** The video the bytes go to, once known. */
  videoId: string | null = null;
  session: GcoreUploadSession | null = null;
  readonly progress: ProgressMeter;

  #options: UploadJobOptions;
  #tus: Upload | null = null;
  #paused = false;
  #cancel: ((err: GcoreUploaderError) => void) | null = null;
  #cancelled = false;
  #sessionAbort = new AbortController();

  constructor(options: UploadJobOptions) {
    this.#options = options;
    this.file = options.file;
    this.progress = new ProgressMeter(options.file.size, this.chunkSize);
    if ('session' in options.source) {
      this.session = parseSession(options.source.session);
      this.videoId = String(this.session.video.id);
    }
  }

  get chunkSize(): number {
    const size = this.#options.chunkSize;
    return size && size > 0 ? Math.floor(size) : DEFAULT_CHUNK_SIZE;
  }

  /** Resolves with the video id when every byte is on the server. */
  async run(): Promise<string> {
    const cancelled = new Promise<never>((_, reject) => (this.#cancel = reject));
    cancelled.catch(() => {});
    try {
      return await Promise.race([this.#run(), cancelled]);
    } finally {
      this.#cancel = null;
    }
  }

  pause(): boolean {
    if (this.#paused || !this.#tus) return false;
    this.#paused = true;
    void this.#tus.abort(false);
    this.#options.onPhase?.('paused');
    return true;
  }

  resume(): boolean {
    if (!this.#paused || !this.#tus) return false;
    this.#paused = false;
    this.progress.restart(this.progress.current.bytesAccepted);
    this.#options.onPhase?.('uploading');
    this.#tus.start();
    return true;
  }

  /**
   * Stops for good: nothing more is sent, the upload is forgotten for resuming, and the server is
   * asked (once, in the background) to drop what it received.
   */
  async cancel(): Promise<void> {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#sessionAbort.abort();
    const tus = this.#tus;
    this.#tus = null;
    await tus?.abort(false);
    if (tus?.url) {
      const url = tus.url;
      const stored = await urlStorage.findUploadsByFingerprint(fingerprintFile(this.file));
      await Promise.all(stored.filter((p) => p.uploadUrl === url).map((p) => urlStorage.removeUpload(p.urlStorageKey)));
      void Upload.terminate(url, { retryDelays: null }).catch(() => {});
    }
    this.#cancel?.(new GcoreUploaderError('aborted'));
  }

  /** Stops sending but keeps the upload resumable (element removed, page hidden for good…). */
  async stop(): Promise<void> {
    this.#cancelled = true;
    this.#sessionAbort.abort();
    this.#cancel?.(new GcoreUploaderError('aborted'));
    await this.#tus?.abort(false);
  }

  async #run(): Promise<string> {
    const { resume = 'auto' } = this.#options;
    this.#options.onPhase?.('preparing');
    if (resume !== 'never') {
      const previous = await this.#findPrevious();
      if (previous && (resume === 'auto' || (await this.#ask(previous)))) {
        try {
          return await this.#transfer({ previous });
        } catch (err) {
          if (!(err instanceof ResumeGone)) throw err;
          this.videoId = this.session ? String(this.session.video.id) : null;
        }
      }
    }
    this.#options.onPhase?.('preparing');
    const session = this.session ?? (await this.#obtainSession());
    this.session = session;
    this.videoId = String(session.video.id);
    return this.#transferToServers(session);
  }

  async #findPrevious(): Promise<PreviousUpload | undefined> {
    const probe = new Upload(this.file, { fingerprint, urlStorage });
    const all = await probe.findPreviousUploads().catch(() => []);
    return pickPreviousUpload(all, this.session ? this.session.video.id : undefined);
  }

  async #ask(previous: PreviousUpload): Promise<boolean> {
    if (!this.#options.confirmResume) return true;
    this.#options.onPhase?.('confirm-resume');
    const yes = await this.#options.confirmResume({
      videoId: String(previous.metadata?.video_id ?? ''),
      uploadUrl: previous.uploadUrl ?? '',
      creationTime: previous.creationTime,
      size: previous.size,
    });
    if (!yes) await urlStorage.removeUpload(previous.urlStorageKey);
    return yes;
  }

  async #obtainSession(): Promise<GcoreUploadSession> {
    const source = this.#options.source;
    if ('sessionUrl' in source) return requestSession(source.sessionUrl, this.file, this.#sessionAbort.signal);
    if ('getSession' in source) return callGetSession(source.getSession, this.file);
    return parseSession(source.session);
  }

  /** Creates the upload on the first server that answers; the next one takes over when one is unreachable. */
  async #transferToServers(session: GcoreUploadSession): Promise<string> {
    const endpoints = uploadEndpoints(session);
    let lastNetworkError: GcoreUploaderError | null = null;
    for (let i = 0; i < endpoints.length; i++) {
      try {
        return await this.#transfer({ endpoint: endpoints[i], session, moreServers: i < endpoints.length - 1 });
      } catch (err) {
        const e = toUploaderError(err);
        // Only an unreachable server before the upload exists is a reason to try another one.
        if (e.code !== 'network' || (err as { uploadCreated?: boolean }).uploadCreated) throw e;
        lastNetworkError = e;
      }
    }
    throw new GcoreUploaderError('no-upload-server', { cause: lastNetworkError });
  }

  #transfer(target: { previous: PreviousUpload } | { endpoint: string; session: GcoreUploadSession; moreServers: boolean }): Promise<string> {
    const resuming = 'previous' in target;
    let serverOffset = 0;
    let started = false;
    let urlKnown = false;
    return new Promise<string>((resolve, reject) => {
      const options: ConstructorParameters<typeof Upload>[1] = {
        chunkSize: this.chunkSize,
        retryDelays: this.#options.retryDelays ?? DEFAULT_RETRY_DELAYS,
        fingerprint,
        urlStorage,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onAfterResponse: (req: HttpRequest, res: HttpResponse) => {
          const method = req.getMethod();
          if (method === 'HEAD' && res.getStatus() < 300) serverOffset = Number(res.getHeader('Upload-Offset') ?? 0);
          if (method === 'POST' && res.getStatus() < 300) serverOffset = 0;
        },
        onShouldRetry: (err: DetailedError) => {
          const status = err.originalResponse?.getStatus() ?? 0;
          const method = err.originalRequest?.getMethod();
          if (this.#cancelled) return false;
          // A resumable upload that is gone: not worth repeating, start afresh.
          if (resuming && method === 'HEAD' && status >= 400 && status < 500 && status !== 423) return false;
          // An unreachable server before creation: hand over to the next one straight away.
          if (!urlKnown && !status && !resuming && target.moreServers) return false;
          return isRetryableUploadResponse(status, err.originalResponse?.getBody() ?? '');
        },
        onUploadUrlAvailable: () => {
          urlKnown = true;
          if (started) {
            this.progress.restart(serverOffset);
            return;
          }
          started = true;
          this.progress.restart(serverOffset);
          this.#options.onPhase?.('uploading');
          this.#options.onStart?.({ videoId: this.videoId ?? '', resumed: resuming, offset: serverOffset });
        },
        onProgress: (sent: number) => {
          if (!this.#paused) this.#options.onProgress?.(this.progress.sent(sent));
        },
        onChunkComplete: (chunkSize: number, bytesAccepted: number, bytesTotal: number) => {
          this.progress.accepted(bytesAccepted);
          this.#options.onChunkComplete?.({ chunkSize, bytesAccepted, bytesTotal });
        },
        onSuccess: () => {
          this.#options.onProgress?.(this.progress.sent(this.file.size));
          resolve(this.videoId ?? '');
        },
        onError: (err: Error | DetailedError) => {
          const detailed = err as DetailedError;
          const status = detailed.originalResponse?.getStatus() ?? 0;
          if (resuming && detailed.originalRequest?.getMethod() === 'HEAD' && status >= 400 && status < 500 && status !== 423) {
            reject(new ResumeGone(err.message));
            return;
          }
          reject(Object.assign(err, { uploadCreated: urlKnown }));
        },
      };
      if (resuming) {
        this.videoId = String(target.previous.metadata?.video_id ?? this.videoId ?? '');
      } else {
        const { session, endpoint } = target;
        options.endpoint = endpoint;
        options.metadata = {
          filename: this.file.name,
          filetype: this.file.type,
          token: session.token,
          video_id: String(session.video.id),
          client_id: String(session.video.client_id),
        };
      }
      const tus = new Upload(this.file, options);
      if (resuming) tus.resumeFromPreviousUpload(target.previous);
      this.#tus = tus;
      if (this.#cancelled) {
        reject(new GcoreUploaderError('aborted'));
        return;
      }
      this.#options.onPhase?.(this.#paused ? 'paused' : 'uploading');
      if (!this.#paused) tus.start();
    });
  }
}
