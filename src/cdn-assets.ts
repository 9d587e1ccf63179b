/**
 * Files published next to the CDN script (hls.js, the locales), loaded on first use. The CDN file is
 * one classic script that cannot split code, so these are reached by URL: the build defines
 * `__GCORE_CDN__ = true` and cdn.ts records where the script came from.
 */
declare global {
  /**
   * Defined (true) by the CDN build only. Test it inline, `typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__`,
   * so that the build folds the condition and drops the other branch (and the chunk it would import).
   */
  const __GCORE_CDN__: boolean | undefined;
  // eslint-disable-next-line no-var
  var __GCORE_UPLOADER_BASE_URL__: string | undefined;
}

import { GcoreUploaderError } from './errors.js';

/**
 * For `.catch()` after loading a lazy part (either build): turns any failure into `asset-load-failed`
 * naming the part, so the element can say so and dispatch its `error` event.
 */
export function assetLoadFailed(asset: string): (cause: unknown) => never {
  return (cause) => {
    throw new GcoreUploaderError('asset-load-failed', { cause, params: { asset } });
  };
}

/** Imports `name` from next to the CDN script. */
export async function importCdnAsset<T>(name: string): Promise<T> {
  const base = globalThis.__GCORE_UPLOADER_BASE_URL__;
  if (!base) throw new Error(`gcore-uploader: cannot load ${name}: the CDN script's URL is unknown.`);
  return (await import(/* @vite-ignore */ new URL(name, base).href)) as T;
}
