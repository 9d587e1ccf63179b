/**
 * Every part loaded on first use, in one place: the status poller (after an upload), the preview player
 * and hls.js (when a video is viewable) and the non-English texts (when a page asks for that language).
 *
 * - ESM build: `import()`, a chunk of its own that the app's bundler splits off.
 * - CDN build (one classic script, which cannot split code): the file of that name published next to
 *   the CDN script. The build defines `__GCORE_CDN__ = true` and cdn.ts records where the script came from.
 *
 * The condition stays inline at each site so that the build folds it and drops the other branch (and
 * the chunk it would import). Any failure becomes `asset-load-failed` naming the part. No DOM at import.
 */
import { GcoreUploaderError } from './errors.js';

declare global {
  /**
   * Defined (true) by the CDN build only. Test it inline, `typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__`,
   * so that the build folds the condition and drops the other branch (and the chunk it would import).
   */
  const __GCORE_CDN__: boolean | undefined;
  // eslint-disable-next-line no-var
  var __GCORE_UPLOADER_BASE_URL__: string | undefined;
}

type PollerModule = typeof import('./status/poller.js');
type PlayerModule = typeof import('./preview/player.js');
type HlsModule = typeof import('hls.js');
export type HlsConstructor = HlsModule['default'];
type LocaleModule = Record<string, import('./i18n/en.js').Strings>;

/** For `.catch()` after loading a lazy part: any failure becomes `asset-load-failed` naming the part. */
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

/** The status poller: `status.mjs` next to the CDN file, or a chunk. */
export function loadPoller(): Promise<PollerModule> {
  return (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<PollerModule>('status.mjs') : import('./status/poller.js')).catch(
    assetLoadFailed('status.mjs'),
  );
}

/** The preview player: `player.mjs` next to the CDN file, or a chunk. */
export function loadPlayer(): Promise<PlayerModule> {
  return (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<PlayerModule>('player.mjs') : import('./preview/player.js')).catch(
    assetLoadFailed('player.mjs'),
  );
}

let hls: Promise<HlsModule['default']> | null = null;

/** hls.js's `Hls` class, imported once (`hls.mjs` next to the CDN file, or the app's copy); a failure may be retried. */
export function loadHls(): Promise<HlsModule['default']> {
  hls ??= (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<HlsModule>('hls.mjs') : import('hls.js')).then(
    (module) => module.default,
    (err) => {
      hls = null;
      return assetLoadFailed('hls.mjs')(err);
    },
  );
  return hls;
}

/** A language's texts: `locales/xx.mjs` next to the CDN file, or a chunk. */
export function loadLocaleModule(locale: 'de' | 'es' | 'fr' | 'ru'): Promise<LocaleModule> {
  return (
    typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__
      ? importCdnAsset<LocaleModule>(`locales/${locale}.mjs`)
      : locale === 'de'
        ? import('./i18n/de.js')
        : locale === 'es'
          ? import('./i18n/es.js')
          : locale === 'fr'
            ? import('./i18n/fr.js')
            : import('./i18n/ru.js')
  ).catch(assetLoadFailed(`locales/${locale}.mjs`));
}
