// The complete widget: many files, links, forms, languages, themes — and axe in every state.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, colorScheme, makeFile, nextEvent, server, sha256 } from './support/helpers.js';

const CHUNK = 128 * 1024;
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => requestAnimationFrame(r));
};
const shadow = (el: GcoreUploader, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const buttonNamed = (root: ParentNode, label: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === label);

describe('many files', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });

  it('three files with max-concurrent="2": each its own session, never more than two at once, all byte-exact', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader multiple max-concurrent="2" chunk-size=${CHUNK}></gcore-uploader>`);
    const sessionsFor: string[] = [];
    el.getSession = async (file: File) => {
      sessionsFor.push(file.name);
      return executeServerCommand('gcore-session', {});
    };
    await server.inject({ method: 'PATCH', delayMs: 60, times: 100 });
    const files = [1, 2, 3].map((n) => makeFile(CHUNK * 3 + n, `file-${n}.mp4`, 'video/mp4', 20 + n));
    const successes: string[] = [];
    let mostUploading = 0;
    el.addEventListener('upload-success', (e) => successes.push(e.detail.file.name));
    el.addEventListener('upload-progress', (e) => {
      expect(e.detail.file).to.be.instanceOf(File);
      const rows = el.shadowRoot!.querySelectorAll('[part~="file-row"] [role="progressbar"]').length;
      mostUploading = Math.max(mostUploading, rows);
    });
    const ids = await Promise.all(files.map((f) => el.upload(f)));

    expect(new Set(ids).size).to.equal(3);
    expect(successes.sort()).to.deep.equal(['file-1.mp4', 'file-2.mp4', 'file-3.mp4']);
    expect(sessionsFor.sort()).to.deep.equal(['file-1.mp4', 'file-2.mp4', 'file-3.mp4']);
    expect(mostUploading, 'rows with a running upload').to.be.at.most(2);
    const stats = await server.stats();
    // On the server: at no moment were more than two uploads between creation and completion.
    const spans = stats.created.map((c) => [c.t, stats.finishedAt[c.id]]);
    const most = Math.max(...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length));
    expect(most).to.be.at.most(2);
    for (const created of stats.created) {
      const file = files.find((f) => f.name === created.metadata.filename)!;
      expect((await server.digest(created.id)).sha256).to.equal(await sha256(file));
    }
    await el.updateComplete;
    expect(shadow(el, '[part~="header"]')!.textContent).to.contain('3 of 3 uploaded');
    expect(el.videoIds.sort()).to.deep.equal([...ids].sort());
  });

  it('cancelling one file leaves the others running', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader multiple max-concurrent="2" chunk-size=${CHUNK}></gcore-uploader>`);
    el.getSession = () => executeServerCommand('gcore-session', {});
    await server.inject({ method: 'PATCH', delayMs: 100, times: 100 });
    const a = makeFile(CHUNK * 4, 'keep.mp4', 'video/mp4', 31);
    const b = makeFile(CHUNK * 4, 'drop.mp4', 'video/mp4', 32);
    const keep = el.upload(a);
    const drop = el.upload(b).catch((e) => e);
    await until(() => el.shadowRoot!.querySelectorAll('[part~="file-row"] [role="progressbar"]').length === 2);
    const dropRow = [...el.shadowRoot!.querySelectorAll('[part~="file-row"]')].find((r) => r.textContent!.includes('drop.mp4'))!;
    buttonNamed(dropRow, 'Cancel')!.click();
    expect((await drop).code).to.equal('aborted');
    await keep;
    const stats = await server.stats();
    const kept = stats.created.find((c) => c.metadata.filename === 'keep.mp4')!;
    expect((await server.digest(kept.id)).sha256).to.equal(await sha256(a));
  });

  it('picking several files at once through the input takes them all', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader multiple chunk-size=${CHUNK}></gcore-uploader>`);
    el.getSession = () => executeServerCommand('gcore-session', {});
    const input = shadow(el, 'input[type=file]') as HTMLInputElement;
    expect(input.multiple).to.equal(true);
    const transfer = new DataTransfer();
    transfer.items.add(makeFile(1000, 'x.mp4', 'video/mp4', 41));
    transfer.items.add(makeFile(2000, 'y.mp4', 'video/mp4', 42));
    const selected: string[] = [];
    el.addEventListener('file-select', (e) => selected.push(e.detail.file.name));
    const second = new Promise<void>((resolve) => {
      let n = 0;
      el.addEventListener('upload-success', () => ++n === 2 && resolve());
    });
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await second;
    expect(selected).to.deep.equal(['x.mp4', 'y.mp4']);
  });
});

describe('from a link', function () {
  this.timeout(90_000);

  it('refuses links that are not http(s)/sftp, and manifests with the reason', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader import-url="/api/gcore/import"></gcore-uploader>`);
    shadow(el, '#tab-link')!.click();
    await el.updateComplete;
    const input = shadow(el, '[part~="link-input"]') as HTMLInputElement;
    const form = shadow(el, '[part~="link-form"]') as HTMLFormElement;
    input.value = 'ftp://example.com/a.mp4';
    form.requestSubmit();
    await el.updateComplete;
    expect(shadow(el, '[part~="error"]')!.textContent).to.contain('http(s) or sftp');
    input.value = 'https://example.com/hls/master.m3u8';
    form.requestSubmit();
    await el.updateComplete;
    expect(shadow(el, '[part~="error"]')!.textContent).to.contain('for playback, not upload');
  });

  it('imports a link through the backend helper and follows it to ready', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader import-url="/api/gcore/import" poll-interval="250"></gcore-uploader>`);
    shadow(el, '#tab-link')!.click();
    await el.updateComplete;
    (shadow(el, '[part~="link-input"]') as HTMLInputElement).value = `${location.origin}/__fixtures/clip.mp4`;
    const started = nextEvent(el, 'import-start');
    const ready = nextEvent(el, 'video-ready');
    (shadow(el, '[part~="link-form"]') as HTMLFormElement).requestSubmit();
    const { detail } = await started;
    expect(detail.url).to.equal(`${location.origin}/__fixtures/clip.mp4`);
    expect(detail.videoId).to.match(/^\d+$/);
    const video = (await ready).detail.video;
    expect(video.status).to.equal('ready');
    expect(el.videoId).to.equal(detail.videoId);
  });
});

describe('in a form', () => {
  it('required blocks submitting until the video is uploaded; the value is the video id', async () => {
    const session = await server.session();
    const form = await fixture<HTMLFormElement>(html`<form><gcore-uploader name="video" required .session=${session}></gcore-uploader><button>Save</button></form>`);
    const el = form.querySelector('gcore-uploader')!;
    await el.updateComplete;
    let submitted = 0;
    form.addEventListener('submit', (e) => (e.preventDefault(), submitted++));
    form.requestSubmit();
    expect(submitted, 'blocked').to.equal(0);
    expect(el.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('Upload a video first.');
    expect(new FormData(form).get('video')).to.equal(null);

    const videoId = await el.upload(makeFile(1000));
    await el.updateComplete;
    expect(el.checkValidity()).to.equal(true);
    expect(new FormData(form).get('video')).to.equal(videoId);
    form.requestSubmit();
    expect(submitted).to.equal(1);

    form.reset();
    await until(() => el.state === 'idle');
    await el.updateComplete;
    expect(new FormData(form).get('video')).to.equal(null);
  });

  it('with multiple, every video id is a value under the name', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><gcore-uploader name="videos" multiple></gcore-uploader></form>`);
    const el = form.querySelector('gcore-uploader')!;
    el.getSession = () => executeServerCommand('gcore-session', {});
    const ids = await Promise.all([el.upload(makeFile(500, 'a.mp4', 'video/mp4', 51)), el.upload(makeFile(600, 'b.mp4', 'video/mp4', 52))]);
    await el.updateComplete;
    expect(new FormData(form).getAll('videos').sort()).to.deep.equal([...ids].sort());
  });
});

