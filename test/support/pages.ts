// A published file as a page without a bundler uses it: each page is an iframe of its own (its own
// globals, its own custom element registry), built from the markup a developer would write.
import type { GcoreUploader } from '../../src/gcore-uploader.js';

export type PageWindow = Window &
  typeof globalThis & { GcoreUploader?: typeof GcoreUploader; __pageErrors: string[]; __uploaderErrors: Array<{ code: string; asset: string; message: string }> };

const frames: HTMLIFrameElement[] = [];

export interface PageOptions {
  /** Resolve as soon as the page has loaded, without waiting for the element to be defined. */
  blank?: boolean;
  /** `<html lang>` of the page. */
  lang?: string;
  /** Attributes of the page's one `<gcore-uploader>`. */
  attributes?: string;
}

/**
 * A page made of `head` and one `<gcore-uploader>`; resolves once the element is defined (unless `blank`).
 * The page records its uncaught errors in `__pageErrors` and the element's `error` events in `__uploaderErrors`.
 */
export async function page(head: string, { blank = false, lang = 'en', attributes = 'chunk-size="65536" retry-delays="0,200,400"' }: PageOptions = {}) {
  const frame = document.createElement('iframe');
  frames.push(frame);
  const loaded = new Promise<void>((resolve, reject) => {
    frame.onload = () => resolve();
    frame.onerror = () => reject(new Error('the page did not load'));
  });
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
    <script>
      window.__pageErrors = [];
      window.__uploaderErrors = [];
      addEventListener('error', (e) => { if (!(e instanceof CustomEvent)) __pageErrors.push(String(e.message)); });
      addEventListener('unhandledrejection', (e) => __pageErrors.push('unhandled rejection: ' + String(e.reason)));
      document.addEventListener('error', (e) => { if (e instanceof CustomEvent) __uploaderErrors.push(e.detail); }, true);
    </script>
    ${head}</head><body><gcore-uploader ${attributes}></gcore-uploader></body></html>`;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as PageWindow;
  const el = () => win.document.querySelector('gcore-uploader') as GcoreUploader;
  if (blank) return { win, el: el() };
  await Promise.race([
    win.customElements.whenDefined('gcore-uploader'),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`not defined; page errors: ${win.__pageErrors.join('; ')}`)), 10_000)),
  ]);
  await el().updateComplete;
  return { win, el: el() };
}

/** Removes every page made so far (call it in afterEach). */
export function closePages(): void {
  for (const frame of frames.splice(0)) frame.remove();
}

/**
 * Resolves when `check()` holds, testing it on every animation frame of `win` (for what the page shows,
 * which has no event of its own); rejects after `ms` with `what`.
 */
export function until(win: Window, check: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + ms;
    const tick = () => {
      if (check()) resolve();
      else if (performance.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else win.requestAnimationFrame(tick);
    };
    tick();
  });
}

/** What a `<video>` is doing, for a failure message. */
export function describeVideo(video: HTMLVideoElement): string {
  const buffered = Array.from({ length: video.buffered.length }, (_, i) => `${video.buffered.start(i).toFixed(2)}-${video.buffered.end(i).toFixed(2)}`).join(',');
  return (
    `readyState ${video.readyState}, networkState ${video.networkState}, currentTime ${video.currentTime.toFixed(2)}, paused ${video.paused}, ` +
    `seeking ${video.seeking}, videoWidth ${video.videoWidth}, buffered [${buffered}], error ${video.error ? `${video.error.code} ${video.error.message}` : 'none'}, src ${video.currentSrc || video.src || '(none)'}`
  );
}

/**
 * Resolves once `video` has decoded frames and played past 0.2 s; rejects after `ms` with what the
 * video was doing, so that a preview that never plays fails the test in words instead of timing it out.
 */
export function playing(video: HTMLVideoElement, ms = 60_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      video.removeEventListener('timeupdate', check);
      clearTimeout(timer);
    };
    const check = () => {
      if (video.videoWidth > 0 && video.currentTime > 0.2) {
        done();
        resolve();
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the video did not play within ${ms / 1000} s: ${describeVideo(video)}`));
    }, ms);
    video.addEventListener('timeupdate', check);
    check();
  });
}
