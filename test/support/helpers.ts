// Helpers for the browser tests: sessions signed by the test server, files with known bytes, and
// waiting for the element's events instead of sleeping.
import { executeServerCommand } from '@web/test-runner-commands';
import { fixture, html, oneEvent } from '@open-wc/testing';
import type { GcoreUploadSession } from '../../src/session.js';
import type { GcoreUploader } from '../../src/gcore-uploader.js';
import type { GcoreUploaderEventMap } from '../../src/events.js';

export interface SessionOptions {
  videoId?: number;
  clientId?: number;
  tokenFor?: { videoId: number; clientId: number };
  token?: string | null;
  hostnames?: string[];
  ttlSeconds?: number;
}

export const server = {
  session: (options: SessionOptions = {}) => executeServerCommand<GcoreUploadSession, SessionOptions>('gcore-session', options),
  info: () => executeServerCommand<{ hostname: string; endpoint: string; origin: string }, undefined>('tus-info'),
  inject: (fault: { method?: string; skip?: number; truncateTo?: number; status?: number; body?: string; delayMs?: number; times?: number; resetConnection?: boolean; headers?: Record<string, string> }) =>
    executeServerCommand('tus-inject', fault),
  reset: () => executeServerCommand('tus-reset'),
  clearFaults: () => executeServerCommand('tus-clear-faults'),
  stats: () =>
    executeServerCommand<{
      requests: Array<{ t: number; method: string; url: string; length: number; status?: number }>;
      created: Array<{ id: string; metadata: Record<string, string>; t: number }>;
      finished: string[];
      finishedAt: Record<string, number>;
      patchBytes: number;
    }, undefined>('tus-stats'),
  restart: (options: { downMs?: number } = {}) => executeServerCommand('tus-restart', options),
  truncate: (id: string, size: number) => executeServerCommand('tus-truncate', { id, size }),
  digest: (id: string) => executeServerCommand<{ sha256: string; size: number; metadata: Record<string, string>; complete: boolean }, { id: string }>('tus-digest', { id }),
};

/** A file of `size` pseudo-random bytes (deterministic per seed), typed as video. */
export function makeFile(size: number, name = 'clip.mp4', type = 'video/mp4', seed = 1, lastModified = 1_700_000_000_000 + seed): File {
  const bytes = new Uint8Array(size);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 255;
    bytes[i + 1] = (x >>> 8) & 255;
    bytes[i + 2] = (x >>> 16) & 255;
    bytes[i + 3] = (x >>> 24) & 255;
  }
  return new File([bytes], name, { type, lastModified });
}

export async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function nextEvent<K extends keyof GcoreUploaderEventMap>(el: GcoreUploader, name: K): Promise<GcoreUploaderEventMap[K]> {
  return oneEvent(el, name) as Promise<GcoreUploaderEventMap[K]>;
}

