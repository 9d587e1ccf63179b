// The demo backend (`npm start`) uses the helper as an app should: a real authorize (the demo's session
// cookie, handed out when a demo page loads), same-origin JSON only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDemoBackend, DEMO_COOKIE, readCookie } from '../../../demo/backend.mjs';
import { API_KEY, listen, rawRequest, videoCount, withEmulator } from './helpers.mjs';

describe('the demo backend', { timeout: 30_000 }, () => {
  let emu;
  let app;
  let cookie;
  const cleanups = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });
  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
    const backend = createDemoBackend({ apiOrigin: emu.apiOrigin, apiKey: API_KEY });
    app = await listen((req, res) => backend.middleware(req, res, () => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>demo</title>')));
    cleanups.push(() => app.close());
  });
  const post = (headers, body = { name: 'demo.mp4', size: 10, type: 'video/mp4' }) =>
    rawRequest(app.origin, { path: '/api/gcore/session', headers: { 'Content-Type': 'application/json', ...headers }, body });

  test('a page load hands out the session cookie (HttpOnly, SameSite=Strict); /api/demo-login too', async () => {
    const page = await rawRequest(app.origin, { method: 'GET', path: '/', headers: { Accept: 'text/html,application/xhtml+xml' } });
    assert.equal(page.status, 200);
    const setCookie = String(page.headers['set-cookie']);
    assert.match(setCookie, new RegExp(`^${DEMO_COOKIE}=[A-Za-z0-9_-]{20,}; Path=/; HttpOnly; SameSite=Strict$`));
    cookie = setCookie.split(';')[0];
    const script = await rawRequest(app.origin, { method: 'GET', path: '/src/index.ts', headers: { Accept: '*/*' } });
    assert.equal(script.headers['set-cookie'], undefined, 'only pages get it');
    const login = await rawRequest(app.origin, { method: 'GET', path: '/api/demo-login' });
    assert.equal(login.status, 303);
    assert.equal(login.headers.location, '/');
    assert.equal(String(login.headers['set-cookie']).split(';')[0], cookie);
    assert.equal(readCookie(`a=1; ${cookie}; b=2`, DEMO_COOKIE), cookie.split('=')[1]);
  });

  test('uploads need the cookie, JSON and the same origin', async () => {
    const count = videoCount(emu);
    const none = await post({});
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'unauthorized');
    const forged = await post({ Cookie: `${DEMO_COOKIE}=guess` });
    assert.equal(forged.status, 401);
    const text = await post({ Cookie: cookie, 'Content-Type': 'text/plain', Origin: 'https://evil.example' });
    assert.equal(text.status, 403);
    const textSameOrigin = await post({ Cookie: cookie, 'Content-Type': 'text/plain' });
    assert.equal(textSameOrigin.status, 415);
    assert.equal(textSameOrigin.body.error.code, 'unsupported-media-type');
    const foreign = await post({ Cookie: cookie, Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, 'origin-not-allowed');
    assert.equal(videoCount(emu), count, 'nothing was created');
    const ok = await post({ Cookie: cookie, Origin: app.origin, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(ok.status, 200, ok.text);
    assert.match(emu.store.get(ok.body.video.id).description, /Uploaded from the gcore-uploader demo \(video\/mp4, 10 bytes\)/);
    assert.equal(videoCount(emu), count + 1);
  });
});
