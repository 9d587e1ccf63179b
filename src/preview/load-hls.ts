/**
 * hls.js is large, and only a preview needs it: it is loaded on first use, never at startup.
 *
 * - ESM build: `import('hls.js')`, a separate chunk the app's bundler splits off.
 * - CDN build (one classic IIFE script, which cannot split code): `hls.mjs`, published next to the CDN file.
 */
import type HlsType from 'hls.js';
import { assetLoadFailed, importCdnAsset } from '../cdn-assets.js';

export type HlsConstructor = typeof HlsType;

let loading: Promise<HlsConstructor> | null = null;

/** hls.js's default export (the `Hls` class), imported once; later calls share the same promise. */
export function loadHls(): Promise<HlsConstructor> {
  if (!loading) {
    loading = importHls().catch((err) => {
      // A failed download (offline, CDN hiccup) may work on the next try.
      loading = null;
      return assetLoadFailed('hls.mjs')(err);
    });
  }
  return loading;
}

async function importHls(): Promise<HlsConstructor> {
  if (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__) return (await importCdnAsset<{ default: HlsConstructor }>('hls.mjs')).default;
  return (await import('hls.js')).default;
}
