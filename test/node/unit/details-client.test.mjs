// Issue #18: the core's details client (src/core/details.ts) against the local emulator through the
// package's own backend helper, mounted as the README mounts it: PATCH the session's edit_url, POST its
// subtitles URL, errors as {code, params}. Also the poster's checks and its JPEG fitting, without a DOM.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUploadHandler, toNodeHandler } from '../../../src/server/index.ts';
import { cleanDetails, patchVideoDetails, postSubtitle, subtitlesUrlFor } from '../../../src/core/details.ts';
import { MAX_POSTER_BYTES } from '../../../src/details/codes.ts';
import { dataUrlBytes, fitJpeg, posterFromFile, sniffImageType } from '../../../src/details/poster.ts';
import { checkSubtitleText } from '../../../src/details/subtitle-check.ts';
import { makeImage } from '../emulator/helpers.mjs';
import { API_KEY, FAST_RETRY, SECRET, SESSION_COOKIE, cookieAuthorize, expressLike, withEmulator } from '../server/helpers.mjs';

/** Expects `promise` to reject with a GcoreUploaderError of `code` whose params include `params`. */
async function rejects(promise, code, params = {}) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.name, 'GcoreUploaderError');
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    for (const [k, v] of Object.entries(params)) assert.equal(e.params[k], v, `params.${k}`);
    return true;
  });
}

