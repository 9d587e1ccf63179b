// The published files as a page without a bundler uses them, each in its own page (an iframe):
// - dist/cdn/gcore-uploader.min.js, a classic <script src>, and nothing else;
// - dist/index.js, the ESM build, from a <script type="module"> (its bare imports, lit and tus-js-client, are
//   resolved here by the test server the way an import map or a CDN's `+esm` rewriting does).
// Both need `npm run build` first (`npm test` builds before running the browser tests).
import { expect } from '@open-wc/testing';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, makeFile, server, sha256, when } from './support/helpers.js';

const CDN_FILE = '/dist/cdn/gcore-uploader.min.js';
const ESM_FILE = '/dist/index.js';

type PageWindow = Window & typeof globalThis & { GcoreUploader?: typeof GcoreUploader };

const frames: HTMLIFrameElement[] = [];

/** A page made of `head` and one `<gcore-uploader>`; resolves once the element is defined (unless `blank`). */
async function page(head: string, { blank = false } = {}): Promise<{ win: PageWindow; el: GcoreUploader }> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  const loaded = new Promise<void>((resolve, reject) => {
    frame.onload = () => resolve();
    frame.onerror = () => reject(new Error('the page did not load'));
  });
  const errors: string[] = [];
  (window as unknown as { __pageErrors: string[] }).__pageErrors = errors;
  frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8">
    <script>addEventListener('error', (e) => parent.__pageErrors.push(String(e.message)));</script>
    ${head}</head><body><gcore-uploader chunk-size="65536" retry-delays="0,200,400"></gcore-uploader></body></html>`;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as PageWindow;
  if (blank) return { win, el: win.document.querySelector('gcore-uploader') as GcoreUploader };
  await Promise.race([
    win.customElements.whenDefined('gcore-uploader'),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`not defined; page errors: ${errors.join('; ')}`)), 10_000)),
  ]);
  expect(errors, 'no error in the page').to.deep.equal([]);
  const el = win.document.querySelector('gcore-uploader') as GcoreUploader;
  await el.updateComplete;
  return { win, el };
}

/** Uploads `size` bytes through the element in `win` and checks them on the server byte for byte. */
async function uploadExactly(win: PageWindow, el: GcoreUploader, size: number, name: string) {
  const session = await server.session();
  // Objects of the page's own realm, as its own code would make them.
  el.session = win.JSON.parse(JSON.stringify(session));
  const source = makeFile(size, name, 'video/mp4', 7);
  const file = new win.File([await source.arrayBuffer()], source.name, { type: source.type, lastModified: source.lastModified });

  const successes: string[] = [];
  el.addEventListener('upload-success', (e) => successes.push((e as CustomEvent).detail.videoId));
  const videoId = await el.upload(file);

  expect(videoId).to.equal(String(session.video.id));
  expect(successes).to.deep.equal([videoId]);
  expect(el.state).to.equal('success');
  const stats = await server.stats();
  expect(stats.created).to.have.length(1);
  const digest = await server.digest(stats.created[0].id);
  expect(digest.size).to.equal(size);
  expect(digest.sha256).to.equal(await sha256(source));
  expect(digest.metadata).to.include({ filename: name, video_id: String(session.video.id) });
}

describe('published builds in a plain page', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });

  afterEach(() => {
    for (const frame of frames.splice(0)) frame.remove();
  });

  it('the CDN file, a classic <script src>, defines <gcore-uploader> and uploads byte-exact', async () => {
    const response = await fetch(CDN_FILE);
    expect(response.ok, `${CDN_FILE} exists (run npm run build)`).to.equal(true);
    const code = await response.text();
    expect(code, 'a classic script, not a module').not.to.match(/^\s*(import|export)\s|[;}]\s*export\s*\{/m);

    const { win, el } = await page(`<script src="${CDN_FILE}"></script>`);

    expect(win.customElements.get('gcore-uploader')).to.equal(win.GcoreUploader);
    expect(el).to.be.instanceOf(win.GcoreUploader!);
    expect(el.shadowRoot, 'rendered').to.not.equal(null);
    expect(el.chunkSize).to.equal(65536);
    expect(el.retryDelays).to.deep.equal([0, 200, 400]);

    await uploadExactly(win, el, 65536 * 3 + 321, 'cdn.mp4');
  });

  it('the CDN file adds one global, GcoreUploader, and finds upload.mjs, hls-light.mjs, hls.mjs and the locales next to it', async () => {
    const blank = await page('', { blank: true });
    const before = new Set(Object.getOwnPropertyNames(blank.win));
    const { win } = await page(`<script src="${CDN_FILE}"></script>`);
    const added = Object.getOwnPropertyNames(win).filter((k) => !before.has(k));
    // Lit's own globals (version markers, litPropertyMetadata) are shared by every Lit element on a page.
    expect(added.filter((k) => !/^(lit[A-Z]\w*|reactiveElementVersions)$/.test(k)).sort()).to.deep.equal(['GcoreUploader', '__GCORE_UPLOADER_BASE_URL__']);
    const base = (win as unknown as { __GCORE_UPLOADER_BASE_URL__: string }).__GCORE_UPLOADER_BASE_URL__;
    expect(new URL(base).pathname).to.equal('/dist/cdn/gcore-uploader.min.js');
    for (const file of ['upload.mjs', 'hls-light.mjs', 'hls.mjs']) expect((await fetch(new URL(file, base), { method: 'HEAD' })).ok, `${file} is published next to the CDN file`).to.equal(true);
    expect((await fetch(new URL('locales/de.mjs', base), { method: 'HEAD' })).ok, 'the locales too').to.equal(true);
  });

  it('the CDN file follows processing and plays the preview, loading upload.mjs, status.mjs, player.mjs (and hls-light.mjs without native HLS) from next to it', async function () {
    this.timeout(90_000);
    const { win, el } = await page(`<script src="${CDN_FILE}"></script>`);
    el.sessionUrl = '/api/gcore/session';
    el.pollInterval = 250;
    const clip = await (await fetch('/__fixtures/clip.mp4')).arrayBuffer();
    let viewable = false;
    el.addEventListener('video-viewable', () => (viewable = true));
    const status = () => `state ${el.state}, video ${JSON.stringify(el.video?.status ?? null)}, error ${el.error?.code ?? 'none'}`;
    await el.upload(new win.File([clip], 'clip.mp4', { type: 'video/mp4' }));
    await when(el, 'video-viewable', () => viewable, 45_000, () => `video-viewable (${status()})`);
    await el.updateComplete;
    const video = el.shadowRoot!.querySelector('video')!;
    await when(video, 'timeupdate', () => video.videoWidth > 0 && video.currentTime > 0.2, 30_000, () => `the preview to play past 0.2 s (${status()}, in the page ${video.isConnected})`);
    const loaded = win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    for (const file of ['/dist/cdn/upload.mjs', '/dist/cdn/status.mjs', '/dist/cdn/player.mjs']) expect(loaded).to.include(file);
    // Native HLS where the browser has it (Chromium does now), else hls.js light (the clip's master has no subtitles).
    const native = video.canPlayType('application/vnd.apple.mpegurl') !== '';
    expect(loaded.includes('/dist/cdn/hls-light.mjs'), 'hls-light.mjs loaded').to.equal(!native);
    expect(loaded, 'the full hls.js is not needed').not.to.include('/dist/cdn/hls.mjs');
  });

  it('the ESM build, from <script type="module">, defines <gcore-uploader> and uploads byte-exact', async () => {
    const { win, el } = await page(`<script type="module">import { GcoreUploader } from '${ESM_FILE}'; window.GcoreUploader = GcoreUploader;</script>`);
    expect(win.customElements.get('gcore-uploader')).to.equal(win.GcoreUploader);
    await uploadExactly(win, el, 65536 * 2 + 99, 'esm.mp4');
  });
});
