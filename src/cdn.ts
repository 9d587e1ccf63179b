// Entry of the CDN file: a classic <script src> that registers <gcore-uploader> by itself.
// The preview's hls.js and the non-English texts are not in this file: `hls.mjs` and `locales/*.mjs`
// are published next to it and loaded by dynamic import on first use (see cdn-assets.ts).
import { defineGcoreUploader, GcoreUploader } from './index.js';

const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
if (script?.src && !globalThis.__GCORE_UPLOADER_BASE_URL__) globalThis.__GCORE_UPLOADER_BASE_URL__ = script.src;

defineGcoreUploader();
(globalThis as { GcoreUploader?: typeof GcoreUploader }).GcoreUploader = GcoreUploader;
