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

/** Imports `name` from next to the CDN script. */
export function importCdnAsset<T>(name: string): Promise<T> {
  const base = globalThis.__GCORE_UPLOADER_BASE_URL__;
  if (!base) return Promise.reject(new Error(`gcore-uploader: cannot load ${name}: the CDN script's URL is unknown.`));
  return import(/* @vite-ignore */ new URL(name, base).href) as Promise<T>;
}
