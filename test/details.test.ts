// Issue #18, the widget half: with `details`, a panel for the video's title, description, poster and
// subtitles, saved through the session's signed edit_url — end to end against the local emulator
// through the package's own backend helper (/api/gcore/), as test/status.test.ts does.
// Nothing of the details part is imported here: the first test checks that a page without `details`
// never loads it.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, clip, nextEvent, until } from './support/helpers.js';

interface EmulatorVideo {
  id: number;
  name: string;
  description: string | null;
  status: string;
  poster: string | null;
  posterFile: { size: number; head: number[] } | null;
  screenshot_id: number | null;
  subtitles: Array<{ id: number; name: string; language: string; vtt: string }>;
}

/** The video as the emulator keeps it (a server command of wtr-emulator-plugin.mjs). */
const emulatorVideo = (id: string) => executeServerCommand<EmulatorVideo | null, { id: string }>('emulator-video', { id });

const $ = <E extends Element = HTMLElement>(el: GcoreUploader, selector: string) => el.shadowRoot!.querySelector<E>(selector);
const button = (el: GcoreUploader, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="details"] button')].find((b) => b.textContent!.trim() === text) ?? null;

/** Puts `files` in a file input as a user would, and fires its change event. */
function choose(input: HTMLInputElement, files: File[]): void {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true }));
}

/** The upload server holds the next PATCH until `releaseUploads()` (so the upload is surely in flight). */
const holdUploads = () => executeServerCommand('uploads-hold');
const releaseUploads = () => executeServerCommand('uploads-release');

/**
 * Starts uploading `file` and pauses it while its first PATCH is held at the server (upload-start is told
 * LATER_MS after that PATCH left: without the hold a small clip could be all sent by then, and the pause a
 * no-op); resolves when the panel is there.
 */
async function pausedUpload(el: GcoreUploader, file: File): Promise<{ done: Promise<string> }> {
  await holdUploads();
  const started = nextEvent(el, 'upload-start');
  let paused = false;
  el.addEventListener('upload-pause', () => (paused = true), { once: true });
  const done = el.upload(file);
  await started;
  el.pause();
  await releaseUploads();
  expect(paused, 'paused while its first PATCH was held').to.equal(true);
  await until(() => $(el, '[part~="details"]'), 'the details panel');
  await el.updateComplete;
  return { done };
}

/** Records the page's fetch calls (method and URL, and the body of POSTs) until `stop()`. */
function recordFetch() {
  const calls: Array<{ method: string; url: string; body: string | null }> = [];
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', url: String(input instanceof Request ? input.url : input), body: typeof init?.body === 'string' ? init.body : null });
    return original(input, init);
  };
  return { calls, stop: () => (window.fetch = original) };
}

const detailsLoaded = () => performance.getEntriesByType('resource').some((e) => /\/(details\/index|core\/details)\.(ts|js)|details\.mjs/.test(e.name));

