// Entry of the CDN file: a classic <script src> that registers <gcore-uploader> by itself.
// The preview's hls.js is not in this file: it is `hls.mjs`, published next to it, and loaded by a
// dynamic import only when a video becomes viewable.
import { defineGcoreUploader, GcoreUploader } from './index.js';

const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
if (script?.src && !globalThis.__GCORE_UPLOADER_HLS_URL__) {
  globalThis.__GCORE_UPLOADER_HLS_URL__ = new URL('hls.mjs', script.src).href;
}

defineGcoreUploader();
(globalThis as { GcoreUploader?: typeof GcoreUploader }).GcoreUploader = GcoreUploader;
