// Runs in the benchmark's Chromium page: the contenders, each uploading the same File.
// Only the package's public surface: the element (its properties, methods and events), the headless
// core (`gcore-uploader/core`: createUploader), and
// tus-js-client / Uppy as any app would use them. Nothing here imports the element's internals.
import '../src/index.js';
import type { GcoreUploader, GcoreUploadSession } from '../src/index.js';
import { createUploader } from '../src/core/index.js';
import { Upload } from 'tus-js-client';
import Uppy from '@uppy/core';
import Tus from '@uppy/tus';
// The pure chunk-size policy, wired into raw tus-js-client as its TSDoc shows (not the element).
import { createChunkSizer, type ChunkSizerOptions } from '../src/core/policy/chunk-size.js';

const RETRY_DELAYS = [0, 1000, 3000, 5000];

/** What the bench asks for: a contender kind and its chunk size ('auto', 'Infinity' or bytes). */
export interface RunSpec {
  kind: 'put' | 'rawTus' | 'rawTusProgress' | 'rawTusAuto' | 'uppy' | 'core' | 'element';
  chunkSize?: number | string;
  session?: GcoreUploadSession;
  putUrl?: string;
  /** rawTusAuto: the policy's options (defaults when absent), to compare settings. */
  auto?: ChunkSizerOptions;
}

export interface RunResult {
  ms: number;
  /** Longest main-thread task during the upload, and tasks over 50 ms (element runs). */
  longest?: number;
  over50?: number;
  /** The chunk sizes the client reported (element: `chunk-complete`'s detail). */
  chunks?: number[];
  /** Where the time went, from the page's resource timing of the requests to the upload server (`phases()`). */
  phases?: Phases;
}

/**
 * A run's time in four parts, from the Resource Timing entries of its requests to the upload server (each
 * from its start, preflight included, to its answer's end): `start`, from the contender's clock start to its
 * first request; `inRequests`, the sum of the requests' own times; `between`, the time no request was open
 * (one answer's end to the next request's start); `end`, from the last answer's end to the contender's
 * resolve. Cross-origin without Timing-Allow-Origin still gives startTime and responseEnd.
 */
export interface Phases {
  requests: number;
  start: number;
  inRequests: number;
  between: number;
  end: number;
}

/** The clock start of the run in progress (each contender sets it where its own clock starts). */
let clockStart = 0;

function phases(origin: string, ms: number): Phases | undefined {
  const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((e) => e.name.startsWith(origin) && e.startTime >= clockStart)
    .sort((a, b) => a.startTime - b.startTime);
  if (!entries.length) return undefined;
  let between = 0;
  for (let i = 1; i < entries.length; i++) between += Math.max(0, entries[i].startTime - entries[i - 1].responseEnd);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: entries.length,
    start: r(entries[0].startTime - clockStart),
    inRequests: r(entries.reduce((sum, e) => sum + e.duration, 0)),
    between: r(between),
    end: r(clockStart + ms - entries[entries.length - 1].responseEnd),
  };
}

function watchLongTasks() {
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  return () => {
    observer.disconnect();
    return { longest: tasks.length ? Math.max(...tasks) : 0, over50: tasks.filter((d) => d > 50).length };
  };
}

/** 'Infinity' → Infinity, numeric strings → numbers, 'auto' stays. */
function chunkOption(chunkSize: number | string | undefined): number | string {
  if (chunkSize === 'Infinity' || chunkSize === Infinity) return Infinity;
  if (typeof chunkSize === 'string' && /^\d+$/.test(chunkSize)) return Number(chunkSize);
  return chunkSize ?? 10_000_000;
}

/** Gcore's metadata for the TUS upload, as its docs give it. */
function gcoreMetadata(file: File, session: GcoreUploadSession): Record<string, string> {
  return {
    filename: file.name,
    filetype: file.type,
    token: session.token,
    video_id: String(session.video.id),
    client_id: String(session.video.client_id),
  };
}

const endpointOf = (session: GcoreUploadSession) => {
  const server = session.servers[0];
  return `${server.ssl === false ? 'http' : 'https'}://${server.hostname}/upload/`;
};

