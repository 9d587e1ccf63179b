/**
 * Files published next to the CDN script (hls.js, the locales), loaded on first use. The CDN file is
 * one classic script that cannot split code, so these are reached by URL: the build defines
 * `__GCORE_CDN__ = true` and cdn.ts records where the script came from.
 */
declare const __GCORE_CDN__: boolean | undefined;

declare global {
  // eslint-disable-next-line no-var
  var __GCORE_UPLOADER_BASE_URL__: string | undefined;
}

/** True in the CDN build only (a constant there, so the other branch is dropped). */
export const IS_CDN = typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__;

/** Imports `name` from next to the CDN script. */
export function importCdnAsset<T>(name: string): Promise<T> {
  const base = globalThis.__GCORE_UPLOADER_BASE_URL__;
  if (!base) return Promise.reject(new Error(`gcore-uploader: cannot load ${name}: the CDN script's URL is unknown.`));
  return import(/* @vite-ignore */ new URL(name, base).href) as Promise<T>;
}
