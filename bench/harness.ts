// Runs in the benchmark's Chromium page: the contenders, each uploading the same File.
import '../src/index.js';
import { Upload } from 'tus-js-client';
import { UploadJob } from '../src/upload/upload.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import type { GcoreUploadSession } from '../src/session.js';

const MiB = 1 << 20;

/** A File of `size` bytes made of one repeated 1 MiB random Blob: large files without the RAM. */
function makeFile(size: number): File {
  const block = new Uint8Array(MiB);
  crypto.getRandomValues(block.subarray(0, 65536));
  for (let i = 65536; i < MiB; i += 65536) block.copyWithin(i, 0, 65536);
  const part = new Blob([block]);
  const parts: Blob[] = [];
  for (let left = size; left > 0; left -= MiB) parts.push(left >= MiB ? part : part.slice(0, left));
  return new File(parts, 'bench.mp4', { type: 'video/mp4', lastModified: Date.now() });
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

async function element(file: File, session: GcoreUploadSession, chunkSize: number, keep = false) {
  const el = document.createElement('gcore-uploader') as GcoreUploader;
  el.session = session;
  el.chunkSize = chunkSize;
  el.resumePolicy = 'never';
  document.body.append(el);
  const stop = watchLongTasks();
  const t0 = performance.now();
  await el.upload(file);
  const ms = performance.now() - t0;
  const tasks = stop();
  if (!keep) el.remove();
  return { ms, ...tasks };
}

/** The element's upload path without the element (UploadJob): tells the UI's cost from the upload's. */
async function job(file: File, session: GcoreUploadSession, chunkSize: number) {
  const t0 = performance.now();
  await new UploadJob({ file, source: { session }, chunkSize, resume: 'never', onProgress: () => {} }).run();
  return { ms: performance.now() - t0 };
}

function rawTus(file: File, session: GcoreUploadSession, chunkSize: number, withProgress = false) {
  const server = session.servers[0];
  const t0 = performance.now();
  return new Promise<{ ms: number }>((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: `http://${server.hostname}/upload/`,
      chunkSize,
      retryDelays: [0, 1000, 3000, 5000],
      metadata: {
        filename: file.name,
        filetype: file.type,
        token: session.token,
        video_id: String(session.video.id),
        client_id: String(session.video.client_id),
      },
      removeFingerprintOnSuccess: true,
      onProgress: withProgress ? () => {} : null,
      onSuccess: () => resolve({ ms: performance.now() - t0 }),
      onError: reject,
    });
    upload.start();
  });
}

async function put(file: File, url: string) {
  const t0 = performance.now();
  const response = await fetch(url, { method: 'PUT', body: file });
  if (!response.ok) throw new Error(`PUT ${response.status}`);
  return { ms: performance.now() - t0 };
}

/** Uploads with the element until `fraction` is confirmed, "reloads" (a new element), resumes. */
async function resume(file: File, session: GcoreUploadSession, chunkSize: number, fraction: number) {
  const first = document.createElement('gcore-uploader') as GcoreUploader;
  Object.assign(first, { session, chunkSize });
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
  Object.assign(second, { session, chunkSize });
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
  makeFile(size: number) {
    current = makeFile(size);
    return current.size;
  },
  element: (session: GcoreUploadSession, chunkSize: number) => element(current!, session, chunkSize),
  job: (session: GcoreUploadSession, chunkSize: number) => job(current!, session, chunkSize),
  rawTus: (session: GcoreUploadSession, chunkSize: number) => rawTus(current!, session, chunkSize),
  rawTusProgress: (session: GcoreUploadSession, chunkSize: number) => rawTus(current!, session, chunkSize, true),
  put: (url: string) => put(current!, url),
  resume: (session: GcoreUploadSession, chunkSize: number, fraction: number) => resume(current!, session, chunkSize, fraction),
  firstFrame: async () => firstFrame(await (await fetch('/clip.mp4')).arrayBuffer()),
};
