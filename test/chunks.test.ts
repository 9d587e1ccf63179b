// chunk-size="auto" (the default) in the element, and the upload engine loaded after the first render:
// byte-exact uploads, each chunk's size in `chunk-complete`, "chunk n" / "chunk n of m" in the progress
// text, `chunk-complete` told once the next chunk is on its way, and the CDN file fetching upload.mjs on its
// own (on idle) before any file is chosen.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, makeFile, recordEvents, server, sha256 } from './support/helpers.js';
import { closePages, page, until } from './support/pages.js';
import { forgetRates } from '../src/core/policy/link-rates.js';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('chunk-size="auto"', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    clearResumeStorage();
    // Each test's first upload measures the link itself (no rate remembered from the one before).
    forgetRates();
    await server.reset();
  });

  afterEach(async () => {
    await server.clearFaults();
    closePages();
  });

  it('is the default: byte-exact, chunks from min-chunk-size up (never above max), each chunk-complete with its size', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader min-chunk-size="65536" max-chunk-size="1048576" retry-delays="0,200,400"></gcore-uploader>`);
    expect(el.chunkSize).to.equal('auto');
    expect(el.chunkTargetSeconds).to.equal(8);
    expect([el.minChunkSize, el.maxChunkSize]).to.deep.equal([64 * KiB, 1 * MiB]);
    el.session = await server.session();
    const log = recordEvents(el, ['chunk-complete', 'upload-success']);
    const file = makeFile(3 * MiB + 4321, 'auto.mp4', 'video/mp4', 21);
    await el.upload(file);

    const stats = await server.stats();
    const digest = await server.digest(stats.created[0].id);
    expect(digest.size).to.equal(file.size);
    expect(digest.sha256).to.equal(await sha256(file));

    const patches = stats.requests.filter((r) => r.method === 'PATCH' && r.status === 204).map((r) => r.length);
    const chunks = log.filter((e) => e.type === 'chunk-complete').map((e) => e.detail);
    expect(chunks.map((c) => c.chunkSize), 'chunk-complete carries each chunk as the server received it').to.deep.equal(patches);
    expect(patches[0], 'the first chunk is min-chunk-size').to.equal(64 * KiB);
    expect(patches[1]).to.be.greaterThan(patches[0]);
    for (const size of patches) expect(size).to.be.at.most(1 * MiB);
    let accepted = 0;
    for (const c of chunks) {
      accepted += c.chunkSize;
      expect(c.bytesAccepted).to.equal(accepted);
      expect(c.bytesTotal).to.equal(file.size);
    }
    expect(el.progress).to.include({ percent: 100, chunk: patches.length, chunks: patches.length });
  });

  it('the progress text says "chunk 1" while the count is unknown, then "chunk n of m" with n ≤ m', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader min-chunk-size="65536" max-chunk-size="262144"></gcore-uploader>`);
    el.session = await server.session();
    // A slow link: each of the first PATCHes takes a while, so that the figures are rendered while they travel.
    await server.inject({ method: 'PATCH', delayMs: 400, times: 4 });
    const texts: string[] = [];
    let uploading = true;
    const watch = () => {
      const text = el.shadowRoot?.querySelector('[part~="progress-text"]')?.textContent?.trim();
      if (text && texts.at(-1) !== text) texts.push(text);
      if (uploading) requestAnimationFrame(watch);
    };
    watch();
    await el.upload(makeFile(1 * MiB, 'slow.mp4', 'video/mp4', 22));
    uploading = false;

    const counts = texts.map((t) => /chunk (\d+)(?: of (\d+))?/.exec(t)).filter((m): m is RegExpExecArray => m !== null);
    expect(counts.length, `chunk figures shown: ${texts.join(' | ')}`).to.be.greaterThan(1);
    expect(counts[0][0], `the first chunk, its count not known yet: ${texts.join(' | ')}`).to.equal('chunk 1');
    const withTotal = counts.filter((m) => m[2] !== undefined);
    expect(withTotal.length, `then "chunk n of m": ${texts.join(' | ')}`).to.be.greaterThan(0);
    for (const m of withTotal) expect(Number(m[1])).to.be.at.most(Number(m[2]));
    for (let i = 1; i < counts.length; i++) expect(Number(counts[i][1])).to.be.at.least(Number(counts[i - 1][1]));
  });

  it("a page's next upload to the same server starts at the size the last one measured: no probe, the file whole when it fits", async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader min-chunk-size="65536" max-chunk-size="4194304" chunk-target-seconds="2"></gcore-uploader>`);
    el.session = await server.session();
    // A slow link: each PATCH is held 250 ms.
    await server.inject({ method: 'PATCH', delayMs: 250, times: 100 });
    const first = recordEvents(el, ['chunk-complete']);
    await el.upload(makeFile(1 * MiB, 'first.mp4', 'video/mp4', 25));
    const firstSizes = first.filter((e) => e.type === 'chunk-complete').map((e) => e.detail.chunkSize);
    expect(firstSizes[0], 'the first upload starts with its probe (min-chunk-size)').to.equal(64 * KiB);
    expect(firstSizes.length).to.be.greaterThan(1);

    await server.reset();
    await server.inject({ method: 'PATCH', delayMs: 250, times: 100 });
    const el2 = await fixture<GcoreUploader>(html`<gcore-uploader min-chunk-size="65536" max-chunk-size="4194304" chunk-target-seconds="2"></gcore-uploader>`);
    el2.session = await server.session();
    const second = recordEvents(el2, ['chunk-complete']);
    const file = makeFile(2 * MiB, 'second.mp4', 'video/mp4', 26);
    await el2.upload(file);
    const sizes = second.filter((e) => e.type === 'chunk-complete').map((e) => e.detail.chunkSize);
    expect(sizes[0], `the second upload's first chunk: ${sizes.join(', ')}`).to.be.greaterThan(64 * KiB);
    expect(sizes.length, `twice the bytes in fewer PATCHes: ${sizes.join(', ')} after ${firstSizes.join(', ')}`).to.be.lessThan(firstSizes.length);
    const stats = await server.stats();
    expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(file));
  });

  it('a number still fixes the size', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader chunk-size="100000"></gcore-uploader>`);
    expect(el.chunkSize).to.equal(100_000);
    el.session = await server.session();
    await el.upload(makeFile(250_000, 'fixed.mp4', 'video/mp4', 23));
    const patches = (await server.stats()).requests.filter((r) => r.method === 'PATCH').map((r) => r.length);
    expect(patches).to.deep.equal([100_000, 100_000, 50_000]);
    el.setAttribute('chunk-size', 'auto');
    expect(el.chunkSize).to.equal('auto');
  });
});

describe('chunk-complete and the next chunk', function () {
  this.timeout(60_000);
  let restore = () => {};

  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });

  afterEach(() => restore());

  /** Counts the PATCHes this page has sent: the browser's own XMLHttpRequest, only watched. */
  function countPatchesSent() {
    const proto = XMLHttpRequest.prototype;
    const { open, send } = proto;
    const seen = { patches: 0 };
    const methods = new WeakMap<XMLHttpRequest, string>();
    proto.open = function (this: XMLHttpRequest, method: string, ...rest: unknown[]) {
      methods.set(this, method.toUpperCase());
      return (open as (...a: unknown[]) => void).call(this, method, ...rest);
    } as typeof proto.open;
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      if (methods.get(this) === 'PATCH') seen.patches++;
      return send.call(this, body);
    };
    restore = () => Object.assign(proto, { open, send });
    return seen;
  }

  it("a listener runs once the next PATCH is sent (it never holds the upload back); upload-success after the last chunk's", async () => {
    const seen = countPatchesSent();
    const el = await fixture<GcoreUploader>(html`<gcore-uploader chunk-size="65536" retry-delays="0,200"></gcore-uploader>`);
    el.session = await server.session();
    const chunks = 6;
    const order: string[] = [];
    const sentWhenTold: number[] = [];
    const accepted: number[] = [];
    // upload-start too: told with the first PATCH sent, and before any upload-progress.
    const firsts: string[] = [];
    let sentAtStart = -1;
    el.addEventListener('upload-start', () => ((sentAtStart = seen.patches), firsts.push('upload-start')));
    el.addEventListener('upload-progress', () => firsts.push('upload-progress'));
    el.addEventListener('chunk-complete', (e) => {
      order.push('chunk-complete');
      sentWhenTold.push(seen.patches);
      accepted.push(e.detail.bytesAccepted);
    });
    el.addEventListener('upload-success', () => order.push('upload-success'));
    const file = makeFile(chunks * 65536, 'told.mp4', 'video/mp4', 31);
    await el.upload(file);
    expect(order).to.deep.equal([...Array(chunks).fill('chunk-complete'), 'upload-success']);
    expect(accepted).to.deep.equal([1, 2, 3, 4, 5, 6].map((n) => n * 65536), 'in the order the server accepted them');
    // Chunk n is told with PATCH n + 1 already sent (or later ones too, when the task that tells it waits its
    // turn, as in WebKit); the last one has none after it.
    sentWhenTold.slice(0, -1).forEach((sent, i) => expect(sent, `PATCHes sent when chunk ${i + 1} was told`).to.be.within(i + 2, chunks));
    expect(sentWhenTold.at(-1)).to.equal(chunks);
    expect(sentAtStart, 'PATCHes sent when upload-start was told').to.be.at.least(1);
    expect(firsts[0]).to.equal('upload-start');
    expect(firsts.filter((n) => n === 'upload-start')).to.have.length(1);
    const stats = await server.stats();
    expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(file));
  });
});

describe('the upload engine, loaded after the first render', function () {
  this.timeout(60_000);
  afterEach(closePages);

  it('the CDN file fetches upload.mjs by itself once the element is on the page (no file chosen), and uploads with it', async () => {
    clearResumeStorage();
    await server.reset();
    const { win, el } = await page(`<script src="/dist/cdn/gcore-uploader.min.js"></script>`, { attributes: 'retry-delays="0,200,400"' });
    const fetched = () => win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(fetched()).to.include('/dist/cdn/gcore-uploader.min.js');
    await until(win, () => fetched().includes('/dist/cdn/upload.mjs'), 'upload.mjs fetched on idle');
    expect(el.state).to.equal('idle');
    el.session = win.JSON.parse(JSON.stringify(await server.session()));
    const source = makeFile(300_000, 'cdn-auto.mp4', 'video/mp4', 24);
    await el.upload(new win.File([await source.arrayBuffer()], source.name, { type: source.type }));
    const stats = await server.stats();
    expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(source));
    expect(win.__pageErrors).to.deep.equal([]);
  });
});