describe('languages and texts', () => {
  const expected: Record<string, RegExp> = { de: /Video/i, es: /vídeo|video/i, fr: /vidéo/i, ru: /видео/i };
  for (const [lang, pattern] of Object.entries(expected)) {
    it(`lang="${lang}" on a parent shows that language`, async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><gcore-uploader></gcore-uploader></div>`);
      const el = wrapper.querySelector('gcore-uploader')!;
      const label = () => shadow(el, '[part~="select-button"]')!.textContent!.trim();
      // The language's table is loaded on first use; English shows meanwhile.
      await until(() => label() !== 'Choose a video');
      expect(label()).to.match(pattern);
    });
  }

  it('the strings property replaces any text; sizes follow the language', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader lang="de" .strings=${{ selectButton: 'Film wählen' }}></gcore-uploader>`);
    expect(shadow(el, '[part~="select-button"]')!.textContent!.trim()).to.equal('Film wählen');
    await until(() => shadow(el, '.prompt')!.textContent !== 'Drag and drop a video here, or');
    el.session = await server.session();
    await el.upload(makeFile(1_500_000));
    await el.updateComplete;
    expect(shadow(el, '[part~="progress-text"]')!.textContent).to.contain('1,5');
  });
});

describe('accessibility in every state, light and dark', function () {
  this.timeout(60_000);
  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: idle, uploading, paused, error, success, link tab, many files`, async () => {
      await colorScheme(scheme);
      expect(matchMedia('(prefers-color-scheme: dark)').matches, 'the page prefers dark').to.equal(scheme === 'dark');
      await server.reset();
      clearResumeStorage();
      const el = await fixture<GcoreUploader>(html`<gcore-uploader import-url="/api/gcore/import" chunk-size=${CHUNK}></gcore-uploader>`);
      await expect(el).to.be.accessible();

      el.session = await server.session();
      await server.inject({ method: 'PATCH', delayMs: 300, times: 100 });
      const running = el.upload(makeFile(CHUNK * 4)).catch((e) => e);
      await nextEvent(el, 'upload-start');
      await el.updateComplete;
      await expect(el).to.be.accessible();
      el.pause();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      el.resume();
      await server.clearFaults();
      await running;
      await el.updateComplete;
      expect(el.state).to.equal('success');
      await expect(el).to.be.accessible();

      await el.upload(makeFile(10, 'notes.txt', 'text/plain')).catch(() => {});
      await el.updateComplete;
      expect(el.state).to.equal('error');
      await expect(el).to.be.accessible();

      shadow(el, '#tab-link')!.click();
      await el.updateComplete;
      await expect(el).to.be.accessible();

      const many = await fixture<GcoreUploader>(html`<gcore-uploader multiple></gcore-uploader>`);
      many.getSession = () => executeServerCommand('gcore-session', {});
      await Promise.all([many.upload(makeFile(500, 'one.mp4', 'video/mp4', 61)), many.upload(makeFile(10, 'two.txt', 'text/plain')).catch(() => {})]);
      await many.updateComplete;
      await expect(many).to.be.accessible();
      await colorScheme(null);
    });
  }
});
