/**
 * Every part loaded on first use, in one place: the upload engine (tus-js-client and the job, once a
 * file is chosen; fetched early, on idle after the element connects), the status poller (after an
 * upload), the preview player and hls.js (when a video is viewable; the light build unless the master
 * lists subtitles or alternate audio), the non-English texts (when a page asks for that language), the
 * details panel with its client (`details`: when the attribute is set, and on the first save), the
 * local first frame of a chosen file (`frame`: fetched with the upload engine) and the list of uploads
 * an earlier page left unfinished with its Resume flow (`resume`: once the core lists one).
 *
 * - ESM build: `import()`, a chunk of its own that the app's bundler splits off.
 * - CDN build (one classic script, which cannot split code): the file of that name published next to
 *   the CDN script. The build defines `__GCORE_CDN__ = true` and cdn.ts records where the script came from.
 *
 * The condition stays inline at each site so that the build folds it and drops the other branch (and
 * the chunk it would import). Any failure becomes `asset-load-failed` naming the part. No DOM at import.
 *
 * In the CDN build each of those files is a bundle of its own, with its own copy of shared modules:
 * errors crossing from one to another are recognised by brand (`isUploaderError`), not `instanceof`.
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

type EngineModule = typeof import('./core/engine.js');
type PollerModule = typeof import('./status/poller.js');
type PlayerModule = typeof import('./controllers/player-part.js');
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

/** `load`, once; after a failure the next call tries again. Any failure becomes `asset-load-failed` naming `asset`. */
function once<T>(asset: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((err) => {
      loading = null;
      return assetLoadFailed(asset)(err);
    }));
}

/** The upload engine (tus-js-client, the job, the resume store): `upload.mjs` next to the CDN file, or a chunk. Loaded once; a failure may be retried. */
export const loadUploadEngine: () => Promise<EngineModule> = /* @__PURE__ */ once('upload.mjs', () =>
  typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<EngineModule>('upload.mjs') : import('./core/engine.js'),
);

type FrameModule = typeof import('./controllers/local-frame-controller.js');
type ResumeModule = typeof import('./controllers/unfinished-controller.js');

/** The chosen file's first frame and duration in its row (`frame.mjs` next to the CDN file, or a chunk). Loaded once; a failure may be retried. */
export const loadFramePart: () => Promise<FrameModule> = /* @__PURE__ */ once('frame.mjs', () =>
  typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<FrameModule>('frame.mjs') : import('./controllers/local-frame-controller.js'),
);

/** The uploads an earlier page left unfinished: their list, Resume, Discard, choosing a file again (`resume.mjs` next to the CDN file, or a chunk). Loaded once; a failure may be retried. */
export const loadResumePart: () => Promise<ResumeModule> = /* @__PURE__ */ once('resume.mjs', () =>
  typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<ResumeModule>('resume.mjs') : import('./controllers/unfinished-controller.js'),
);

/**
 * Starts loading the upload engine and the frame part without waiting for them: at once (`when: 'now'`,
 * a file is about to come), or when the browser is idle (`requestIdleCallback`, else a short timeout).
 * A failure here is silent: what needs the part loads it again and reports it.
 */
export function preloadUploadEngine(when: 'now' | 'idle' = 'now'): void {
  const start = () => {
    void loadUploadEngine().catch(() => {});
    void loadFramePart().catch(() => {});
  };
  if (when === 'now') return start();
  const g = globalThis as { requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number };
  if (typeof g.requestIdleCallback === 'function') g.requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 200);
}

/** The status poller: `status.mjs` next to the CDN file, or a chunk. */
export function loadPoller(): Promise<PollerModule> {
  return (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<PollerModule>('status.mjs') : import('./status/poller.js')).catch(
    assetLoadFailed('status.mjs'),
  );
}

/** The preview player: `player.mjs` next to the CDN file, or a chunk. */
export function loadPlayer(): Promise<PlayerModule> {
  return (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<PlayerModule>('player.mjs') : import('./controllers/player-part.js')).catch(
    assetLoadFailed('player.mjs'),
  );
}

type DetailsClientModule = typeof import('./core/details.js');
type DetailsModule = typeof import('./details/index.js');

/**
 * The details client (PATCH edit_url, POST its subtitles; DOM-free, for the core): a chunk of its own, or
 * `details.mjs` next to the CDN file (which has it too). Loaded on the first save; a failure may be retried.
 */
export function loadDetailsClient(): Promise<DetailsClientModule> {
  return (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<DetailsClientModule>('details.mjs') : import('./core/details.js')).catch(
    assetLoadFailed('details.mjs'),
  );
}

/**
 * The details panel (`details`): its view, controller and styles, the poster's frame capture and
 * checks, the subtitle checks and SRT conversion, the languages list. `details.mjs` next to the CDN
 * file, or a chunk; loaded once the element has `details`, never before. A failure may be retried.
 */
export const loadDetailsPanel: () => Promise<DetailsModule> = /* @__PURE__ */ once('details.mjs', () =>
  typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__ ? importCdnAsset<DetailsModule>('details.mjs') : import('./details/index.js'),
);

const hls: { light?: Promise<HlsConstructor>; full?: Promise<HlsConstructor> } = {};

/**
 * hls.js's `Hls` class, imported once per build: the light one (`hls.js/light`: no subtitles, no
 * alternate audio, no DRM; `hls-light.mjs` next to the CDN file) or, with `full`, the complete one
 * (`hls.js`, `hls.mjs`). From the app's copy of hls.js in the ESM build. A failure may be retried.
 */
export function loadHls(full = false): Promise<HlsConstructor> {
  const which = full ? 'full' : 'light';
  const name = full ? 'hls.mjs' : 'hls-light.mjs';
  return (hls[which] ??= (
    typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__
      ? importCdnAsset<HlsModule>(name)
      : full
        ? import('hls.js')
        : import('hls.js/light')
  ).then(
    (module) => module.default,
    (err) => {
      delete hls[which];
      return assetLoadFailed(name)(err);
    },
  ));
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
