import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, makeFile, nextEvent, recordEvents, server, sha256 } from './support/helpers.js';

const CHUNK = 256 * 1024;

async function uploader(session: unknown, extra = {}) {
  const el = await fixture<GcoreUploader>(html`<gcore-uploader .session=${session} chunk-size=${CHUNK} .retryDelays=${[0, 200, 400]}></gcore-uploader>`);
  Object.assign(el, extra);
  return el;
}

describe('upload to a tus server on another origin', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });

  it('uploads every byte exactly, with Gcore metadata, and reports it', async () => {
    const session = await server.session();
    const el = await uploader(session);
    const file = makeFile(CHUNK * 3 + 1234, 'holiday.mp4');
    const log = recordEvents(el, ['upload-start', 'chunk-complete', 'upload-success']);
    const videoId = await el.upload(file);

    expect(videoId).to.equal(String(session.video.id));
    expect(el.state).to.equal('success');
    expect(el.videoId).to.equal(String(session.video.id));
    expect(log[0]).to.deep.include({ type: 'upload-start' });
    expect(log[0].detail).to.include({ videoId: String(session.video.id), resumed: false, offset: 0 });
    expect(log.filter((e) => e.type === 'chunk-complete')).to.have.length(4);
    expect(log.at(-1)!.type).to.equal('upload-success');

    const stats = await server.stats();
    expect(stats.created).to.have.length(1);
    const digest = await server.digest(stats.created[0].id);
    expect(digest.sha256).to.equal(await sha256(file));
    expect(digest.size).to.equal(file.size);
    expect(digest.metadata).to.deep.equal({
      filename: 'holiday.mp4',
      filetype: 'video/mp4',
      token: session.token,
      video_id: String(session.video.id),
      client_id: String(session.video.client_id),
    });
    expect(el.progress!.percent).to.equal(100);
    expect(el.shadowRoot!.querySelector('[part~="progress-bar"]')!.getAttribute('aria-valuenow')).to.equal('100');
  });

  it('fires upload-progress with bytes, percent, speed and time left', async () => {
    const el = await uploader(await server.session());
    const file = makeFile(CHUNK * 4);
    const details: any[] = [];
    el.addEventListener('upload-progress', (e) => details.push(e.detail));
    await el.upload(file);
    expect(details.length).to.be.greaterThan(1);
    const last = details.at(-1);
    expect(last).to.include({ bytesUploaded: file.size, bytesTotal: file.size, percent: 100 });
    expect(last).to.have.keys(['file', 'bytesUploaded', 'bytesTotal', 'percent', 'bytesPerSecond', 'secondsLeft']);
    const percents = details.map((d) => d.percent);
    expect([...percents].sort((a, b) => a - b)).to.deep.equal(percents);
  });

  it('shows the file name as text, never as markup', async () => {
    const el = await uploader(await server.session());
    const name = '<img src=x onerror="window.__pwned=1">.mp4';
    await el.upload(makeFile(1000, name));
    const shown = el.shadowRoot!.querySelector('[part~="file-name"]')!;
    expect(shown.textContent).to.equal(name);
    expect(shown.querySelector('img')).to.equal(null);
    expect((window as any).__pwned).to.equal(undefined);
  });

  it('is accessible when idle and while uploading', async () => {
    const el = await uploader(await server.session());
    await expect(el).to.be.accessible();
    await server.inject({ method: 'PATCH', delayMs: 1500 });
    const started = nextEvent(el, 'upload-start');
    const done = el.upload(makeFile(CHUNK * 2));
    await started;
    await el.updateComplete;
    expect(el.state).to.equal('uploading');
    await expect(el).to.be.accessible();
    await done;
  });
});
