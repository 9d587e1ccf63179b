// Faults that real networks and servers produce, beyond the error codes: nothing may be lost.
import { expect } from '@open-wc/testing';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { CHUNK, chunksDone, clearResumeStorage, expectNoRequestAfter, makeFile, nextEvent, server, sha256, uploader as makeUploader } from './support/helpers.js';

const uploader = (props: Partial<GcoreUploader> = {}) => makeUploader(props, [0, 200, 500, 1000]);




async function expectOnServer(file: File) {
  const stats = await server.stats();
  const id = stats.finished.at(-1) ?? stats.created.at(-1)!.id;
  const digest = await server.digest(id);
  expect(digest.size).to.equal(file.size);
  expect(digest.sha256).to.equal(await sha256(file));
}

describe('faults', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });

  // Chromium's DevTools offline mode would also cut the test runner's own connection, so the network
  // loss is played by its two halves: the upload server stops answering and the browser says "offline".
  it('offline mid-upload pauses, and the upload goes on by itself when the network is back', async () => {
    const el = await uploader({ session: await server.session() });
    const file = makeFile(CHUNK * 5);
    await server.inject({ method: 'PATCH', delayMs: 100, times: 2 });
    const done = el.upload(file);
    await chunksDone(el, 1);
    await server.inject({ resetConnection: true, times: 1000 });
    const paused = nextEvent(el, 'upload-pause');
    window.dispatchEvent(new Event('offline'));
    expect((await paused).detail.reason).to.equal('network');
    expect(el.state).to.equal('paused');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.contain('no network');
    const resumed = nextEvent(el, 'upload-resume');
    await server.clearFaults();
    window.dispatchEvent(new Event('online'));
    expect((await resumed).detail.reason).to.equal('network');
    await done;
    await expectOnServer(file);
  });

  it('the upload server restarts mid-upload: the upload resumes and completes', async () => {
    const el = await uploader({ session: await server.session() });
    const file = makeFile(CHUNK * 6);
    await server.inject({ method: 'PATCH', delayMs: 100, times: 100 });
    const done = el.upload(file);
    await chunksDone(el, 2);
    await server.restart({ downMs: 300 });
    await done;
    await expectOnServer(file);
  });

  it('the token expires during a long upload: the upload goes on (it is only needed at creation)', async () => {
    // Valid for 3 s (time enough to create the upload on a loaded machine); the PATCHes take longer than that.
    const el = await uploader({ session: await server.session({ ttlSeconds: 3 }) });
    const file = makeFile(CHUNK * 4);
    await server.inject({ method: 'PATCH', delayMs: 1200, times: 3 });
    await el.upload(file);
    await expectOnServer(file);
  });

  it("a HEAD whose Upload-Offset is behind the client's count: the missing bytes are sent again", async () => {
    const el = await uploader({ session: await server.session() });
    const file = makeFile(CHUNK * 4);
    // When the third PATCH comes, the server has lost what came after the first chunk (a restored backup,
    // say) and the connection drops: the retry's HEAD says CHUNK, where the client had two chunks confirmed.
    await server.inject({ method: 'PATCH', skip: 2, truncateTo: CHUNK, resetConnection: true, times: 1 });
    await el.upload(file);
    await expectOnServer(file);
    const taken = (await server.stats()).requests.filter((r) => r.method === 'PATCH' && r.status === 204);
    expect(taken.reduce((n, r) => n + r.length, 0)).to.equal(file.size + CHUNK);
  });

  it('two elements upload two files at once without crossing state', async () => {
    const [a, b] = [await uploader({ session: await server.session() }), await uploader({ session: await server.session() })];
    const fa = makeFile(CHUNK * 3 + 5, 'a.mp4', 'video/mp4', 11);
    const fb = makeFile(CHUNK * 2 + 9, 'b.mp4', 'video/mp4', 12);
    const successes: string[] = [];
    a.addEventListener('upload-success', (e) => successes.push(`a:${e.detail.file.name}`));
    b.addEventListener('upload-success', (e) => successes.push(`b:${e.detail.file.name}`));
    const [ida, idb] = await Promise.all([a.upload(fa), b.upload(fb)]);
    expect(ida).to.not.equal(idb);
    expect(successes.sort()).to.deep.equal(['a:a.mp4', 'b:b.mp4']);
    expect(a.progress!.bytesTotal).to.equal(fa.size);
    expect(b.progress!.bytesTotal).to.equal(fb.size);
    const stats = await server.stats();
    for (const created of stats.created) {
      const file = created.metadata.filename === 'a.mp4' ? fa : fb;
      expect(created.metadata.video_id).to.equal(file === fa ? ida : idb);
      expect((await server.digest(created.id)).sha256).to.equal(await sha256(file));
    }
  });

  it('removed from the page mid-upload: the upload stops (resumable) and no request follows', async () => {
    const el = await uploader({ session: await server.session() });
    await server.inject({ method: 'PATCH', delayMs: 200, times: 100 });
    const done = el.upload(makeFile(CHUNK * 6)).catch((e) => e);
    await chunksDone(el, 1);
    el.remove();
    const removedAt = Date.now();
    expect((await done).code).to.equal('aborted');
    await expectNoRequestAfter(removedAt);
    expect(Object.keys(localStorage).some((k) => k.startsWith('gcore-uploader::')), 'still resumable').to.equal(true);
  });
});
