// Issue #18, the backend half: a video's signed edit_url, PATCH of title, description, poster and
// screenshot, subtitles added, each checked again on the server (the browser is not trusted), against
// the local emulator through toNodeHandler, mounted as the README mounts it (a cookie in authorize).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createUploadHandler,
  EDIT_VIDEO_FIELDS,
  GcoreApiError,
  MAX_DESCRIPTION_LENGTH,
  MAX_EDIT_BODY_BYTES,
  MAX_NAME_LENGTH,
  MAX_POSTER_BYTES,
  signEditUrl,
  toNodeHandler,
} from '../../../src/server/index.ts';
import { dataUrl, makeImage } from '../emulator/helpers.mjs';
import { API_KEY, FAST_RETRY, SECRET, SESSION_COOKIE, cookieAuthorize, countingFetch, expressLike, pollStatus, read, tinyClip, tusUpload, withEmulator } from './helpers.mjs';

const VTT = 'WEBVTT\n\n1\n00:00:00.100 --> 00:00:00.900\nHello from the helper\n';

describe('edit_url: title, description, poster, subtitles (#18)', { timeout: 120_000 }, () => {
  let emu;
  let app;
  let gcoreFetch;
  const errors = [];
  const cleanups = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  async function mount(extra = {}) {
    const handler = createUploadHandler({
      apiKey: API_KEY,
      baseUrl: emu.apiOrigin,
      secret: SECRET,
      authorize: cookieAuthorize,
      retry: FAST_RETRY,
      fetch: gcoreFetch,
      onError: (e) => errors.push(e),
      ...extra,
    });
    const server = await expressLike('/api/gcore', toNodeHandler(handler));
    cleanups.push(() => server.close());
    return Object.assign(server, { handler });
  }

  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
    gcoreFetch = countingFetch();
    app = await mount();
  });

  /** A request to the app: JSON with the session cookie unless told otherwise. */
  async function send(path, { method = 'POST', body, raw, cookie = true, headers = {}, origin = app.origin } = {}) {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: SESSION_COOKIE } : {}), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return read(res);
  }
  const newSession = (body = { name: 'clip.mp4', size: 1000, type: 'video/mp4' }, origin = app.origin) => send('/api/gcore/session', { body, origin });
  const patch = (editUrl, body, options = {}) => send(editUrl, { method: 'PATCH', body, ...options });
  const subtitlesUrl = (editUrl) => {
    const u = new URL(editUrl, 'http://x');
    return `${u.pathname}/subtitles${u.search}`;
  };
  /** Runs `fn` and checks it made no call to Gcore. */
  async function noGcore(fn) {
    const calls = gcoreFetch.calls.length;
    const out = await fn();
    assert.equal(gcoreFetch.calls.length, calls, 'no call to Gcore');
    return out;
  }
  async function refused(res, status, code) {
    const r = await res;
    assert.equal(r.status, status, `${r.status} ${r.text}`);
    assert.equal(r.body.error.code, code, r.text);
    assert.equal(typeof r.body.error.message, 'string');
    return r;
  }

  test('session and import answers carry edit_url beside status_url: same shape, another signature', async () => {
    const s = await newSession();
    assert.equal(s.status, 200, s.text);
    const { video, status_url, edit_url, auto_captions } = s.body;
    assert.match(edit_url, new RegExp(`^/api/gcore/videos/${video.id}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    const e = new URL(edit_url, 'http://x');
    const st = new URL(status_url, 'http://x');
    assert.equal(e.pathname, st.pathname);
    assert.notEqual(e.searchParams.get('sig'), st.searchParams.get('sig'));
    const ttl = Number(e.searchParams.get('exp')) - Date.now() / 1000;
    assert.ok(ttl > 86_400 - 60 && ttl <= 86_400 + 1, `24 h by default, got ${ttl}`);
    assert.equal(auto_captions, false);
    const imported = await send('/api/gcore/import', { body: { url: 'https://example.com/a.mp4', name: 'a.mp4' } });
    assert.equal(imported.status, 200, imported.text);
    assert.match(imported.body.edit_url, new RegExp(`^/api/gcore/videos/${imported.body.video.id}\\?exp=\\d+&sig=`));
    assert.equal(imported.body.auto_captions, false);

    const short = await mount({ editTtlSeconds: 120 });
    const t = new URL((await newSession(undefined, short.origin)).body.edit_url, 'http://x');
    assert.ok(Math.abs(Number(t.searchParams.get('exp')) - Date.now() / 1000 - 120) < 5, 'editTtlSeconds');
    assert.throws(() => createUploadHandler({ apiKey: API_KEY, secret: SECRET, authorize: cookieAuthorize, editTtlSeconds: 0 }), /editTtlSeconds/);
  });

  test('PATCH title and description: cleaned, saved in Gcore, answered with the edit whitelist', async () => {
    const { video, edit_url } = (await newSession()).body;
    const r = await patch(edit_url, { name: '  Der\u202e Titel\u0007 ', description: 'Zeile 1\r\nZeile\u0000 2\tmit Tab\u202e\u0085' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, 'Der Titel');
    assert.equal(r.body.description, 'Zeile 1\nZeile 2\tmit Tab', 'control and bidi characters gone, newline and tab kept');
    assert.equal(r.body.id, video.id);
    for (const k of Object.keys(r.body)) assert.ok(EDIT_VIDEO_FIELDS.includes(k), `whitelisted: ${k}`);
    assert.ok(!('slug' in r.body) && !('client_id' in r.body));
    assert.ok(!r.text.includes(API_KEY) && !r.text.includes(SECRET));
    const stored = emu.store.get(video.id);
    assert.equal(stored.name, 'Der Titel');
    assert.equal(stored.description, 'Zeile 1\nZeile 2\tmit Tab');
    assert.equal((await patch(edit_url, { description: '' })).body.description, '', 'an empty description clears it');
  });

  test('PATCH poster: a JPEG data URL of almost 1 MB arrives, and the video\'s poster URL serves those bytes', async () => {
    const { video, edit_url } = (await newSession()).body;
    const small = await makeImage({ width: 320, height: 180 });
    // JPEG readers stop at the end-of-image marker: padding makes a real JPEG of 990 000 bytes.
    const big = Buffer.concat([small, Buffer.alloc(990_000 - small.length, 0)]);
    for (const jpeg of [small, big]) {
      const r = await patch(edit_url, { poster: dataUrl(jpeg) });
      assert.equal(r.status, 200, r.text);
      assert.match(r.body.poster, /\/poster_\d+\.jpg$/);
      const served = await fetch(r.body.poster);
      assert.equal(served.headers.get('content-type'), 'image/jpeg');
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), jpeg);
      assert.match(r.body.poster_thumb, /_thumb\.jpg$/);
    }
    const shot = await patch(edit_url, { screenshot_id: 0 });
    assert.equal(shot.status, 200, shot.text);
    assert.equal(shot.body.screenshot_id, 0);
    assert.equal(emu.store.get(video.id).screenshot_id, 0);
  });

  test('the largest valid PATCH fits the body limit: a 1 000 000-byte poster, 255 and 5000 four-byte characters', async () => {
    // The arithmetic behind MAX_EDIT_BODY_BYTES: base64 of the poster, its prefix, every character escaped (12 bytes).
    assert.ok(Math.ceil(MAX_POSTER_BYTES / 3) * 4 + 23 + 12 * (MAX_NAME_LENGTH + MAX_DESCRIPTION_LENGTH) + 200 <= MAX_EDIT_BODY_BYTES);
    const { video, edit_url } = (await newSession()).body;
    const jpeg = await makeImage();
    const poster = Buffer.concat([jpeg, Buffer.alloc(MAX_POSTER_BYTES - jpeg.length)]);
    const body = { name: '\u{1F3AC}'.repeat(MAX_NAME_LENGTH), description: '\u{1F3AC}'.repeat(MAX_DESCRIPTION_LENGTH), poster: dataUrl(poster), screenshot_id: 1 };
    const r = await patch(edit_url, body);
    assert.equal(r.status, 200, r.text);
    assert.equal(emu.store.get(video.id).name, body.name);
    assert.deepEqual(Buffer.from(await (await fetch(r.body.poster)).arrayBuffer()), poster);
  });

  test('posters refused before Gcore: 3 MB PNG (413), over 1 000 000 bytes (413), wrong bytes, wrong type', async () => {
    const { edit_url } = (await newSession()).body;
    const png = await makeImage({ format: 'png', width: 64, height: 48 });
    const jpeg = await makeImage();
    await noGcore(async () => {
      const threeMb = Buffer.concat([png, Buffer.alloc(3 * 1024 * 1024)]);
      await refused(patch(edit_url, { poster: dataUrl(threeMb, 'image/png') }), 413, 'poster-too-large');
      // Under the body limit, over the poster's: refused from its decoded size.
      await refused(patch(edit_url, { poster: dataUrl(Buffer.concat([jpeg, Buffer.alloc(1_000_001 - jpeg.length)])) }), 413, 'poster-too-large');
      // A body with no Content-Length is cut off as it arrives.
      const u = new URL(edit_url, app.origin);
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const stream = new ReadableStream({
        pull(c) {
          if (sent++ > 40) c.close();
          else c.enqueue(chunk);
        },
      });
      const streamed = new Request(u, { method: 'PATCH', headers: { 'Content-Type': 'application/json', Cookie: SESSION_COOKIE }, body: stream, duplex: 'half' });
      await refused(read(await app.handler(streamed)), 413, 'poster-too-large');

      await refused(patch(edit_url, { poster: dataUrl(png, 'image/jpeg') }), 400, 'invalid-poster');
      await refused(patch(edit_url, { poster: dataUrl(jpeg, 'image/webp') }), 400, 'invalid-poster');
      await refused(patch(edit_url, { poster: dataUrl(Buffer.from('GIF89a0000000000'), 'image/gif') }), 400, 'invalid-poster');
      await refused(patch(edit_url, { poster: 'data:image/jpeg;base64,@@@@' }), 400, 'invalid-poster');
      await refused(patch(edit_url, { poster: 'https://example.com/poster.jpg' }), 400, 'invalid-poster');
      await refused(patch(edit_url, { poster: 42 }), 400, 'invalid-poster');
    });
  });

  test('PATCH takes name, description, poster and screenshot_id only, each within bounds', async () => {
    const { edit_url } = (await newSession()).body;
    await noGcore(async () => {
      for (const body of [{ status: 'ready' }, { name: 'ok', origin_url: 'https://example.com/x.mp4' }, { auto_transcribe_audio_language: 'auto' }, { remove_poster: true }]) {
        await refused(patch(edit_url, body), 400, 'field-not-editable');
      }
      await refused(patch(edit_url, {}), 400, 'invalid-body');
      await refused(patch(edit_url, { name: '\u0007 ' }), 400, 'invalid-name');
      await refused(patch(edit_url, { name: 'x'.repeat(256) }), 400, 'invalid-name');
      await refused(patch(edit_url, { name: 7 }), 400, 'invalid-name');
      await refused(patch(edit_url, { description: 'x'.repeat(5001) }), 400, 'invalid-description');
      await refused(patch(edit_url, { description: null }), 400, 'invalid-description');
      for (const screenshot_id of [-1, 1.5, '3', 10_001]) await refused(patch(edit_url, { screenshot_id }), 400, 'invalid-screenshot-id');
      await refused(patch(edit_url, undefined, { raw: 'name=x', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported-media-type');
      await refused(patch(edit_url, undefined, { raw: '{"name":' }), 400, 'invalid-json');
    });
    assert.equal((await patch(edit_url, { name: 'é'.repeat(255) })).status, 200, '255 characters are fine');
  });

  test('subtitles: a VTT added is listed, is a SUBTITLES rendition of master.m3u8, and its segment is served', async () => {
    const s = (await newSession({ name: 'subs.mp4', size: 1, type: 'video/mp4' })).body;
    assert.ok((await tusUpload(s, await tinyClip())).ok);
    const { video } = await pollStatus(`${app.origin}${s.status_url}`, (v) => v.status === 'ready' || !!v.error);
    assert.equal(video.status, 'ready');
    const r = await send(subtitlesUrl(s.edit_url), { body: { name: 'English', language: 'ENG', vtt: `\uFEFF${VTT}` } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body).sort(), ['id', 'language', 'name']);
    assert.equal(r.body.language, 'eng');
    const listed = await fetch(`${emu.apiOrigin}/streaming/videos/${video.id}/subtitles`, { headers: { Authorization: `APIKey ${API_KEY}` } }).then((x) => x.json());
    assert.equal(listed.length, 1);
    assert.equal(listed[0].vtt, VTT, 'the BOM is dropped');
    const master = await (await fetch(video.hls_url)).text();
    const line = master.split('\n').find((l) => l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES'));
    assert.match(line, /GROUP-ID="subs",NAME="English",LANGUAGE="en",.*URI="(subs\/\d+\.m3u8)"/);
    assert.match(master, /#EXT-X-STREAM-INF:.*SUBTITLES="subs"/);
    const playlistUrl = new URL(/URI="([^"]+)"/.exec(line)[1], video.hls_url);
    const playlist = await (await fetch(playlistUrl)).text();
    const segment = await (await fetch(new URL(playlist.split('\n').find((l) => l.endsWith('.vtt')), playlistUrl))).text();
    assert.match(segment, /Hello from the helper/);
  });

  test('subtitles refused before Gcore: SRT, not WebVTT, bad language, over 2 MB, extra fields', async () => {
    const { edit_url } = (await newSession()).body;
    const url = subtitlesUrl(edit_url);
    await noGcore(async () => {
      await refused(send(url, { body: { language: 'eng', vtt: '1\n00:00:01,000 --> 00:00:02,000\nHello\n' } }), 400, 'subtitle-is-srt');
      await refused(send(url, { body: { language: 'eng', vtt: 'Hello there' } }), 400, 'invalid-subtitle');
      await refused(send(url, { body: { language: 'eng', vtt: 'WEBVTTX\n' } }), 400, 'invalid-subtitle');
      await refused(send(url, { body: { language: 'eng' } }), 400, 'invalid-subtitle');
      for (const language of ['en', 'english', 'e1g', '', 7, undefined]) await refused(send(url, { body: { language, vtt: VTT } }), 400, 'invalid-language');
      // Over the text's limit but under the body's, then over the body's.
      await refused(send(url, { body: { language: 'eng', vtt: `WEBVTT\n\n${'a'.repeat(2_000_000)}` } }), 413, 'subtitle-too-large');
      await refused(send(url, { body: { language: 'eng', vtt: `WEBVTT\n\n${'a'.repeat(4_200_000)}` } }), 413, 'subtitle-too-large');
      // The browser may not start Gcore's (paid) AI through the subtitles route either.
      await refused(send(url, { body: { language: 'eng', auto_transcribe_audio_language: 'auto' } }), 400, 'field-not-editable');
      await refused(send(url, { body: { language: 'eng', vtt: VTT, name: '' } }), 400, 'invalid-name');
    });
  });

  test('signatures: an edit_url edits its own video only, until it expires; status and edit signatures never cross', async () => {
    const a = (await newSession()).body;
    const b = (await newSession()).body;
    const q = (u) => new URL(u, 'http://x').search;
    const expired = await signEditUrl('/api/gcore', a.video.id, SECRET, { now: Date.now() - 3600_000, ttlSeconds: 60 });
    const sig = new URL(a.edit_url, 'http://x').searchParams.get('sig');
    await noGcore(async () => {
      await refused(patch(`/api/gcore/videos/${b.video.id}${q(a.edit_url)}`, { name: 'x' }), 403, 'invalid-signature');
      await refused(send(`/api/gcore/videos/${b.video.id}/subtitles${q(a.edit_url)}`, { body: { language: 'eng', vtt: VTT } }), 403, 'invalid-signature');
      await refused(patch(expired, { name: 'x' }), 403, 'expired-signature');
      await refused(patch(a.status_url, { name: 'x' }), 403, 'invalid-signature');
      await refused(send(subtitlesUrl(a.status_url), { body: { language: 'eng', vtt: VTT } }), 403, 'invalid-signature');
      await refused(send(a.edit_url, { method: 'GET', body: undefined }), 403, 'invalid-signature');
      await refused(patch(a.edit_url.replace(sig, `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`), { name: 'x' }), 403, 'invalid-signature');
      await refused(patch(a.edit_url.replace(/&sig=.*$/, ''), { name: 'x' }), 403, 'invalid-signature');
      await refused(patch(a.edit_url.replace(/exp=(\d+)/, (_m, e) => `exp=${Number(e) + 1}`), { name: 'x' }), 403, 'invalid-signature');
      await refused(patch(`/api/gcore/videos/abc${q(a.edit_url)}`, { name: 'x' }), 400, 'invalid-video-id');
    });
    assert.equal((await send(a.status_url, { method: 'GET', body: undefined })).status, 200, 'the status URL still reads');
    assert.equal((await patch(a.edit_url, { name: 'mine' })).status, 200);
    assert.equal(emu.store.get(b.video.id).name, 'clip.mp4', 'video B untouched');
  });

  test('edits need authorize (401) and the page\'s origin (403); listed origins get CORS for PATCH', async () => {
    const { edit_url } = (await newSession()).body;
    await noGcore(async () => {
      await refused(patch(edit_url, { name: 'x' }, { cookie: false }), 401, 'unauthorized');
      await refused(send(subtitlesUrl(edit_url), { body: { language: 'eng', vtt: VTT }, cookie: false }), 401, 'unauthorized');
      // authorize comes before the signature: an anonymous caller learns nothing about a signature.
      await refused(patch(edit_url.replace(/sig=[^&]+/, 'sig=AAAA'), { name: 'x' }, { cookie: false }), 401, 'unauthorized');
      await refused(patch(edit_url, { name: 'x' }, { headers: { Origin: 'https://evil.example' } }), 403, 'origin-not-allowed');
      await refused(patch(edit_url, { name: 'x' }, { headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403, 'origin-not-allowed');
    });
    const cors = await mount({ allowedOrigins: ['https://app.example'] });
    const pre = await fetch(`${cors.origin}${edit_url}`, { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PATCH' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, PATCH, OPTIONS');
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example');
    const subPre = await fetch(`${cors.origin}${subtitlesUrl(edit_url)}`, { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(subPre.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
    const ok = await send(edit_url, { method: 'PATCH', body: { name: 'from app.example' }, origin: cors.origin, headers: { Origin: 'https://app.example' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example');
  });

  test('edits have their own rate-limit budget: they never spend video creations, nor creations edits', async () => {
    const limited = await mount({ rateLimit: { perClient: 2, perHandler: 100, editsPerClient: 2, editsPerHandler: 100 } });
    const first = await newSession(undefined, limited.origin);
    assert.equal(first.status, 200);
    const { edit_url } = first.body;
    const edit = (body) => send(edit_url, { method: 'PATCH', body, origin: limited.origin });
    assert.equal((await edit({ name: 'one' })).status, 200);
    assert.equal((await send(subtitlesUrl(edit_url), { body: { language: 'eng', vtt: VTT }, origin: limited.origin })).status, 200);
    const third = await refused(edit({ name: 'three' }), 429, 'rate-limited');
    assert.match(third.headers.get('retry-after'), /^\d+$/);
    assert.match(third.body.error.message, /changes/);
    assert.equal((await newSession(undefined, limited.origin)).status, 200, 'the creation budget is untouched by edits');
    await refused(newSession(undefined, limited.origin), 429, 'rate-limited');
    assert.throws(() => createUploadHandler({ apiKey: API_KEY, secret: SECRET, authorize: cookieAuthorize, rateLimit: { editsPerClient: 0 } }), /editsPerClient/);
  });

  test('Gcore\'s refusals: a deleted video is 404 video-not-found, a refused value 422 gcore-rejected, Gcore down 502 gcore-error', async () => {
    const { video, edit_url } = (await newSession()).body;
    await fetch(`${emu.apiOrigin}/streaming/videos/${video.id}`, { method: 'DELETE', headers: { Authorization: `APIKey ${API_KEY}` } });
    await refused(patch(edit_url, { name: 'gone' }), 404, 'video-not-found');
    await refused(send(subtitlesUrl(edit_url), { body: { language: 'eng', vtt: VTT } }), 404, 'video-not-found');
    // A value Gcore refuses (its 422): 422 gcore-rejected, Gcore's words to onError only.
    const refusing = {
      async addSubtitle() {
        throw new GcoreApiError({ status: 422, method: 'POST', path: '/streaming/videos/1/subtitles', body: { status: 422, error: 'Language code is not recognized.' } });
      },
    };
    const stub = createUploadHandler({ client: refusing, secret: SECRET, authorize: () => true, onError: (e) => errors.push(e) });
    const url = await signEditUrl('http://localhost/api/gcore', 1, SECRET);
    const u = new URL(url);
    u.pathname += '/subtitles';
    errors.length = 0;
    const rejected = await refused(read(await stub(new Request(u, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ language: 'xyz', vtt: VTT }) }))), 422, 'gcore-rejected');
    assert.doesNotMatch(rejected.text, /not recognized/);
    assert.equal(errors.length, 1);
    const down = await mount({ baseUrl: 'http://127.0.0.1:1', retry: { retries: 0 } });
    errors.length = 0;
    const r = await refused(send(edit_url, { method: 'PATCH', body: { name: 'x' }, origin: down.origin }), 502, 'gcore-error');
    assert.ok(!r.text.includes(API_KEY));
    assert.equal(errors.length, 1, 'onError heard it');
  });
});
