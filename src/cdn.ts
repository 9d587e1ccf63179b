// Entry of the CDN file: a script that registers <gcore-uploader> by itself, however the page includes it
// (classic, async, defer, added by another script, or `type="module"`).
// The preview's hls.js, the status poller, the player and the non-English texts are not in this file:
// they are published next to it and loaded by dynamic import on first use (see lazy.ts), so the
// file must know its own URL.
import { defineGcoreUploader, GcoreUploader } from './index.js';

if (!globalThis.__GCORE_UPLOADER_BASE_URL__) {
  const url = ownUrl();
  if (url) globalThis.__GCORE_UPLOADER_BASE_URL__ = url;
}

defineGcoreUploader();
(globalThis as { GcoreUploader?: typeof GcoreUploader }).GcoreUploader = GcoreUploader;

/**
 * The URL this file was loaded from. `document.currentScript` gives it for a classic script (also async,
 * defer or appended later) but is null in a module script; there the running code's own location is
 * the first URL in a stack trace, which every engine prints (`at URL:l:c`, `@URL:l:c`).
 */
function ownUrl(): string | null {
  const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
  if (script?.src) return script.src;
  const stack = new Error().stack ?? '';
  const match = /((?:https?|file):\/\/[^\s()@]+):\d+:\d+/.exec(stack);
  return match ? match[1] : null;
}