describe('details: title, description, poster, subtitles (emulator, #18)', function () {
  this.timeout(120_000);
  beforeEach(() => clearResumeStorage());
  // A test that failed while a PATCH was held lets it go, so the next test's upload is not held.
  afterEach(() => releaseUploads());

  it('without `details` the widget is exactly today’s: same markup, no panel, the details part never loaded', async () => {
    const plain = await fixture<GcoreUploader>(html`<gcore-uploader session-url="/api/gcore/session"></gcore-uploader>`);
    // The prefill object alone does not turn the panel on.
    const prefilled = await fixture<GcoreUploader>(html`<gcore-uploader session-url="/api/gcore/session" .details=${{ title: 'Kept' }}></gcore-uploader>`);
    const markup = (el: GcoreUploader) => el.shadowRoot!.innerHTML.replace(/<!--[^>]*-->/g, '');
    expect(markup(prefilled)).to.equal(markup(plain));
    expect(plain.detailsForm).to.equal(false);
    expect(plain.hasAttribute('details')).to.equal(false);
    const sheets = plain.shadowRoot!.adoptedStyleSheets.length;

    const done = plain.upload(await clip());
    await nextEvent(plain, 'upload-start');
    await plain.updateComplete;
    expect($(plain, '[part~="details"]')).to.equal(null);
    await done;
    await plain.updateComplete;
    expect($(plain, '[part~="details"]')).to.equal(null);
    expect(plain.shadowRoot!.querySelectorAll('form').length, 'no form but the link form (none without import-url)').to.equal(0);
    expect(plain.shadowRoot!.adoptedStyleSheets.length).to.equal(sheets);
    expect(detailsLoaded(), 'the details part is not loaded without `details`').to.equal(false);
  });

  it('title and description saved during the upload (Enter in the title saves) are on the emulator’s video; axe-clean; the form value is the video id', async () => {
    const el = await fixture<GcoreUploader>(
      html`<form><gcore-uploader name="video" details session-url="/api/gcore/session" chunk-size="65536" poll-interval="250"></gcore-uploader></form>`,
    ).then((form) => form.querySelector('gcore-uploader')!);
    expect(el.detailsForm).to.equal(true);
    const { done } = await pausedUpload(el, await clip('My holiday.mp4'));
    expect(detailsLoaded(), 'the details part loads with `details`').to.equal(true);
    const title = $<HTMLInputElement>(el, '#details-title')!;
    const description = $<HTMLTextAreaElement>(el, '#details-description')!;
    expect(title.value, 'prefilled from the file name, without extension').to.equal('My holiday');
    expect(title.maxLength).to.equal(255);
    await expect(el).to.be.accessible();

    type(title, 'Keynote 2026');
    type(description, 'Opening talk.\nRecorded in Lisbon.');
    const saved = nextEvent(el, 'details-saved');
    title.focus();
    await sendKeys({ press: 'Enter' });
    const { detail } = await saved;
    expect(detail.fields).to.have.members(['name', 'description']);
    expect(detail.videoId).to.equal(el.videoId);
    expect(detail.file!.name).to.equal('My holiday.mp4');
    expect(el.state, 'saved while the upload is still going').to.equal('paused');
    const video = (await emulatorVideo(el.videoId!))!;
    expect(video.name).to.equal('Keynote 2026');
    expect(video.description).to.equal('Opening talk.\nRecorded in Lisbon.');
    await el.updateComplete;
    expect($(el, '[part~="details-status"]')!.textContent).to.equal('Details saved.');

    el.resume();
    const videoId = await done;
    expect(el.value).to.equal(videoId);
    expect(new FormData(el.closest('form')!).get('video')).to.equal(videoId);
  });

  it('a frame picked as poster arrives as a JPEG ≤ 1 MB and the preview shows it as the poster; after ready, Gcore’s screenshots are offered', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader details session-url="/api/gcore/session" chunk-size="65536" poll-interval="250"></gcore-uploader>`);
    const { done } = await pausedUpload(el, await clip());
    const frame = await until(() => $<HTMLVideoElement>(el, 'video[part~="details-frame"]'), 'the local preview');
    expect(frame.src).to.match(/^blob:/);
    const scrubber = await until(() => {
      const s = $<HTMLInputElement>(el, '[part~="details-scrubber"]');
      return s && !s.disabled && s;
    }, 'the scrubber');
    expect(Number(scrubber.max)).to.be.closeTo(4, 0.5);
    scrubber.value = '2';
    scrubber.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await until(() => !frame.seeking && frame.readyState >= 2 && Math.abs(frame.currentTime - 2) < 0.1, 'the frame at 2 s');
    button(el, 'Use this frame')!.click();
    const image = await until(() => $<HTMLImageElement>(el, '[part~="details-poster-image"]'), 'the chosen poster');
    expect(image.src).to.match(/^data:image\/jpeg;base64,/);
    expect(atob(image.src.split(',')[1]).length).to.be.at.most(1_000_000);

    const saved = nextEvent(el, 'details-saved');
    button(el, 'Save details')!.click();
    expect((await saved).detail.fields).to.include('poster');
    const video = (await emulatorVideo(el.videoId!))!;
    expect(video.posterFile!.head.slice(0, 3), 'a JPEG').to.deep.equal([0xff, 0xd8, 0xff]);
    expect(video.posterFile!.size).to.be.at.most(1_000_000);
    expect(video.posterFile!.size).to.equal(atob(image.src.split(',')[1]).length);

    const viewable = nextEvent(el, 'video-viewable');
    const ready = nextEvent(el, 'video-ready');
    el.resume();
    await done;
    await viewable;
    const player = await until(() => $<HTMLVideoElement>(el, 'video[part~="player"]'), 'the preview player');
    await until(() => player.getAttribute('poster') === video.poster, `the preview's poster ${video.poster}`);

    await ready;
    const shots = await until(() => el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="details-screenshot"]').length > 0 && el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="details-screenshot"]'), 'Gcore’s screenshots');
    shots[1].click();
    await el.updateComplete;
    expect(shots[1].getAttribute('aria-pressed')).to.equal('true');
    const again = nextEvent(el, 'details-saved');
    button(el, 'Save details')!.click();
    expect((await again).detail.fields).to.deep.equal(['screenshot_id']);
    expect((await emulatorVideo(el.videoId!))!.screenshot_id).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('a 3 MB PNG is refused before any request (poster-too-large), a GIF as invalid-poster', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader details session-url="/api/gcore/session" chunk-size="65536"></gcore-uploader>`);
    const { done } = await pausedUpload(el, await clip());
    const requests = recordFetch();
    try {
      const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), new Uint8Array(3_000_000)], 'big.png', { type: 'image/png' });
      const refused = nextEvent(el, 'details-error');
      choose($<HTMLInputElement>(el, 'input.poster-input')!, [png]);
      const { detail } = await refused;
      expect(detail.code).to.equal('poster-too-large');
      expect(detail.videoId).to.equal(el.videoId);
      await el.updateComplete;
      expect($(el, '[part~="details-error"]')!.textContent).to.contain('larger than 1 MB');
      expect($(el, '[part~="details-poster-image"]')).to.equal(null);

      const gif = new File(['GIF89a'], 'a.gif', { type: 'image/gif' });
      const again = nextEvent(el, 'details-error');
      choose($<HTMLInputElement>(el, 'input.poster-input')!, [gif]);
      expect((await again).detail.code).to.equal('invalid-poster');
      expect(requests.calls, 'no request at all').to.deep.equal([]);
    } finally {
      requests.stop();
    }
    el.resume();
    await done;
  });

  it('an SRT with a broken timing line is refused naming the line (invalid-subtitle, params.line)', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader details session-url="/api/gcore/session" chunk-size="65536"></gcore-uploader>`);
    const { done } = await pausedUpload(el, await clip());
    const requests = recordFetch();
    try {
      const srt = new File(['1\n00:00:01,000 --> 00:00:02,000\nFine\n\n2\n00:00:02,000 -> 00:00:03,000\nBroken\n'], 'talk.srt', { type: 'application/x-subrip' });
      const refused = nextEvent(el, 'details-error');
      choose($<HTMLInputElement>(el, 'input.subtitle-input')!, [srt]);
      const { detail } = await refused;
      expect(detail.code).to.equal('invalid-subtitle');
      expect(detail.params.line).to.equal(6);
      expect(detail.message).to.contain('Line 6');
      await el.updateComplete;
      expect($(el, '[part~="details-error"]')!.textContent).to.contain('Line 6 must be a timing line');
      expect(el.shadowRoot!.querySelectorAll('[part~="details-subtitle"]').length).to.equal(0);
      expect(requests.calls).to.deep.equal([]);
    } finally {
      requests.stop();
    }
    el.resume();
    await done;
  });

  it('a good SRT arrives as WebVTT and the preview player shows its cue when playing; labels in the page’s language', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="de"><gcore-uploader details session-url="/api/gcore/session" chunk-size="65536" poll-interval="250"></gcore-uploader></div>`,
    );
    const el = wrapper.querySelector('gcore-uploader')!;
    const { done } = await pausedUpload(el, await clip());
    await until(() => $(el, 'label[for="details-title"]')!.textContent === 'Titel', 'the German texts');
    const srt = new File(['1\r\n00:00:00,000 --> 00:00:04,000\r\nHello from the SRT\r\n'], 'talk.en.srt', { type: 'application/x-subrip' });
    choose($<HTMLInputElement>(el, 'input.subtitle-input')!, [srt]);
    const row = await until(() => $(el, '[part~="details-subtitle"]'), 'the subtitle row');
    const select = row.querySelector('select')!;
    expect(select.value, 'the language from the file name').to.equal('eng');
    expect(select.selectedOptions[0].textContent, 'labelled in German (Intl.DisplayNames)').to.equal('Englisch');
    expect(select.getAttribute('aria-label')).to.equal('Sprache von talk.en.srt');
    await expect(el).to.be.accessible();

    const saved = new Promise<void>((resolve) => el.addEventListener('details-saved', (e) => e.detail.fields.includes('subtitle') && resolve()));
    button(el, 'Angaben speichern')!.click();
    await saved;
    const video = (await emulatorVideo(el.videoId!))!;
    expect(video.subtitles).to.have.length(1);
    expect(video.subtitles[0].language).to.equal('eng');
    expect(video.subtitles[0].vtt).to.equal('WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\nHello from the SRT\n');

    const viewable = nextEvent(el, 'video-viewable');
    el.resume();
    await done;
    await viewable;
    const player = await until(() => $<HTMLVideoElement>(el, 'video[part~="player"]'), 'the preview player');
    const cue = () =>
      [...player.textTracks].some((t) => t.mode === 'showing' && [...(t.activeCues ?? [])].some((c) => (c as VTTCue).text.includes('Hello from the SRT')));
    await until(cue, 'the cue shown by the preview', 30_000);
  });

  it('a save the helper refuses is a details-error (details-save-failed, with its status), shown in the panel', async () => {
    let editUrl = '';
    const el = await fixture<GcoreUploader>(html`<gcore-uploader details chunk-size="65536"></gcore-uploader>`);
    el.getSession = async (file: File) => {
      const res = await fetch('/api/gcore/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: file.name, size: file.size, type: file.type }) });
      const session = await res.json();
      editUrl = session.edit_url;
      // A signature that is not the helper's: every edit is refused (403 invalid-signature).
      return { ...session, edit_url: session.edit_url.replace(/sig=[^&]+/, 'sig=AAAA') };
    };
    const { done } = await pausedUpload(el, await clip());
    const failed = nextEvent(el, 'details-error');
    button(el, 'Save details')!.click();
    const { detail } = await failed;
    expect(detail.code).to.equal('details-save-failed');
    expect(detail.params.status).to.equal(403);
    expect(detail.params.serverCode).to.equal('invalid-signature');
    const shown = await until(() => $(el, '[part~="details-error"]'), 'the error in the panel');
    expect(shown.textContent).to.contain('HTTP 403');
    expect($(el, '[part~="details-status"]')!.textContent, 'not “saved”').to.not.contain('saved.');
    expect((await emulatorVideo(el.videoId!))!.name, 'nothing changed').to.equal('clip.mp4');
    expect(editUrl).to.match(/sig=/);
    el.resume();
    await done;
  });

    it('without native HLS the subtitles play through hls.js (its full build, for a master with SUBTITLES)', async () => {
    // Chromium plays HLS itself; here the preview is made to think it cannot, as in Firefox.
    const canPlayType = HTMLMediaElement.prototype.canPlayType;
    HTMLMediaElement.prototype.canPlayType = function (type: string) {
      return /mpegurl/i.test(type) ? '' : canPlayType.call(this, type);
    };
    try {
      const el = await fixture<GcoreUploader>(html`<gcore-uploader details session-url="/api/gcore/session" chunk-size="65536" poll-interval="250"></gcore-uploader>`);
      const { done } = await pausedUpload(el, await clip());
      const srt = new File(['1\n00:00:00,000 --> 00:00:04,000\nHello through hls.js\n'], 'talk.srt');
      choose($<HTMLInputElement>(el, 'input.subtitle-input')!, [srt]);
      await until(() => $(el, '[part~="details-subtitle"]'), 'the subtitle row');
      const saved = new Promise<void>((resolve) => el.addEventListener('details-saved', (e) => e.detail.fields.includes('subtitle') && resolve()));
      button(el, 'Save details')!.click();
      await saved;
      const viewable = nextEvent(el, 'video-viewable');
      el.resume();
      await done;
      await viewable;
      const player = await until(() => $<HTMLVideoElement>(el, 'video[part~="player"]'), 'the preview player');
      await until(
        () => [...player.textTracks].some((t) => t.mode === 'showing' && [...(t.activeCues ?? [])].some((c) => (c as VTTCue).text.includes('Hello through hls.js'))),
        'the cue shown by hls.js',
        30_000,
      );
      expect(player.src, 'played by hls.js (Media Source)').to.match(/^blob:/);
    } finally {
      HTMLMediaElement.prototype.canPlayType = canPlayType;
    }
  });

    it('auto-captions asks for AI captions in the session request, and the panel says whether the answer turned them on', async () => {
    const requests = recordFetch();
    try {
      const el = await fixture<GcoreUploader>(html`<gcore-uploader details auto-captions session-url="/api/gcore/session" chunk-size="65536"></gcore-uploader>`);
      expect(el.autoCaptions).to.equal(true);
      const { done } = await pausedUpload(el, await clip());
      const post = requests.calls.find((c) => c.method === 'POST' && c.url.endsWith('/api/gcore/session'))!;
      expect(JSON.parse(post.body!)).to.deep.equal({ name: 'clip.mp4', size: (el.file as File).size, type: 'video/mp4', autoCaptions: true });
      // The test helper keeps the default `autoCaptions: 'forbid'`: the answer says no.
      expect($(el, '[part~="details-auto-captions"]')!.textContent).to.equal('AI captions were asked for, but the server did not turn them on.');
      el.resume();
      await done;

      const plain = await fixture<GcoreUploader>(html`<gcore-uploader session-url="/api/gcore/session"></gcore-uploader>`);
      await plain.upload(await clip());
      const body = JSON.parse(requests.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/api/gcore/session')).at(-1)!.body!);
      expect(body).to.not.have.property('autoCaptions');
    } finally {
      requests.stop();
    }
  });
});
