import { expect } from '@open-wc/testing';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { backend, CHUNK, chunksDone, clearResumeStorage, makeFile, nextEvent, recordEvents, server, sha256, uploader } from './support/helpers.js';




function button(el: GcoreUploader, label: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === label);
  expect(found, `button "${label}"`).to.exist;
  return found!;
}

describe('pause, resume, cancel', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
    await backend.reset();
  });

  it('pause stops sending, resume goes on from the server offset, every byte arrives once', async () => {
    const el = await uploader({ session: await server.session() });
    const file = makeFile(CHUNK * 6);
    const log = recordEvents(el, ['upload-pause', 'upload-resume', 'upload-success']);
    await server.inject({ method: 'PATCH', delayMs: 200, times: 100 });
    const done = el.upload(file);
    await chunksDone(el, 2);
    await el.updateComplete;
    button(el, 'Pause').click();
    expect(el.state).to.equal('paused');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.equal('Paused');
    const patchesWhenPaused = (await server.stats()).requests.filter((r) => r.method === 'PATCH').length;

    const resumed = nextEvent(el, 'upload-resume');
    button(el, 'Resume').click();
    await resumed;
    expect(await done).to.be.a('string');
    const stats = await server.stats();
    expect(stats.requests.filter((r) => r.method === 'PATCH').length).to.be.greaterThan(patchesWhenPaused);
    expect(stats.requests.some((r) => r.method === 'HEAD'), 'resume asks the server for its offset').to.equal(true);
    expect(log.map((e) => e.type)).to.deep.equal(['upload-pause', 'upload-resume', 'upload-success']);
    expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(file));
  });

  it('cancel ends in aborted, back to idle, and the server is asked to drop the upload', async () => {
    const el = await uploader({ session: await server.session() });
    await server.inject({ method: 'PATCH', delayMs: 300, times: 100 });
    const errored = nextEvent(el, 'upload-error');
    const done = el.upload(makeFile(CHUNK * 6)).catch((e) => e);
    await chunksDone(el, 1);
    await el.updateComplete;
    button(el, 'Cancel').click();
    expect((await errored).detail).to.include({ code: 'aborted' });
    expect((await done).code).to.equal('aborted');
    expect(el.state).to.equal('idle');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="drop-zone"]')).to.exist;
    expect(Object.keys(localStorage).filter((k) => k.startsWith('gcore-uploader::')), 'nothing left to resume').to.have.length(0);
    // The DELETE goes out in the background, so that cancelling never waits on the server.
    while (!(await server.stats()).requests.some((r) => r.method === 'DELETE')) await new Promise((r) => requestAnimationFrame(r));
    expect((await server.stats()).finished).to.have.length(0);
  });

  it('the token is never written to localStorage', async () => {
    const session = await server.session();
    const el = await uploader({ session });
    await server.inject({ method: 'PATCH', delayMs: 200, times: 100 });
    const done = el.upload(makeFile(CHUNK * 4)).catch((e) => e);
    await chunksDone(el, 1);
    const stored = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`);
    expect(stored.filter((s) => s.startsWith('gcore-uploader::'))).to.have.length(1);
    expect(stored.join('\n')).to.not.contain(session.token);
    expect(stored.join('\n')).to.contain(`"video_id":"${session.video.id}"`);
    await el.cancel();
    expect((await done).code).to.equal('aborted');
  });
});

describe('resume after a reload', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
    await backend.reset();
  });

  /** Starts an upload through session-url and "reloads" (removes the element) after `chunks` chunks. */
  async function interruptedUpload(file: File, chunks: number) {
    const first = await uploader({ sessionUrl: backend.url });
    await server.inject({ method: 'PATCH', delayMs: 150, times: chunks + 1 });
    const started = nextEvent(first, 'upload-start');
    const done = first.upload(file).catch((e) => e);
    const videoId = (await started).detail.videoId;
    await chunksDone(first, chunks);
    first.remove();
    expect((await done).code).to.equal('aborted');
    await server.reset();
    return videoId;
  }

  it("the first chunk does not wait for the file's sample digest; the record written with it resumes after a reload", async () => {
    // A slow SHA-256 (a slow disk, a busy machine): the first and last 64 KiB are digested well after the POST.
    const subtle = crypto.subtle;
    const realDigest = subtle.digest;
    let digestedAt = 0;
    subtle.digest = async (...args: Parameters<SubtleCrypto['digest']>) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      digestedAt = performance.now();
      return realDigest.apply(subtle, args);
    };
    try {
      const file = makeFile(CHUNK * 8 + 7, 'slow-disk.mp4', 'video/mp4', 31);
      const first = await uploader({ sessionUrl: backend.url });
      await server.inject({ method: 'PATCH', delayMs: 150, times: 100 });
      const firstChunk = nextEvent(first, 'chunk-complete');
      const done = first.upload(file).catch((e) => e);
      await firstChunk;
      expect(digestedAt, 'a chunk was uploaded before the digest was ready').to.equal(0);
      const stored = () => Object.keys(localStorage).filter((k) => k.startsWith('gcore-uploader::'));
      while (stored().length === 0) await nextEvent(first, 'chunk-complete');
      expect(digestedAt, 'the record is written once the digest is ready').to.be.greaterThan(0);
      first.remove();
      expect((await done).code).to.equal('aborted');
      await server.reset();

      const second = await uploader({ sessionUrl: backend.url });
      const log = recordEvents(second, ['upload-start']);
      await second.upload(file);
      expect(log[0].detail).to.include({ resumed: true });
      const stats = await server.stats();
      expect(stats.created, 'no new upload').to.have.length(0);
      expect((await server.digest(stats.finished[0])).sha256).to.equal(await sha256(file));
      expect(stored(), 'forgotten once complete').to.have.length(0);
    } finally {
      subtle.digest = realDigest;
    }
  });

  it('a new element resumes the same file into the same video, re-sending at most one chunk', async () => {
    const file = makeFile(CHUNK * 6 + 99, 'long-take.mov', 'video/quicktime');
    const videoId = await interruptedUpload(file, 3);

    const second = await uploader({ sessionUrl: backend.url });
    const log = recordEvents(second, ['upload-start', 'upload-success']);
    expect(await second.upload(file)).to.equal(videoId);

    const start = log[0].detail;
    expect(start).to.include({ videoId, resumed: true });
    expect(start.offset).to.be.at.least(CHUNK * 3);
    const stats = await server.stats();
    expect(stats.created, 'no new upload').to.have.length(0);
    expect(await backend.requests(), 'no new session, no new video').to.have.length(1);
    expect(stats.patchBytes).to.be.at.most(file.size - start.offset + CHUNK);
    const id = stats.finished[0];
    expect((await server.digest(id)).sha256).to.equal(await sha256(file));
  });

  it('resume="never" starts afresh with a new session', async () => {
    const file = makeFile(CHUNK * 4, 'again.mp4', 'video/mp4', 5);
    await interruptedUpload(file, 1);
    const second = await uploader({ sessionUrl: backend.url, resumePolicy: 'never' });
    const started = nextEvent(second, 'upload-start');
    await second.upload(file);
    expect((await started).detail).to.include({ resumed: false, offset: 0 });
    expect(await backend.requests()).to.have.length(2);
  });

  it('resume="ask" asks; "Start over" starts afresh, "Continue upload" resumes', async () => {
    const file = makeFile(CHUNK * 4, 'ask.mp4', 'video/mp4', 6);
    const videoId = await interruptedUpload(file, 1);
    const second = await uploader({ sessionUrl: backend.url, resumePolicy: 'ask' });
    const started = nextEvent(second, 'upload-start');
    const done = second.upload(file);
    await waitForState(second, 'confirm-resume');
    await expect(second).to.be.accessible();
    button(second, 'Continue upload').click();
    expect((await started).detail).to.include({ resumed: true, videoId });
    await done;

    const third = await interruptedUpload(makeFile(CHUNK * 4, 'ask2.mp4', 'video/mp4', 7), 1);
    const el = await uploader({ sessionUrl: backend.url, resumePolicy: 'ask' });
    const fresh = nextEvent(el, 'upload-start');
    const done2 = el.upload(makeFile(CHUNK * 4, 'ask2.mp4', 'video/mp4', 7));
    await waitForState(el, 'confirm-resume');
    button(el, 'Start over').click();
    const detail = (await fresh).detail;
    expect(detail.resumed).to.equal(false);
    expect(detail.videoId).to.not.equal(third);
    await done2;
  });

  it('with a pre-issued session, only uploads of that video are resumed', async () => {
    const session = await server.session();
    const file = makeFile(CHUNK * 4, 'preissued.mp4', 'video/mp4', 8);
    const first = await uploader({ session });
    await server.inject({ method: 'PATCH', delayMs: 150, times: 3 });
    const done = first.upload(file).catch((e) => e);
    await chunksDone(first, 2);
    first.remove();
    await done;
    await server.reset();

    const other = await uploader({ session: await server.session() });
    const startedOther = nextEvent(other, 'upload-start');
    const otherDone = other.upload(file);
    expect((await startedOther).detail.resumed, 'another video: fresh').to.equal(false);
    await otherDone;

    // The fresh upload above consumed nothing of the first video's stored upload.
    const same = await uploader({ session });
    const startedSame = nextEvent(same, 'upload-start');
    await same.upload(file);
    expect((await startedSame).detail).to.include({ resumed: true, videoId: String(session.video.id) });
  });

  for (const status of [404, 410]) {
    it(`an upload URL the server no longer knows (${status} on HEAD) falls back to a fresh upload`, async () => {
      const file = makeFile(CHUNK * 3, `gone-${status}.mp4`, 'video/mp4', status);
      await interruptedUpload(file, 1);
      // Gone for good: every HEAD says so (the element's list of unfinished uploads asks too, on connect).
      await server.inject({ method: 'HEAD', status, body: 'Gone', times: 5 });
      const second = await uploader({ sessionUrl: backend.url });
      const started = nextEvent(second, 'upload-start');
      await second.upload(file);
      expect((await started).detail).to.include({ resumed: false, offset: 0 });
      const stats = await server.stats();
      expect(stats.created).to.have.length(1);
      expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(file));
    });
  }
});

async function waitForState(el: GcoreUploader, state: string) {
  while (el.state !== state) await new Promise((r) => requestAnimationFrame(r));
  await el.updateComplete;
}
