// Every way a page includes the published files reaches a playing preview and the page's language:
// the CDN file as a classic script (plain, async, defer, appended later by another script) and as a module
// script, and the ESM build imported from an ES-module CDN's `+esm` URL. Each page loads the lazy parts
// (status poller, player, hls.js, German texts) from where that include put them, never from the project.
// Needs `npm run build` first (`npm test` builds before the browser tests).
import { expect } from '@open-wc/testing';
import { clearResumeStorage, server } from './support/helpers.js';
import { closePages, page, playing, until, type PageWindow } from './support/pages.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';

const CDN_FILE = '/dist/cdn/gcore-uploader.min.js';
const ESM_CDN = '/esm-cdn/npm/gcore-uploader@0.1.0/+esm';

const GERMAN_BUTTON = 'Video auswählen';

const INCLUDES: Array<{ name: string; head: string; from: string }> = [
  { name: 'classic <script src>', head: `<script src="${CDN_FILE}"></script>`, from: '/dist/cdn/' },
  { name: '<script async src>', head: `<script async src="${CDN_FILE}"></script>`, from: '/dist/cdn/' },
  { name: '<script defer src>', head: `<script defer src="${CDN_FILE}"></script>`, from: '/dist/cdn/' },
  { name: '<script type="module" src>', head: `<script type="module" src="${CDN_FILE}"></script>`, from: '/dist/cdn/' },
  {
    name: 'a <script> appended by another script after the page loaded',
    head: `<script>addEventListener('load', () => { const s = document.createElement('script'); s.src = '${CDN_FILE}'; document.head.append(s); });</script>`,
    from: '/dist/cdn/',
  },
  { name: "import 'gcore-uploader' from an ES-module CDN (+esm)", head: `<script type="module">import '${ESM_CDN}';</script>`, from: '/esm-cdn/npm/' },
];

const buttonText = (el: GcoreUploader) => el.shadowRoot?.querySelector('[part~="select-button"]')?.textContent?.trim() ?? '';

/** Uploads the fixture clip through `el` (the page's own File) and waits for the preview to play. */
async function uploadAndPlay(win: PageWindow, el: GcoreUploader): Promise<void> {
  el.sessionUrl = '/api/gcore/session';
  el.pollInterval = 250;
  const clip = await (await fetch('/__fixtures/clip.mp4')).arrayBuffer();
  let viewable = false;
  el.addEventListener('video-viewable', () => (viewable = true), { once: true });
  await el.upload(new win.File([clip], 'clip.mp4', { type: 'video/mp4' }));
  await until(win, () => viewable, `video-viewable (state ${el.state}, status ${el.video?.status})`, 60_000);
  await el.updateComplete;
  await until(win, () => Boolean(el.shadowRoot!.querySelector('video')), 'the preview <video>');
  await playing(el.shadowRoot!.querySelector('video')!);
}

describe('every way a page includes gcore-uploader', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });

  afterEach(closePages);

  for (const include of INCLUDES) {
    it(`${include.name}: German with lang="de", then upload to a playing preview`, async () => {
      const { win, el } = await page(include.head, { lang: 'de' });
      await until(win, () => buttonText(el) === GERMAN_BUTTON, `the German button (shows "${buttonText(el)}")`);

      await uploadAndPlay(win, el);

      expect(el.state).to.be.oneOf(['processing', 'ready']);
      expect(win.__pageErrors, 'no error in the page').to.deep.equal([]);
      expect(win.__uploaderErrors, 'no part failed to load').to.deep.equal([]);
      const lazy = win.performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => /\/(status|poller|player|hls|de)[.-]/.test(p));
      expect(lazy.length, 'the lazy parts were loaded').to.be.greaterThan(2);
      for (const p of lazy) expect(p.startsWith(include.from), `${p} comes from ${include.from}`).to.equal(true);
    });
  }

  it('a lazy part that cannot be loaded is said in words and dispatched as an `error` event with its code', async () => {
    // The CDN file told to look for its parts where there are none (as if they were not published with it).
    const { win, el } = await page(`<script>window.__GCORE_UPLOADER_BASE_URL__ = location.origin + '/nowhere/gcore-uploader.min.js';</script><script src="${CDN_FILE}"></script>`, {
      lang: 'de',
    });
    await until(win, () => win.__uploaderErrors.length > 0, 'the error event for the German texts');
    expect(win.__uploaderErrors[0]).to.include({ code: 'asset-load-failed', asset: 'locales/de.mjs' });
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[part~="error"][role="alert"]');
    expect(alert?.textContent).to.contain('could not be loaded');

    // A file is chosen: the upload engine (upload.mjs) cannot be loaded either. The upload fails with the same
    // code (never hangs), the same event names the part, and the error is said in words.
    el.sessionUrl = '/api/gcore/session';
    const uploadError = new Promise<CustomEvent>((resolve) => el.addEventListener('upload-error', (e) => resolve(e as CustomEvent), { once: true }));
    const clip = await (await fetch('/__fixtures/clip.mp4')).arrayBuffer();
    const failed = await el.upload(new win.File([clip], 'clip.mp4', { type: 'video/mp4' })).then(
      () => null,
      (err) => err,
    );
    expect(failed?.code).to.equal('asset-load-failed');
    expect((await uploadError).detail).to.include({ code: 'asset-load-failed', retryable: true });
    expect(win.__uploaderErrors.map((e) => e.asset)).to.include('upload.mjs');
    expect(el.state).to.equal('error');
    await el.updateComplete;
    const alerts = [...el.shadowRoot!.querySelectorAll('[part~="error"][role="alert"]')].map((e) => e.textContent ?? '');
    expect(alerts.length, "the texts' error and the upload's").to.equal(2);
    for (const text of alerts) expect(text).to.contain('could not be loaded'); // in English: the German texts could not be loaded
    expect(win.__pageErrors, 'no uncaught error or unhandled rejection').to.deep.equal([]);
  });
});