async function element(file: File, session: GcoreUploadSession, chunkSize: number | string): Promise<RunResult> {
  const el = document.createElement('gcore-uploader') as GcoreUploader;
  el.session = session;
  // `auto` is a string the element may not take yet: the bench reports what it did (its chunk sizes).
  (el as unknown as { chunkSize: number | string }).chunkSize = chunkSize;
  el.retryDelays = [...RETRY_DELAYS];
  el.resumePolicy = 'never';
  el.noPreview = true;
  const chunks: number[] = [];
  el.addEventListener('chunk-complete', (e) => chunks.push(e.detail.chunkSize));
  document.body.append(el);
  // As on a page, the element is on screen before a file is chosen (Uppy, too, is made before its clock starts).
  await el.updateComplete;
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
  const t0 = (clockStart = performance.now());
  try {
    await el.upload(file);
    return { ms: performance.now() - t0, chunks };
  } finally {
    el.remove();
  }
}

/**
 * The headless core (`gcore-uploader/core`) with the element's settings and no UI: what the element costs
 * beyond its core is element ÷ core, what the core costs beyond tus-js-client is core ÷ raw tus.
 */
async function core(file: File, session: GcoreUploadSession, chunkSize: number | string): Promise<RunResult> {
  const uploader = createUploader({ session, chunkSize: chunkSize as number, retryDelays: [...RETRY_DELAYS], resume: 'never' });
  const chunks: number[] = [];
  uploader.on('chunk-complete', (detail) => chunks.push(detail.chunkSize));
  try {
    const t0 = (clockStart = performance.now());
    await uploader.settled(uploader.add(file));
    return { ms: performance.now() - t0, chunks };
  } finally {
    await uploader.destroy();
  }
}

function rawTus(file: File, session: GcoreUploadSession, chunkSize: number, withProgress = false): Promise<RunResult> {
  const t0 = (clockStart = performance.now());
  return new Promise<RunResult>((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: endpointOf(session),
      chunkSize,
      retryDelays: RETRY_DELAYS,
      metadata: gcoreMetadata(file, session),
      removeFingerprintOnSuccess: true,
      onProgress: withProgress ? () => {} : null,
      onSuccess: () => resolve({ ms: performance.now() - t0 }),
      onError: reject,
    });
    upload.start();
  });
}

/**
 * tus-js-client with the adaptive chunk size (src/core/policy/chunk-size.ts) wired from its callbacks:
 * the policy on its own, and the recipe the element follows for `chunk-size="auto"`.
 */
function rawTusAuto(file: File, session: GcoreUploadSession, options: ChunkSizerOptions = {}): Promise<RunResult> {
  const sizer = createChunkSizer(options);
  const chunks: number[] = [];
  let sentAt = 0;
  const t0 = (clockStart = performance.now());
  return new Promise<RunResult>((resolve, reject) => {
    const upload: Upload = new Upload(file, {
      endpoint: endpointOf(session),
      chunkSize: sizer.first(),
      retryDelays: RETRY_DELAYS,
      metadata: gcoreMetadata(file, session),
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH') sentAt = performance.now();
      },
      // tus-js-client reads options.chunkSize afresh for each PATCH (_addChunkToRequest).
      onChunkComplete: (bytes, accepted, total) => {
        chunks.push(bytes);
        upload.options.chunkSize = sizer.next({ bytes, ms: performance.now() - sentAt, remaining: total - accepted });
      },
      onShouldRetry: (err, _attempt, options) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        if (err.originalRequest?.getMethod() === 'PATCH') {
          if (status === 413) {
            const before = options.chunkSize ?? Infinity;
            options.chunkSize = sizer.tooLarge();
            return options.chunkSize < before;
          }
          options.chunkSize = sizer.next({ bytes: 0, ms: performance.now() - sentAt, failed: true });
        }
        return status === 0 || status >= 500 || status === 409 || status === 423 || status === 429;
      },
      onSuccess: () => resolve({ ms: performance.now() - t0, chunks }),
      onError: reject,
    });
    upload.start();
  });
}

/** Uppy with its tus plugin, as its docs set it up: same endpoint, metadata, chunk size and retry delays. */
async function uppy(file: File, session: GcoreUploadSession, chunkSize: number): Promise<RunResult> {
  const fields = ['filename', 'filetype', 'token', 'video_id', 'client_id'];
  const u = new Uppy({ autoProceed: false });
  u.use(Tus, {
    endpoint: endpointOf(session),
    chunkSize,
    retryDelays: RETRY_DELAYS,
    allowedMetaFields: fields,
    removeFingerprintOnSuccess: true,
    // Like the element with resume="never": never resume an earlier run's upload.
    storeFingerprintForResuming: false,
  });
  try {
    const t0 = (clockStart = performance.now());
    u.addFile({ name: file.name, type: file.type, data: file, meta: gcoreMetadata(file, session) });
    const result = await u.upload();
    const ms = performance.now() - t0;
    if (!result || result.failed?.length || result.successful?.length !== 1) {
      throw new Error(`Uppy: ${result?.failed?.[0]?.error ?? 'the upload did not succeed'}`);
    }
    return { ms };
  } finally {
    u.destroy();
  }
}

