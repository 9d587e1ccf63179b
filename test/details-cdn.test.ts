// Issue #18: `details` from the CDN file, as a page without a bundler uses it: the panel's part is
// `details.mjs`, loaded from next to the CDN file only once the element has `details`, and saves
// through the helper like the ESM build. Needs `npm run build` first.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, until } from './support/helpers.js';

type PageWindow = Window & typeof globalThis;

describe('details from the CDN file (details.mjs, #18)', function () {
  this.timeout(90_000);
  let frame: HTMLIFrameElement | null = null;
  beforeEach(() => clearResumeStorage());
  afterEach(async () => {
    frame?.remove();
    await executeServerCommand('uploads-release');
  });

  it('loads details.mjs only with `details`, renders the panel and saves the title during the upload', async () => {
    frame = document.createElement('iframe');
    const errors: string[] = [];
    (window as unknown as { __detailsErrors: string[] }).__detailsErrors = errors;
    frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8">
      <script>addEventListener('error', (e) => parent.__detailsErrors.push(String(e.message)));</script>
      <script src="/dist/cdn/gcore-uploader.min.js"></script></head>
      <body><gcore-uploader session-url="/api/gcore/session" chunk-size="65536"></gcore-uploader></body></html>`;
    const loaded = new Promise((resolve) => (frame!.onload = resolve));
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow as PageWindow;
    await win.customElements.whenDefined('gcore-uploader');
    const el = win.document.querySelector('gcore-uploader') as GcoreUploader;
    const fetched = () => win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    expect(fetched(), 'no details.mjs without `details`').to.not.include('/dist/cdn/details.mjs');

    el.setAttribute('details', '');
    await until(() => fetched().includes('/dist/cdn/details.mjs'), 'details.mjs fetched');
    const blob = await (await fetch('/__fixtures/clip.mp4')).blob();
    const file = new win.File([await blob.arrayBuffer()], 'Conference talk.mp4', { type: 'video/mp4' });
    // The upload server holds the first PATCH until the pause (upload-start is told LATER_MS after it left:
    // the small clip could be all sent by then).
    await executeServerCommand('uploads-hold');
    const started = new Promise((resolve) => el.addEventListener('upload-start', resolve, { once: true }));
    const paused = new Promise((resolve) => el.addEventListener('upload-pause', resolve, { once: true }));
    const done = el.upload(file);
    await started;
    el.pause();
    await executeServerCommand('uploads-release');
    await paused;
    const title = await until(() => el.shadowRoot!.querySelector<HTMLInputElement>('#details-title'), 'the panel');
    expect(title.value).to.equal('Conference talk');
    title.value = 'Talk from the CDN';
    title.dispatchEvent(new win.InputEvent('input', { bubbles: true }));
    const saved = new Promise<CustomEvent>((resolve) => el.addEventListener('details-saved', (e) => resolve(e as CustomEvent), { once: true }));
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="details-save"]')][0].click();
    expect((await saved).detail.fields).to.include('name');
    const video = await executeServerCommand<{ name: string } | null, { id: string }>('emulator-video', { id: el.videoId! });
    expect(video!.name).to.equal('Talk from the CDN');
    // The panel's styles came with it.
    expect(win.getComputedStyle(el.shadowRoot!.querySelector('[part~="details"]')!).display).to.equal('grid');
    el.resume();
    await done;
    expect(errors).to.deep.equal([]);
  });
});
