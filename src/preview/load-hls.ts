/**
 * hls.js is large, and only a preview needs it: it is loaded on first use, never at startup.
 *
 * - ESM build: `import('hls.js')`, a separate chunk the app's bundler splits off.
 * - CDN build (one classic IIFE script, which cannot split code): the build defines `__GCORE_CDN__ = true`
 *   and sets `globalThis.__GCORE_UPLOADER_HLS_URL__` to the `hls.mjs` published next to the CDN file.
 */
import type HlsType from 'hls.js';

declare const __GCORE_CDN__: boolean | undefined;

declare global {
  var __GCORE_UPLOADER_HLS_URL__: string | undefined;
}

export type HlsConstructor = typeof HlsType;

let loading: Promise<HlsConstructor> | null = null;

/** hls.js's default export (the `Hls` class), imported once; later calls share the same promise. */
export function loadHls(): Promise<HlsConstructor> {
  if (!loading) {
    loading = importHls().catch((err) => {
      // A failed download (offline, CDN hiccup) may work on the next try.
      loading = null;
      throw err;
    });
  }
  return loading;
}

async function importHls(): Promise<HlsConstructor> {
  if (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__) {
    const url = globalThis.__GCORE_UPLOADER_HLS_URL__;
    if (!url) throw new Error('gcore-uploader: __GCORE_UPLOADER_HLS_URL__ is not set, so hls.js cannot be loaded.');
    return ((await import(/* @vite-ignore */ url)) as { default: HlsConstructor }).default;
  }
  return (await import('hls.js')).default;
}
