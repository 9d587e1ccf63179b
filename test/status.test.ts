// After the bytes are up: Gcore's statuses, the preview, and what goes wrong — end to end against
// the local emulator (real tus server, real ffmpeg transcoding, real HLS), through the package's own
// backend helper mounted at /api/gcore/.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { pollDelay } from '../src/core/policy/retry.js';
import { clearResumeStorage, clip, makeFile, nextEvent, recordEvents } from './support/helpers.js';
import { playing } from './support/pages.js';

const hlsRequested = () => performance.getEntriesByType('resource').some((e) => /\/hls\.js\/|hls\.m?js/.test(e.name));


describe('processing status and preview (emulator)', function () {
  this.timeout(120_000);
  beforeEach(() => clearResumeStorage());

  it('follows empty/pending → viewable → ready through the session status_url, and the preview plays', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader session-url="/api/gcore/session" poll-interval="250"></gcore-uploader>`);
    const log = recordEvents(el, ['upload-success', 'status-change', 'video-viewable', 'video-ready', 'processing-error']);
    const viewable = nextEvent(el, 'video-viewable');
    const ready = nextEvent(el, 'video-ready');
    const hlsBefore = hlsRequested();
    await el.upload(await clip());
    expect(el.state).to.equal('processing');

    const atViewable = (await viewable).detail.video;
    expect(hlsBefore || hlsRequested(), 'hls.js is not loaded before the video is viewable').to.equal(false);
    expect(atViewable.status).to.equal('viewable');
    expect(atViewable.hls_url).to.match(/master\.m3u8$/);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.contain('Ready to watch');
    expect(el.shadowRoot!.querySelector('[part~="renditions"]')!.textContent).to.match(/240p 100\s?%/);

    const player = el.shadowRoot!.querySelector<HTMLVideoElement>('video[part~="player"]')!;
    expect(player.muted).to.equal(true);
    expect(player.controls).to.equal(true);
    await playing(player);
    // Native HLS where the browser has it (Chromium does now): then no hls.js at all.
    const native = player.canPlayType('application/vnd.apple.mpegurl') !== '';
    expect(hlsRequested(), native ? 'no hls.js with native HLS' : 'hls.js was loaded for the preview').to.equal(!native);
    expect(el.previewLevels.length, 'one rendition while viewable').to.equal(1);

    const atReady = (await ready).detail.video;
    expect(atReady.status).to.equal('ready');
    expect(el.state).to.equal('ready');
    expect(el.video!.status).to.equal('ready');

    const statuses = log.filter((e) => e.type === 'status-change').map((e) => e.detail.status);
    expect(statuses.slice(-2)).to.deep.equal(['viewable', 'ready']);
    expect(statuses.every((s) => ['empty', 'pending', 'viewable', 'ready'].includes(s))).to.equal(true);
    const order = log.map((e) => e.type).filter((t) => t !== 'status-change');
    expect(order).to.deep.equal(['upload-success', 'video-viewable', 'video-ready']);

    // The rendition finished after `viewable` joins the player without a page reload; while the preview
    // plays it waits (joining gives the video a new MediaSource, a stall), and joins when the viewer pauses.
    await el.updateComplete;
    if (!player.paused && !player.ended) {
      expect(el.previewLevels.length, 'no reload while the preview plays').to.equal(1);
      player.pause();
    }
    await new Promise<void>((resolve) => {
      const check = () => (el.previewLevels.length === 2 ? resolve() : requestAnimationFrame(check));
      check();
    });
    expect(el.previewLevels.map((l) => l.height).sort()).to.deep.equal([240, 360]);
    expect(player.paused, "the viewer's pause is kept").to.equal(true);
  });

  it('a file Gcore cannot read ends in processing-error "processing-failed" with Gcore\'s error', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader session-url="/api/gcore/session" poll-interval="200"></gcore-uploader>`);
    const failed = nextEvent(el, 'processing-error');
    await el.upload(makeFile(50_000, 'not-really.mp4'));
    const { detail } = await failed;
    expect(detail.code).to.equal('processing-failed');
    expect(detail.video!.error).to.equal('File Invalid');
    expect(el.state).to.equal('error');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain('File Invalid');
    expect(el.shadowRoot!.querySelector('video')).to.equal(null);
  });

  it('status requests that keep failing back off, then end in status-request-failed', async () => {
    await executeServerCommand('status-down-hits');
    const el = await fixture<GcoreUploader>(html`<gcore-uploader poll-interval="40"></gcore-uploader>`);
    el.statusUrl = '/__status-down/{id}';
    el.getSession = () => executeServerCommand('gcore-session', {});
    const failed = nextEvent(el, 'processing-error');
    await el.upload(makeFile(1000));
    expect((await failed).detail.code).to.equal('status-request-failed');
    const hits = (await executeServerCommand('status-down-hits')) as number[];
    expect(hits).to.have.length(5);
    // Each wait doubles from twice the interval (80, 160, 320, 640 ms): no request comes before its wait is over
    // (10 % for the requests' own times), and the waits grow. Not gap against gap: one slow request of the
    // browser's stretches a short gap past the next one.
    const gaps = hits.slice(1).map((t, i) => t - hits[i]);
    gaps.forEach((gap, i) => expect(gap, `gap ${i} waits its backoff`).to.be.at.least(0.9 * pollDelay(40, i + 1)));
    expect(gaps[3], 'the waits grow').to.be.greaterThan(2 * gaps[0]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.contain('status');
  });

  it('getStatus replaces status-url; reset() stops polling', async () => {
    const calls: string[] = [];
    const el = await fixture<GcoreUploader>(html`<gcore-uploader poll-interval="30"></gcore-uploader>`);
    el.getSession = () => executeServerCommand('gcore-session', {});
    el.getStatus = async (id) => {
      calls.push(id);
      return { id: Number(id), status: 'pending', converted_videos: [{ name: 'vod720p', height: 720, progress: 45, status: 'processing' }] } as any;
    };
    const changed = nextEvent(el, 'status-change');
    const videoId = await el.upload(makeFile(1000));
    expect((await changed).detail.status).to.equal('pending');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="renditions"]')!.textContent).to.match(/720p 45\s?%/);
    expect(calls[0]).to.equal(videoId);
    await el.reset();
    const count = calls.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.length, 'no poll after reset()').to.equal(count);
    expect(el.state).to.equal('idle');
  });

  it('without status-url or getStatus the element stops at upload-success', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader></gcore-uploader>`);
    el.session = await executeServerCommand('gcore-session', {});
    await el.upload(makeFile(1000));
    expect(el.state).to.equal('success');
  });
});