async function put(file: File, url: string): Promise<RunResult> {
  const t0 = (clockStart = performance.now());
  const response = await fetch(url, { method: 'PUT', body: file });
  if (!response.ok) throw new Error(`PUT ${response.status}`);
  return { ms: performance.now() - t0 };
}

/** One contender's upload, with the main thread's long tasks meanwhile (every contender alike). */
async function run(spec: RunSpec): Promise<RunResult> {
  localStorage.clear();
  performance.setResourceTimingBufferSize(100_000);
  performance.clearResourceTimings();
  const stop = watchLongTasks();
  try {
    const result = await upload(spec);
    const origin = new URL(spec.kind === 'put' ? spec.putUrl! : endpointOf(spec.session!)).origin;
    return { ...result, phases: phases(origin, result.ms), ...stop() };
  } finally {
    stop();
  }
}

async function upload(spec: RunSpec): Promise<RunResult> {
  const file = current!;
  const chunkSize = chunkOption(spec.chunkSize);
  switch (spec.kind) {
    case 'put':
      return put(file, spec.putUrl!);
    case 'rawTus':
    case 'rawTusProgress':
      return rawTus(file, spec.session!, Number(chunkSize), spec.kind === 'rawTusProgress');
    case 'rawTusAuto':
      return rawTusAuto(file, spec.session!, spec.auto);
    case 'uppy':
      return uppy(file, spec.session!, Number(chunkSize));
    case 'core':
      return core(file, spec.session!, chunkSize);
    case 'element':
      return element(file, spec.session!, chunkSize);
  }
  throw new Error(`unknown contender kind ${spec.kind}`);
}

/** Round trips of a tiny GET on a warm connection (the first one also opens it). */
async function ping(url: string, count = 5): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= count; i++) {
    const t0 = performance.now();
    await (await fetch(`${url}?${i}`, { cache: 'no-store' })).text();
    times.push(performance.now() - t0);
  }
  return times;
}

/** Uploads with the element until `fraction` is confirmed, "reloads" (a new element), resumes. */
async function resume(session: GcoreUploadSession, chunkSize: number, fraction: number) {
  const file = current!;
  const first = document.createElement('gcore-uploader') as GcoreUploader;
  Object.assign(first, { session, chunkSize, noPreview: true });
  document.body.append(first);
  const stopped = new Promise<void>((resolve) =>
    first.addEventListener('chunk-complete', (e) => {
      if (e.detail.bytesAccepted >= file.size * fraction) {
        first.remove();
        resolve();
      }
    }),
  );
  const firstRun = first.upload(file).catch(() => null);
  await stopped;
  await firstRun;
  const second = document.createElement('gcore-uploader') as GcoreUploader;
  Object.assign(second, { session, chunkSize, noPreview: true });
  document.body.append(second);
  let offset = 0;
  second.addEventListener('upload-start', (e) => (offset = e.detail.offset));
  await second.upload(file);
  second.remove();
  return { offset };
}

/** From `video-viewable` to the preview's first decoded frame, through the emulator and the server helper. */
async function firstFrame(clip: ArrayBuffer) {
  const el = document.createElement('gcore-uploader') as GcoreUploader;
  el.sessionUrl = '/api/gcore/session';
  el.pollInterval = 200;
  document.body.append(el);
  const viewableAt = new Promise<number>((resolve) => el.addEventListener('video-viewable', () => resolve(performance.now()), { once: true }));
  await el.upload(new File([clip], 'ttff.mp4', { type: 'video/mp4' }));
  const t0 = await viewableAt;
  // The preview's <video> in the element's open shadow root.
  const video = await new Promise<HTMLVideoElement>((resolve) => {
    const find = () => {
      const v = el.shadowRoot!.querySelector('video');
      if (v) resolve(v);
      else requestAnimationFrame(find);
    };
    find();
  });
  const t1 = await new Promise<number>((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));
  el.remove();
  return { ms: t1 - t0 };
}

let current: File | null = null;
(window as unknown as { bench: unknown }).bench = {
  /** The file the bench chose in the page's file input (setup.mjs, benchFile): on disk, as a user's file is. */
  pickFile() {
    current = (document.getElementById('bench-file') as HTMLInputElement).files![0];
    return current.size;
  },
  run,
  ping,
  resume,
  firstFrame: async () => firstFrame(await (await fetch('/clip.mp4')).arrayBuffer()),
};
