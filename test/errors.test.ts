import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { backend, CHUNK, clearResumeStorage, makeFile, nextEvent, server, sha256, uploader } from './support/helpers.js';



/** Uploads and returns the upload-error detail (the promise must reject with the same code). */
async function failure(el: GcoreUploader, file = makeFile(CHUNK * 2)) {
  const event = nextEvent(el, 'upload-error');
  let rejected: any = null;
  await el.upload(file).catch((err) => (rejected = err));
  const { detail } = await event;
  expect(rejected, 'upload() rejects').to.not.equal(null);
  expect(rejected.code).to.equal(detail.code);
  await el.updateComplete;
  return detail;
}

function shownError(el: GcoreUploader) {
  return el.shadowRoot!.querySelector('[part~="error"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('errors: a stable code, a readable message, an event', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
    await backend.reset();
  });

  describe('refused before any request', () => {
    const cases: Array<[string, File, string, Partial<GcoreUploader>?]> = [
      ['an HLS manifest', makeFile(100, 'master.m3u8', 'application/vnd.apple.mpegurl'), 'invalid-file-type'],
      ['a DASH manifest', makeFile(100, 'stream.mpd', 'application/dash+xml'), 'invalid-file-type'],
      ['a text file', makeFile(100, 'notes.txt', 'text/plain'), 'invalid-file-type'],
      ['an empty file', makeFile(0, 'empty.mp4'), 'empty-file'],
      ['a file over max-file-size', makeFile(2000, 'big.mp4'), 'file-too-large', { maxFileSize: 1000 }],
    ];
    for (const [what, file, code, props] of cases) {
      it(`${what} → ${code}`, async () => {
        const el = await uploader({ session: await server.session(), ...props });
        const detail = await failure(el, file);
        expect(detail).to.include({ code, retryable: false });
        expect(el.state).to.equal('error');
        expect(shownError(el)).to.equal(detail.message);
        expect((await server.stats()).requests).to.have.length(0);
      });
    }

    it('a manifest is explained as the seed does: for playback, not upload', async () => {
      const el = await uploader({ session: await server.session() });
      const detail = await failure(el, makeFile(100, 'master.m3u8', 'application/vnd.apple.mpegurl'));
      expect(detail.message).to.match(/HLS and DASH/);
    });

    it('a malformed session → invalid-session, no request', async () => {
      const good = await server.session();
      const bad: Array<unknown> = ['{"servers": [', { ...good, token: '' }, { ...good, servers: [{ ...good.servers[0], active: false }] }];
      for (const session of bad) {
        const el = await uploader({ session: session as any });
        const detail = await failure(el);
        expect(detail.code).to.equal('invalid-session');
        expect(shownError(el)).to.contain('not valid');
      }
      expect((await server.stats()).requests).to.have.length(0);
    });

    it('the session attribute takes JSON text', async () => {
      const session = await server.session();
      const el = await fixture<GcoreUploader>(html`<gcore-uploader session=${JSON.stringify(session)} chunk-size=${CHUNK}></gcore-uploader>`);
      expect(await el.upload(makeFile(1000))).to.equal(String(session.video.id));
    });

    it('no session source at all → invalid-session', async () => {
      const el = await uploader();
      expect((await failure(el)).code).to.equal('invalid-session');
    });
  });

  describe('session-url and getSession', () => {
    it('POSTs {name, size, type} as JSON and uploads with the session it gets back', async () => {
      const el = await uploader({ sessionUrl: backend.url });
      const file = makeFile(CHUNK + 10, 'from-backend.mp4');
      const videoId = await el.upload(file);
      const [request] = await backend.requests();
      expect(request.method).to.equal('POST');
      expect(request.contentType).to.contain('application/json');
      expect(request.body).to.deep.equal({ name: 'from-backend.mp4', size: file.size, type: 'video/mp4' });
      const stats = await server.stats();
      expect(stats.created[0].metadata.video_id).to.equal(videoId);
    });

    it('a failing backend → session-request-failed with its status', async () => {
      const el = await uploader({ sessionUrl: `${backend.url}?status=503` });
      const detail = await failure(el);
      expect(detail).to.include({ code: 'session-request-failed', status: 503 });
      expect(el.shadowRoot!.querySelector('[part~="actions"]')!.textContent).to.contain('Try again');
    });

    it('getSession is called with the file; what it throws is session-request-failed', async () => {
      const seen: File[] = [];
      const session = await server.session();
      const el = await uploader({ getSession: async (file: File) => (seen.push(file), session) });
      const file = makeFile(500);
      expect(await el.upload(file)).to.equal(String(session.video.id));
      expect(seen).to.deep.equal([file]);

      const failing = await uploader({ getSession: async () => Promise.reject(new Error('not logged in')) });
      const detail = await failure(failing);
      expect(detail.code).to.equal('session-request-failed');
      expect(detail.message).to.contain('not logged in');
    });
  });

  describe("Gcore's upload server answers", () => {
    it('HTTP 405 on creation → method-not-allowed, not retried', async () => {
      await server.inject({ method: 'POST', status: 405, body: 'Method Not Allowed', times: 5 });
      const el = await uploader({ session: await server.session() });
      expect(await failure(el)).to.include({ code: 'method-not-allowed', status: 405, retryable: false });
      expect((await server.stats()).requests.filter((r) => r.method === 'POST')).to.have.length(1);
    });

    it('token invalid (…) → token-invalid, not retried, the server text shown', async () => {
      const el = await uploader({ session: await server.session({ token: 'forged.token.value' }) });
      const detail = await failure(el);
      expect(detail).to.include({ code: 'token-invalid', status: 500, retryable: false });
      expect(shownError(el)).to.contain('token invalid (forged.tok...)');
      expect((await server.stats()).requests.filter((r) => r.method === 'POST')).to.have.length(1);
    });

    it('an expired token → token-invalid', async () => {
      const el = await uploader({ session: await server.session({ ttlSeconds: -60 }) });
      expect((await failure(el)).code).to.equal('token-invalid');
    });

    it('a token for another video → token-video-mismatch', async () => {
      const el = await uploader({ session: await server.session({ videoId: 42, tokenFor: { videoId: 41, clientId: 7 } }) });
      const detail = await failure(el);
      expect(detail.code).to.equal('token-video-mismatch');
      expect(shownError(el)).to.contain('token video (41) does not match this video (42)');
    });

    it('a token for another client → token-client-mismatch', async () => {
      const el = await uploader({ session: await server.session({ videoId: 43, clientId: 8, tokenFor: { videoId: 43, clientId: 9 } }) });
      const detail = await failure(el);
      expect(detail.code).to.equal('token-client-mismatch');
      expect(shownError(el)).to.contain('token client (9) does not match this client (8)');
    });

    it('429 is retried with the delays, then the upload succeeds byte-exact', async () => {
      await server.inject({ method: 'POST', status: 429, body: 'Too Many Requests', times: 2 });
      const el = await uploader({ session: await server.session() });
      const file = makeFile(CHUNK * 2 + 7);
      await el.upload(file);
      const stats = await server.stats();
      expect(stats.requests.filter((r) => r.method === 'POST').map((r) => r.status)).to.deep.equal([429, 429, 201]);
      expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(file));
    });

    it('429 that never ends → rate-limited after every retry', async () => {
      await server.inject({ method: 'POST', status: 429, times: 10 });
      const el = await uploader({ session: await server.session() });
      expect(await failure(el)).to.include({ code: 'rate-limited', status: 429, retryable: true });
      expect((await server.stats()).requests.filter((r) => r.method === 'POST')).to.have.length(4);
    });

    it('a 500 on one PATCH is retried and nothing is lost', async () => {
      await server.inject({ method: 'PATCH', status: 500, body: 'disk hiccup' });
      const el = await uploader({ session: await server.session() });
      const file = makeFile(CHUNK * 3);
      await el.upload(file);
      expect((await server.digest((await server.stats()).created[0].id)).sha256).to.equal(await sha256(file));
    });

    it('a 5xx that never ends → server-error with its status', async () => {
      await server.inject({ method: 'POST', status: 503, body: 'maintenance', times: 10 });
      const el = await uploader({ session: await server.session() });
      expect(await failure(el)).to.include({ code: 'server-error', status: 503, retryable: true });
    });

    it('connections dropped mid-upload are retried; when they never recover → network', async () => {
      await server.inject({ method: 'PATCH', resetConnection: true, times: 1 });
      const el = await uploader({ session: await server.session() });
      const file = makeFile(CHUNK * 2);
      await el.upload(file);
      expect((await server.digest((await server.stats()).created[0].id)).sha256).to.equal(await sha256(file));

      await server.reset();
      await server.inject({ method: 'PATCH', resetConnection: true, times: 20 });
      const el2 = await uploader({ session: await server.session() });
      expect(await failure(el2, makeFile(CHUNK * 2, 'other.mp4', 'video/mp4', 2))).to.include({ code: 'network', retryable: true });
    });
  });

  describe('servers', () => {
    it('an unreachable server hands over to the next one in the list', async () => {
      const { hostname } = await server.info();
      const session = await server.session({ hostnames: ['127.0.0.1:9', hostname] });
      const el = await uploader({ session });
      const file = makeFile(CHUNK + 1);
      await el.upload(file);
      const stats = await server.stats();
      expect(stats.created).to.have.length(1);
      expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(file));
    });

    it('no server reachable → no-upload-server', async () => {
      const el = await uploader({ session: await server.session({ hostnames: ['127.0.0.1:9', '127.0.0.1:7'] }), retryDelays: [0] });
      expect(await failure(el)).to.include({ code: 'no-upload-server', retryable: true });
    });
  });

  it('retry() after a retryable error goes on with the same file', async () => {
    await server.inject({ method: 'POST', status: 503, times: 3 });
    const el = await uploader({ session: await server.session(), retryDelays: [0, 0] });
    const file = makeFile(CHUNK);
    await failure(el, file);
    const retryButton = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Try again'))!;
    const success = nextEvent(el, 'upload-success');
    retryButton.click();
    expect((await success).detail.file).to.equal(file);
    expect(el.state).to.equal('success');
  });
});