describe('the core details client against the emulator through the helper (#18)', { timeout: 120_000 }, () => {
  let emu;
  let app;
  const cleanups = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });
  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
    const handler = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: () => true, retry: FAST_RETRY });
    app = await expressLike('/api/gcore', toNodeHandler(handler));
    cleanups.push(() => app.close());
  });

  /** A new video's session, as the element gets it from `session-url`. */
  async function session(name = 'My holiday.mp4') {
    const res = await fetch(`${app.origin}/api/gcore/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, size: 1000, type: 'video/mp4' }) });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.match(body.edit_url, /^\/api\/gcore\/videos\/\d+\?/);
    return body;
  }

  test('PATCH edit_url: title (cut to 255) and multi-line description arrive on the video', async () => {
    const s = await session();
    const long = `${'T'.repeat(300)}`;
    const video = await patchVideoDetails(s.edit_url, { name: `  ${long}  `, description: 'Line one\r\nLine two' }, { base: app.origin });
    assert.equal(video.name, 'T'.repeat(255));
    assert.equal(video.description, 'Line one\nLine two');
    const stored = emu.store.get(s.video.id);
    assert.equal(stored.name, 'T'.repeat(255));
    assert.equal(stored.description, 'Line one\nLine two');
  });

  test('PATCH a poster (data URL) and a screenshot_id; the poster is served as sent', async () => {
    const s = await session();
    const jpeg = await makeImage({ format: 'jpg', width: 320, height: 180 });
    const poster = await posterFromFile(new File([jpeg], 'p.jpg', { type: 'image/jpeg' }));
    assert.equal(poster.type, 'image/jpeg');
    const video = await patchVideoDetails(s.edit_url, { poster: poster.dataUrl, screenshot_id: 0 }, { base: app.origin });
    assert.match(String(video.poster), /^https?:\/\//);
    const served = Buffer.from(await (await fetch(video.poster)).arrayBuffer());
    assert.ok(served.equals(Buffer.from(jpeg)), 'the stored poster is the bytes sent');
  });

  test('POST <edit_url path>/subtitles?<same query>: an SRT converted to WebVTT is stored', async () => {
    const s = await session();
    const url = new URL(subtitlesUrlFor(s.edit_url, app.origin));
    const edit = new URL(s.edit_url, app.origin);
    assert.equal(url.pathname, `${edit.pathname}/subtitles`);
    assert.equal(url.search, edit.search);
    const { vtt } = checkSubtitleText('1\n00:00:00,500 --> 00:00:01,500\nHallo Welt\n', 'srt');
    const sub = await postSubtitle(s.edit_url, { language: 'GER', vtt, name: 'Deutsch' }, { base: app.origin });
    assert.equal(sub.language, 'ger');
    assert.equal(sub.name, 'Deutsch');
    const stored = emu.store.get(s.video.id)._subtitles;
    assert.equal(stored.length, 1);
    assert.match(stored[0].vtt, /^WEBVTT\n\n1\n00:00:00\.500 --> 00:00:01\.500\nHallo Welt/);
  });

  test("the helper's refusals keep their codes; others are details-save-failed with the status", async () => {
    const s = await session();
    // The page never sends a poster this large (poster.ts refuses it first); the helper refuses it too.
    const big = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(MAX_POSTER_BYTES)]).toString('base64')}`;
    await rejects(patchVideoDetails(s.edit_url, { poster: big }, { base: app.origin }), 'poster-too-large', { serverCode: 'poster-too-large' });
    await rejects(postSubtitle(s.edit_url, { language: 'eng', vtt: '1\n00:00:00,500 --> 00:00:01,500\nSRT\n' }, { base: app.origin }), 'invalid-subtitle', { serverCode: 'subtitle-is-srt' });
    const tampered = s.edit_url.replace(/sig=[^&]+/, 'sig=AAAA');
    await rejects(patchVideoDetails(tampered, { name: 'x' }, { base: app.origin }), 'details-save-failed', { reason: 'refused', status: 403, serverCode: 'invalid-signature' });
    await rejects(patchVideoDetails(s.status_url, { name: 'x' }, { base: app.origin }), 'details-save-failed', { status: 403 });
    await rejects(patchVideoDetails(null, { name: 'x' }), 'details-save-failed', { reason: 'no-edit-url' });
    await rejects(patchVideoDetails(s.edit_url, { name: '   ' }, { base: app.origin }), 'details-save-failed');
    await rejects(patchVideoDetails(s.edit_url, { name: 'x' }, { base: 'http://127.0.0.1:9' }), 'details-save-failed', { reason: 'unreachable' });
  });

  test("the item's AbortSignal stops a request: aborted, and nothing changes", async () => {
    const s = await session('kept.mp4');
    const controller = new AbortController();
    controller.abort();
    await rejects(patchVideoDetails(s.edit_url, { name: 'changed' }, { base: app.origin, signal: controller.signal }), 'aborted');
    assert.equal(emu.store.get(s.video.id).name, 'kept.mp4');
  });

  test('an authorize that says no is a details-save-failed 401', async () => {
    const handler = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: cookieAuthorize, retry: FAST_RETRY });
    const guarded = await expressLike('/api/gcore', toNodeHandler(handler));
    cleanups.push(() => guarded.close());
    const res = await fetch(`${guarded.origin}/api/gcore/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: SESSION_COOKIE }, body: JSON.stringify({ name: 'a.mp4', size: 1, type: 'video/mp4' }) });
    const s = await res.json();
    await rejects(patchVideoDetails(s.edit_url, { name: 'x' }, { base: guarded.origin }), 'details-save-failed', { status: 401, serverCode: 'unauthorized' });
  });
});

describe('posters without a DOM (#18)', () => {
  test('an image file: JPEG, PNG, WebP by its bytes, ≤ 1 000 000 bytes; else refused before reading', async () => {
    const png = await makeImage({ format: 'png', width: 64, height: 36 });
    const p = await posterFromFile(new File([png], 'p.png', { type: 'image/png' }));
    assert.equal(p.type, 'image/png');
    assert.deepEqual(dataUrlBytes(p.dataUrl), new Uint8Array(png));
    assert.equal(sniffImageType(new TextEncoder().encode('RIFF....WEBPVP8 ')), 'image/webp');
    let read = false;
    const huge = { name: 'huge.png', type: 'image/png', size: MAX_POSTER_BYTES + 1, arrayBuffer: async () => ((read = true), new ArrayBuffer(0)) };
    await rejects(posterFromFile(huge), 'poster-too-large', { reason: 'file', limit: MAX_POSTER_BYTES });
    assert.equal(read, false);
    await rejects(posterFromFile(new File(['GIF89a'], 'p.gif', { type: 'image/gif' })), 'invalid-poster', { reason: 'type' });
    await rejects(posterFromFile(new File(['not an image'], 'p.jpg', { type: 'image/jpeg' })), 'invalid-poster', { reason: 'type' });
    await rejects(posterFromFile(new File(['not an image'], 'p', { type: '' })), 'invalid-poster', { reason: 'type' });
  });

  test('fitJpeg: lower quality first, then a smaller size, never more than the limit', async () => {
    const tried = [];
    // A fake encoder: bytes ∝ pixels × quality (1920×1080 does not fit at any quality).
    const encode = async (w, h, q) => (tried.push([w, h, q]), new Uint8Array(Math.round(w * h * q * 1.5)));
    const fit = await fitJpeg(encode, 1920, 1080, { maxBytes: 1_000_000 });
    assert.ok(fit.bytes.length <= 1_000_000);
    assert.deepEqual(tried[0], [1920, 1080, 0.92]);
    assert.ok(tried.slice(0, 5).every(([w]) => w === 1920), 'every quality at full size first');
    assert.ok(fit.width < 1920 && Math.abs(fit.width / fit.height - 1920 / 1080) < 0.02, 'then smaller, same aspect');
    const small = await fitJpeg(encode, 640, 360, { maxBytes: 1_000_000 });
    assert.equal(small.quality, 0.92, 'a frame that fits keeps the best quality');
    await rejects(fitJpeg(async () => new Uint8Array(2_000_000), 640, 360), 'poster-too-large', { reason: 'frame' });
    await rejects(fitJpeg(async () => null, 640, 360), 'invalid-poster', { reason: 'unreadable' });
  });

  test('cleanDetails: an empty title is not sent; screenshot ids are whole numbers', () => {
    assert.deepEqual(cleanDetails({ name: '  ', description: '', screenshot_id: 1.5 }), { description: '' });
    assert.deepEqual(cleanDetails({ name: ' A ', screenshot_id: 2 }), { name: 'A', screenshot_id: 2 });
  });
});
