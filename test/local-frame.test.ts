// The chosen file's first frame and duration in its row (the frame part: src/controllers/local-frame-controller.ts),
// read by the browser from the local file while it uploads to a real tus server on another origin.
import { expect } from '@open-wc/testing';
import '../src/index.js';
import { captureFrame, playableContainer } from '../src/controllers/local-frame-capture.js';
import { readMp4Index } from '../src/controllers/mp4-index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, clip, makeFile, server, skipUnless, until, uploader } from './support/helpers.js';

const frameBox = (el: GcoreUploader) => el.shadowRoot!.querySelector<HTMLElement>('[part~="local-frame"]');

/** The RGB pixels of a data-URL image. */
async function pixels(src: string): Promise<Uint8ClampedArray> {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d')!;
  context.drawImage(img, 0, 0);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

/** Mean difference per colour channel of two pictures of one size (0–255). */
function difference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  expect(a.length).to.equal(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
  return sum / ((a.length / 4) * 3);
}

/** Counts the `tag` elements `doc` makes from now on; `undo` puts its createElement back. */
function countElements(doc: Document, tag: string): { count: () => number; undo: () => void } {
  const create = doc.createElement;
  let count = 0;
  doc.createElement = function (this: Document, name: string, options?: ElementCreationOptions) {
    if (String(name).toLowerCase() === tag) count++;
    return create.call(this, name, options);
  } as typeof document.createElement;
  return { count: () => count, undo: () => void (doc.createElement = create) };
}

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

  /** Counts the `<video>` elements and the WebCodecs decoders the page makes from now on (each capture makes one or the other), and the frames given to the decoders. */
  function countCaptures(): { videos: () => number; decoders: () => number; decoded: () => number } {
    const videos = countElements(document, 'video');
    const Decoder = window.VideoDecoder;
    let decoders = 0;
    let decoded = 0;
    if (Decoder) {
      window.VideoDecoder = class extends Decoder {
        constructor(init: VideoDecoderInit) {
          super(init);
          decoders++;
        }
        override decode(chunk: EncodedVideoChunk) {
          decoded++;
          super.decode(chunk);
        }
      };
    }
    restore = () => {
      videos.undo();
      if (Decoder) window.VideoDecoder = Decoder;
    };
    return { videos: videos.count, decoders: () => decoders, decoded: () => decoded };
  }

  /** Whether this engine's WebCodecs decodes `file` (an MP4 the frame part can index). */
  async function webCodecsDecodes(file: Blob): Promise<boolean> {
    const index = await readMp4Index(file);
    if (!index?.video || typeof VideoDecoder !== 'function') return false;
    const { codec, description, codedWidth, codedHeight } = index.video;
    return (await VideoDecoder.isConfigSupported({ codec, description, codedWidth, codedHeight }).catch(() => ({ supported: false }))).supported === true;
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

  /** `file`'s capture with WebCodecs hidden: the `<video>` way. */
  async function captureWithVideo(file: Blob) {
    const Decoder = window.VideoDecoder;
    (window as { VideoDecoder?: unknown }).VideoDecoder = undefined;
    try {
      return await captureFrame(file);
    } finally {
      window.VideoDecoder = Decoder;
    }
  }

  it('an MP4 is decoded with WebCodecs, one frame and no <video> (nor its media pipeline), to the picture the <video> draws', async function () {
    const file = await clip();
    await skipUnless(this, await webCodecsDecodes(file), 'this engine\'s WebCodecs does not decode the clip (H.264); the frame comes from a <video>, as the first test shows');
    const { videos, decoders, decoded } = countCaptures();
    const fast = await captureFrame(file);
    expect({ videos: videos(), decoders: decoders(), decoded: decoded() }).to.deep.equal({ videos: 0, decoders: 1, decoded: 1 });
    expect(fast.src).to.match(/^data:image\/jpeg;base64,/);
    expect(fast.duration).to.be.closeTo(4, 0.05);
    restore!();
    restore = null;
    const drawn = await captureWithVideo(file);
    expect(drawn.src).to.match(/^data:image\/jpeg;base64,/);
    // The same picture in the same colours (the clip does not say its colours: BT.601 at 360 lines, as the <video> shows it).
    expect(difference(await pixels(fast.src!), await pixels(drawn.src!)), 'mean difference per channel').to.be.below(1);
  });

  it('a video that starts black shows its picture a little way in, both ways', async function () {
    const file = new File([await (await fetch('/__fixtures/fade-in.mp4')).blob()], 'fade-in.mp4', { type: 'video/mp4' });
    const drawn = await captureWithVideo(file);
    const picture = await pixels(drawn.src!);
    let luma = 0;
    for (let i = 0; i < picture.length; i += 4) luma += 0.2126 * picture[i] + 0.7152 * picture[i + 1] + 0.0722 * picture[i + 2];
    expect(luma / (picture.length / 4), 'mean brightness (the first frame is black: 0)').to.be.above(20);
    if (!(await webCodecsDecodes(file))) return;
    const { decoded } = countCaptures();
    const fast = await captureFrame(file);
    // The black key frame, then the frames up to 0.4 s (a tenth of the clip) and a few past it.
    expect(decoded()).to.be.above(10);
    expect(difference(await pixels(fast.src!), picture), 'the same picture as the <video>').to.be.below(1);
  });

  it('shows the icon for a file in no container a browser plays, without making a <video> for it', async () => {
    const { videos, decoders } = countCaptures();
    const el = await uploader({ session: await server.session(), noPreview: true });
    // Noise named and typed as an MP4: Gcore would reject it after the upload, the browser cannot decode it.
    const noise = makeFile(256 * 1024, 'noise.mp4');
    await el.upload(noise);
    const icon = await until(() => frameBox(el)?.querySelector('svg'), 'the icon');
    expect(icon.getAttribute('aria-hidden')).to.equal('true');
    expect(frameBox(el)!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part~="local-duration"]')).to.equal(null);
    expect([videos(), decoders()]).to.deep.equal([0, 0]);
  });

  it('draws no frame for an element removed from the page before it started', async () => {
    const el = await uploader({ session: await server.session(), noPreview: true });
    await el.upload(await clip('first.mp4'));
    await until(() => frameBox(el)?.querySelector('img'), 'the first file’s frame');
    const { videos, decoders } = countCaptures();
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
    expect(videos() + decoders(), 'captures').to.equal(1);
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

describe('the decoded picture, drawn in a worker when it is larger than Full HD', function () {
  this.timeout(30_000);
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).reverse().forEach((undo) => undo()));
  const supported = () => typeof VideoFrame === 'function' && typeof OffscreenCanvas === 'function';
  const reason = 'this engine has no VideoFrame or OffscreenCanvas: it draws the frame from a <video>, on the page, as the tests above show';

  /** A VideoFrame (4K unless told) made in `win`: colour bars, or one colour (a blank picture). */
  function frameIn(win: Window & typeof globalThis, solid = false, width = 3840, height = 2160): VideoFrame {
    const canvas = win.document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d')!;
    const colours = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];
    colours.forEach((colour, i) => {
      context.fillStyle = solid ? '#204060' : colour;
      context.fillRect((i * canvas.width) / colours.length, 0, canvas.width / colours.length + 1, canvas.height);
    });
    const frame = new win.VideoFrame(canvas, { timestamp: 0 });
    cleanups.push(() => frame.close());
    return frame;
  }

  /** Counts the workers and the canvases `win` makes from now on (the page draws on a canvas of its own; a worker on its own). */
  function countDrawing(win: Window & typeof globalThis): { workers: () => number; canvases: () => number } {
    const { Worker } = win;
    const canvases = countElements(win.document, 'canvas');
    let workers = 0;
    win.Worker = class extends Worker {
      constructor(url: string | URL, options?: WorkerOptions) {
        workers++;
        super(url, options);
      }
    };
    cleanups.push(() => {
      win.Worker = Worker;
      canvases.undo();
    });
    return { workers: () => workers, canvases: canvases.count };
  }

  it('a 4K frame is drawn in a worker: the JPEG the page would draw, blank or not, and the frame still the caller’s', async function () {
    await skipUnless(this, supported(), reason);
    const { drawHere, pictureOf } = await import('../src/controllers/frame-picture.js');
    const frame = frameIn(window);
    const blank = frameIn(window, true);
    const here = drawHere(frame, 3840, 2160)!;
    const { workers, canvases } = countDrawing(window);
    const picture = await pictureOf(frame, Date.now() + 20_000);
    const none = await pictureOf(blank, Date.now() + 20_000);
    expect({ workers: workers(), canvases: canvases() }, 'drawn in workers, no canvas on the page').to.deep.equal({ workers: 2, canvases: 0 });
    expect(picture!.src).to.match(/^data:image\/jpeg;base64,/);
    expect([picture!.blank, none!.blank], 'blank').to.deep.equal([false, true]);
    expect(difference(await pixels(picture!.src), await pixels(here.src)), 'mean difference per channel from the page’s drawing').to.be.below(1);
    expect(frame.codedWidth, 'the frame is not closed').to.equal(3840);
  });

  it('a Full HD frame, quick to draw, is drawn on the page, without the cost of a worker', async function () {
    await skipUnless(this, supported(), reason);
    const { pictureOf } = await import('../src/controllers/frame-picture.js');
    const frame = frameIn(window, false, 1920, 1080);
    const { workers, canvases } = countDrawing(window);
    const picture = await pictureOf(frame, Date.now() + 20_000);
    expect({ workers: workers(), canvases: canvases() }, 'no worker, one canvas on the page').to.deep.equal({ workers: 0, canvases: 1 });
    const img = new Image();
    img.src = picture!.src;
    await img.decode();
    expect([img.naturalWidth, img.naturalHeight, picture!.blank]).to.deep.equal([160, 90, false]);
  });

  it('where the page’s Content-Security-Policy refuses workers, the picture is drawn on the page', async function () {
    await skipUnless(this, supported(), reason);
    const url = new URL('../src/controllers/frame-picture.ts', import.meta.url).href;
    const iframe = document.createElement('iframe');
    iframe.srcdoc = `<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">
      <script type="module">window.drawing = import(${JSON.stringify(url)});</script>`;
    const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
    document.body.append(iframe);
    cleanups.push(() => iframe.remove());
    await loaded;
    const win = iframe.contentWindow as Window & typeof globalThis & { drawing?: Promise<typeof import('../src/controllers/frame-picture.js')> };
    const { pictureOf } = await until(() => win.drawing, 'the module in the frame');
    const frame = frameIn(win);
    const { workers, canvases } = countDrawing(win);
    const picture = await pictureOf(frame, Date.now() + 20_000);
    expect(picture!.src).to.match(/^data:image\/jpeg;base64,/);
    expect(picture!.blank).to.equal(false);
    expect({ workers: workers(), canvases: canvases() }, 'a worker tried (the policy refuses it; without the policy it draws, as above), then one canvas on the page').to.deep.equal({ workers: 1, canvases: 1 });
  });
});