/** Resolves with `check()`'s value once it is truthy (checked every 50 ms: for what no event tells); fails after `ms`. */
export async function until<T>(check: () => T | null | undefined | false, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a `<video>` is doing, for a failure message. */
export function videoState(video: HTMLVideoElement): string {
  const ranges = [];
  for (let i = 0; i < video.buffered.length; i++) ranges.push(`${video.buffered.start(i).toFixed(2)}-${video.buffered.end(i).toFixed(2)}`);
  return `currentTime ${video.currentTime.toFixed(2)}, paused ${video.paused}, readyState ${video.readyState}, networkState ${video.networkState}, buffered [${ranges.join(' ')}], src ${video.currentSrc || 'none'}, error ${video.error ? `${video.error.code} ${video.error.message}` : 'none'}`;
}

/**
 * Resolves when `event` fires on `target` and `until()` holds; rejects after `ms` with `what` (or what it
 * returns then) and, for a `<video>` (of any window: a test page's iframe too), what it was doing. No sleeping.
 */
export function when(target: EventTarget, event: string, until: () => boolean, ms = 15_000, what: string | (() => string) = event): Promise<void> {
  return new Promise((resolve, reject) => {
    if (until()) return resolve();
    const timer = setTimeout(() => {
      target.removeEventListener(event, check);
      const media = (target as Node).nodeName === 'VIDEO' ? ` (${videoState(target as HTMLVideoElement)})` : '';
      reject(new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}${media}`));
    }, ms);
    function check() {
      if (!until()) return;
      clearTimeout(timer);
      target.removeEventListener(event, check);
      resolve();
    }
    target.addEventListener(event, check);
  });
}

/** A real MP4 (ffmpeg: 640×360, 4 s, H.264 + AAC; the emulator plugin's /__fixtures/clip.mp4), as a user would choose it. */
export async function clip(name = 'clip.mp4'): Promise<File> {
  const blob = await (await fetch('/__fixtures/clip.mp4')).blob();
  return new File([blob], name, { type: 'video/mp4', lastModified: Date.now() });
}

/** Small chunks, so that a test file of a few hundred KB has several. */
export const CHUNK = 128 * 1024;

/** A fresh element with small chunks and short retry delays, and `props` set. */
export async function uploader(props: Partial<GcoreUploader> = {}, retryDelays = [0, 100, 200]): Promise<GcoreUploader> {
  const el = await fixture<GcoreUploader>(html`<gcore-uploader chunk-size=${CHUNK}></gcore-uploader>`);
  Object.assign(el, { retryDelays, ...props });
  await el.updateComplete;
  return el;
}

/** Resolves once the server has confirmed `n` chunks. */
export function chunksDone(el: GcoreUploader, n: number): Promise<void> {
  return new Promise((resolve) => {
    let count = 0;
    const on = () => {
      if (++count === n) {
        el.removeEventListener('chunk-complete', on);
        resolve();
      }
    };
    el.addEventListener('chunk-complete', on);
  });
}

/**
 * After an upload was stopped at `stoppedAt` (Date.now()): waits longer than any retry delay, then
 * checks that no request reached the server later. A request already on the wire when the upload
 * stopped may still land, so only requests starting 100 ms after it count.
 */
export async function expectNoRequestAfter(stoppedAt: number): Promise<void> {
  await new Promise((r) => setTimeout(r, 1500));
  const late = (await server.stats()).requests.filter((r) => r.t > stoppedAt + 100);
  if (late.length) throw new Error(`requests after the upload stopped: ${JSON.stringify(late)}`);
}

/** Collects the names of the element's events, in order. */
export function recordEvents(el: HTMLElement, names: string[]): Array<{ type: string; detail: any }> {
  const log: Array<{ type: string; detail: any }> = [];
  for (const name of names) el.addEventListener(name, (e) => log.push({ type: e.type, detail: (e as CustomEvent).detail }));
  return log;
}

export function clearResumeStorage(): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith('gcore-uploader::')) localStorage.removeItem(key);
  }
}

/** The engine this page runs in, as the launcher that opened it says ('test-engine', test/support/launchers/). */
export type Engine = 'chromium' | 'firefox' | 'webkit';
let currentEngine: Promise<Engine> | undefined;
export function engine(): Promise<Engine> {
  currentEngine ??= executeServerCommand<Engine, undefined>('test-engine');
  return currentEngine;
}

/**
 * Skips the running test in `engines` only, for something that engine truly cannot do, and says so in the
 * run's output ("SKIPPED in webkit: <test>: <reason>", under the file's browser logs). Call it first
 * in the test, with the test's `this`: `await skipIn(this, 'webkit', 'why')`.
 */
export async function skipIn(test: Mocha.Context, engines: Engine | Engine[], reason: string): Promise<void> {
  const current = await engine();
  if (!([] as Engine[]).concat(engines).includes(current)) return;
  console.log(`SKIPPED in ${current}: ${test.test?.fullTitle() ?? ''}: ${reason}`);
  test.skip();
}

/** Skips the running test where `supported` is false (a feature this engine lacks), saying so like skipIn(). */
export async function skipUnless(test: Mocha.Context, supported: boolean, reason: string): Promise<void> {
  if (supported) return;
  console.log(`SKIPPED in ${await engine()}: ${test.test?.fullTitle() ?? ''}: ${reason}`);
  test.skip();
}

/** The page's prefers-color-scheme in every engine ('test-color-scheme'); null removes the override. */
export function colorScheme(scheme: 'light' | 'dark' | null): Promise<unknown> {
  return executeServerCommand('test-color-scheme', { scheme });
}

export const backend = {
  url: '/__backend/session',
  requests: () => executeServerCommand<Array<{ method: string; contentType: string; body: any }>, undefined>('backend-requests'),
  reset: () => executeServerCommand('backend-reset'),
};
