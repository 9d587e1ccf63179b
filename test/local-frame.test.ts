// The chosen file's first frame and duration in its row (the frame part: src/controllers/local-frame-controller.ts),
// read by the browser from the local file while it uploads to a real tus server on another origin.
import { expect } from '@open-wc/testing';
import '../src/index.js';
import { playableContainer } from '../src/controllers/local-frame-controller.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, clip, makeFile, server, until, uploader } from './support/helpers.js';

const frameBox = (el: GcoreUploader) => el.shadowRoot!.querySelector<HTMLElement>('[part~="local-frame"]');

describe('the chosen file’s first frame and duration', function () {
  this.timeout(30_000);
  let restore: (() => void) | null = null;
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });
  afterEach(() => {
    restore?.();
    restore = null;
  });

  /** Counts the `<video>` elements the page makes from now on. */
  function countVideos(): () => number {
    const original = document.createElement;
    let videos = 0;
    document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
      if (String(tag).toLowerCase() === 'video') videos++;
      return original.call(this, tag, options);
    } as typeof document.createElement;
    restore = () => (document.createElement = original);
    return () => videos;
  }

  it('shows a video’s frame (a JPEG) and its duration in the row', async () => {
    const el = await uploader({ session: await server.session(), noPreview: true });
    await el.upload(await clip());
    const img = await until(() => frameBox(el)?.querySelector('img'), 'the frame');
    expect(img.src).to.match(/^data:image\/jpeg;base64,/);
    await img.decode();
    expect(img.naturalWidth).to.equal(160);
    expect(img.naturalHeight).to.equal(90);
    const duration = await until(() => el.shadowRoot!.querySelector('[part~="local-duration"]'), 'the duration');
    expect(duration.textContent!.trim()).to.equal('0:04');
    expect(duration.getAttribute('datetime')).to.equal('PT4S');
  });

  it('shows the icon for a file in no container a browser plays, without making a <video> for it', async () => {
    const videos = countVideos();
    const el = await uploader({ session: await server.session(), noPreview: true });
    // Noise named and typed as an MP4: Gcore would reject it after the upload, the browser cannot decode it.
    const noise = makeFile(256 * 1024, 'noise.mp4');
    await el.upload(noise);
    const icon = await until(() => frameBox(el)?.querySelector('svg'), 'the icon');
    expect(icon.getAttribute('aria-hidden')).to.equal('true');
    expect(frameBox(el)!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part~="local-duration"]')).to.equal(null);
    expect(videos()).to.equal(0);
  });

  it('draws no frame for an element removed from the page before it started', async () => {
    const el = await uploader({ session: await server.session(), noPreview: true });
    await el.upload(await clip('first.mp4'));
    await until(() => frameBox(el)?.querySelector('img'), 'the first file’s frame');
    const videos = countVideos();
    // The second file is chosen in the picker; its row renders, and the element leaves the page right after,
    // before its frame's turn (a task later).
    let shown = '';
    const name = () => el.shadowRoot!.querySelector('[part~="file-name"]')?.textContent ?? '';
    el.addEventListener(
      'file-select',
      async () => {
        // The renders that follow run in microtasks; at most 100 of them (the check below fails if the row never showed).
        for (let i = 0; i < 100 && name() !== 'second.mp4'; i++) await el.updateComplete;
        shown = name();
        el.remove();
      },
      { once: true },
    );
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    const picked = new DataTransfer();
    picked.items.add(await clip('second.mp4'));
    input.files = picked.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => !el.isConnected, 'the element removed');
    expect(shown).to.equal('second.mp4');
    // Another element draws a frame from scratch: by then the removed one would have made its <video>.
    const other = await uploader({ session: await server.session(), noPreview: true });
    await other.upload(await clip('third.mp4'));
    await until(() => frameBox(other)?.querySelector('img'), 'the other element’s frame');
    expect(videos()).to.equal(1);
  });

  it('tells the containers browsers play from others by their first bytes', async () => {
    const head = (...parts: Array<string | number[]>) =>
      new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)).concat(Array(12).fill(0)).slice(0, 12));
    const real = new Uint8Array(await (await clip()).slice(0, 12).arrayBuffer());
    expect(playableContainer(real), 'the ffmpeg MP4').to.equal(true);
    const playable = {
      'MP4 / MOV (ftyp)': head([0, 0, 0, 0x20], 'ftypisom'),
      'QuickTime starting with moov': head([0, 0, 0x10, 0], 'moov'),
      'QuickTime starting with wide': head([0, 0, 0, 8], 'wide'),
      'WebM / Matroska': head([0x1a, 0x45, 0xdf, 0xa3]),
      Ogg: head('OggS'),
      'MP3 with ID3': head('ID3', [4, 0]),
      'MP3 frame': head([0xff, 0xfb, 0x90]),
      WAV: head('RIFF', [0, 0, 0, 0], 'WAVE'),
      FLAC: head('fLaC'),
    };
    const not = {
      AVI: head('RIFF', [0, 0, 0, 0], 'AVI '),
      'MPEG-TS': head([0x47, 0x40, 0x11, 0x10]),
      'MPEG-PS': head([0, 0, 1, 0xba]),
      FLV: head('FLV', [1]),
      'WMV / ASF': head([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]),
      MXF: head([0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01]),
      'an HLS manifest': head('#EXTM3U\n'),
      'an empty file': new Uint8Array(0),
    };
    for (const [what, bytes] of Object.entries(playable)) expect(playableContainer(bytes), what).to.equal(true);
    for (const [what, bytes] of Object.entries(not)) expect(playableContainer(bytes), what).to.equal(false);
  });
});
