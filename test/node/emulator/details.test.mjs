// The emulator's details of a video (issue #18): PATCH of name, description, poster and screenshot_id;
// the Subtitles operations; subtitles as SUBTITLES renditions of the HLS master; the placeholder of
// AI captions. Every answer is checked against Gcore's own OpenAPI description (openapi.mjs).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { call, createSession, dataUrl, fetchJson, imageHeight, makeClip, makeImage, pollVideo, tusUpload, withEmulator } from './helpers.mjs';
import { checkAnswer, loadSpec, SEED_004_EXTRAS } from './openapi.mjs';

const VIDEO = '/streaming/videos/{video_id}';
const SUBTITLES = '/streaming/videos/{video_id}/subtitles';
const SUBTITLE = '/streaming/videos/{video_id}/subtitles/{id}';
const VTT = 'WEBVTT\n\n1\n00:00:00.200 --> 00:00:01.500\nHello from the test\n';

let doc = null;
// The spec is part of the project (test/fixtures/gcore/): without it the contract cannot be checked, so the suite fails.
if (!(await loadSpec())) throw new Error("Gcore's streaming-openapi.yaml is missing from test/fixtures/gcore/");

/** Calls the emulator and checks the answer against the spec's `template` for that method (strictly). */
async function contract(emu, method, pathname, template, options = {}) {
  const res = await call(emu, method, pathname, options);
  const body = res.status === 204 ? undefined : res.body;
  const problems = checkAnswer(doc, method, template, { status: res.status, body }, { strict: true, extra: SEED_004_EXTRAS });
  assert.deepEqual(problems, [], `${method} ${pathname}: the answer does not match the spec`);
  return res;
}

/** Uploads a generated clip to a new video and waits for `ready`; resolves the video. */
async function readyVideo(emu, { name = 'clip', video = {}, seconds = 2 } = {}) {
  const created = await call(emu, 'POST', '/streaming/videos', { body: { video: { name, ...video } } });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const session = (await call(emu, 'GET', `/streaming/videos/${created.body[0].id}/upload`)).body;
  const { readFile } = await import('node:fs/promises');
  const up = await tusUpload(session, await readFile(await makeClip({ width: 320, height: 180, seconds })));
  assert.ok(up.ok, String(up.error));
  return (await pollVideo(emu, created.body[0].id, (v) => v.status === 'ready' || !!v.error)).video;
}

describe('the emulator: title, description, poster, screenshots and subtitles (#18)', { timeout: 120_000 }, () => {
  before(async () => {
    doc = (await loadSpec()).doc;
    // What these tests rely on is in the spec as read.
    for (const [p, m] of [[VIDEO, 'patch'], [SUBTITLES, 'post'], [SUBTITLES, 'get'], [SUBTITLE, 'patch'], [SUBTITLE, 'delete']]) assert.ok(doc.paths[p]?.[m], `${m} ${p}`);
  });

  test('PATCH name and description: stored, answered and shown as videoDetails', async (t) => {
    const emu = await withEmulator(t);
    const { video } = await createSession(emu, 'before');
    const res = await contract(emu, 'PATCH', `/streaming/videos/${video.id}`, VIDEO, { body: { name: 'After', description: 'Line one\nLine two' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'After');
    assert.equal(res.body.description, 'Line one\nLine two');
    const got = await contract(emu, 'GET', `/streaming/videos/${video.id}`, VIDEO);
    assert.equal(got.body.name, 'After');
    assert.equal(got.body.description, 'Line one\nLine two');
    assert.equal((await call(emu, 'PATCH', `/streaming/videos/${video.id}`, { body: { name: '  ' } })).status, 422, 'a name is required');
  });

  test('PATCH poster: the data URL becomes poster and poster_thumb URLs that serve the image; a wrong one is 422', async (t) => {
    const emu = await withEmulator(t);
    const { video } = await createSession(emu, 'poster');
    const jpeg = await makeImage({ width: 640, height: 360 });
    const res = await contract(emu, 'PATCH', `/streaming/videos/${video.id}`, VIDEO, { body: { poster: dataUrl(jpeg) } });
    assert.equal(res.status, 200);
    assert.match(res.body.poster, new RegExp(`^${emu.apiOrigin}/videos/${emu.clientId}_${res.body.slug}/poster_1\\.jpg$`));
    const served = await fetch(res.body.poster);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), jpeg, 'the poster URL serves the bytes sent');
    const thumb = Buffer.from(await (await fetch(res.body.poster_thumb)).arrayBuffer());
    assert.equal(imageHeight(thumb), 200, 'poster_thumb is 200 px high');
    assert.equal(res.body.screenshot, res.body.poster, 'with no screenshots yet, the poster is the screenshot');

    // A new poster: a new URL (never a cached old one), the old file gone.
    const png = await makeImage({ format: 'png', width: 320, height: 240 });
    const again = await contract(emu, 'PATCH', `/streaming/videos/${video.id}`, VIDEO, { body: { poster: dataUrl(png, 'image/png') } });
    assert.match(again.body.poster, /poster_2\.png$/);
    assert.deepEqual(Buffer.from(await (await fetch(again.body.poster)).arrayBuffer()), png);
    assert.equal((await fetch(res.body.poster)).status, 404);

    // Bytes that are not what the type says, a GIF, or more than 1 MB: 422, nothing changed.
    for (const poster of [dataUrl(png, 'image/jpeg'), dataUrl(Buffer.from('GIF89a....'), 'image/gif'), dataUrl(Buffer.concat([jpeg, Buffer.alloc(1024 * 1024)]))]) {
      const refused = await call(emu, 'PATCH', `/streaming/videos/${video.id}`, { body: { poster } });
      assert.equal(refused.status, 422);
      assert.ok(Array.isArray(refused.body.errors.poster));
    }
    assert.match((await call(emu, 'GET', `/streaming/videos/${video.id}`)).body.poster, /poster_2\.png$/);

    const removed = await contract(emu, 'PATCH', `/streaming/videos/${video.id}`, VIDEO, { body: { remove_poster: true } });
    assert.equal(removed.body.poster, null);
    assert.equal((await fetch(again.body.poster)).status, 404);
  });

  test('screenshots: 5 at fixed offsets after transcoding; screenshot_id picks one, -1 the poster', async (t) => {
    const emu = await withEmulator(t);
    const video = await readyVideo(emu, { seconds: 3 });
    assert.equal(video.screenshots.length, 5, 'Gcore makes 5 by default');
    for (const s of video.screenshots) assert.equal((await fetch(s)).headers.get('content-type'), 'image/jpeg');
    assert.equal(video.screenshot, video.screenshots[0]);
    const picked = await contract(emu, 'PATCH', `/streaming/videos/${video.id}`, VIDEO, { body: { screenshot_id: 3 } });
    assert.equal(picked.body.screenshot_id, 3);
    assert.equal(picked.body.screenshot, video.screenshots[3]);
    await call(emu, 'PATCH', `/streaming/videos/${video.id}`, { body: { poster: dataUrl(await makeImage()), screenshot_id: -1 } });
    const own = (await call(emu, 'GET', `/streaming/videos/${video.id}`)).body;
    assert.equal(own.screenshot, own.poster);
    assert.match(own.poster, /poster_1\.jpg$/);
    assert.equal((await call(emu, 'PATCH', `/streaming/videos/${video.id}`, { body: { screenshot_id: 'two' } })).status, 422);
  });

  test('subtitles: POST, GET (list and one), PATCH, DELETE with the spec\'s shapes; bad language is 422; SRT becomes WebVTT', async (t) => {
    const emu = await withEmulator(t);
    const { video } = await createSession(emu, 'subs');
    const base = `/streaming/videos/${video.id}/subtitles`;
    const added = await contract(emu, 'POST', base, SUBTITLES, { body: { name: 'English', language: 'eng', vtt: VTT } });
    assert.equal(added.status, 200);
    assert.deepEqual(Object.keys(added.body).sort(), ['id', 'language', 'name', 'vtt']);
    assert.equal(added.body.vtt, VTT);
    const list = await contract(emu, 'GET', base, SUBTITLES);
    assert.deepEqual(list.body, [added.body]);
    assert.deepEqual((await contract(emu, 'GET', `${base}/${added.body.id}`, SUBTITLE)).body, added.body);

    const patched = await contract(emu, 'PATCH', `${base}/${added.body.id}`, SUBTITLE, { body: { language: 'ltz', name: 'Lëtzebuergesch' } });
    assert.equal(patched.body.language, 'ltz');
    assert.equal(patched.body.vtt, VTT, 'what is not sent stays');

    const srt = await contract(emu, 'POST', base, SUBTITLES, { body: { language: 'ger', vtt: '1\n00:00:01,000 --> 00:00:02,500\nHallo\n' } });
    assert.equal(srt.body.vtt, 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHallo\n');
    assert.equal(srt.body.name, 'German');

    for (const body of [{ language: 'english', vtt: VTT }, { vtt: VTT }, { language: 'eng' }, { language: 'eng', vtt: 'not subtitles' }]) {
      const refused = await contract(emu, 'POST', base, SUBTITLES, { body });
      assert.equal(refused.status, 422, JSON.stringify(body));
      assert.equal(refused.body.status, 422);
    }
    assert.equal((await contract(emu, 'GET', `${base}/999999`, SUBTITLE)).status, 404);
    assert.equal((await contract(emu, 'DELETE', `${base}/${added.body.id}`, SUBTITLE)).status, 204);
    assert.deepEqual((await call(emu, 'GET', base)).body.map((s) => s.id), [srt.body.id]);
    assert.equal((await contract(emu, 'GET', `/streaming/videos/999999/subtitles`, SUBTITLES)).status, 404);
  });

  test('HLS: each subtitle is a SUBTITLES rendition of master.m3u8 with a WebVTT segment hls.js can place', async (t) => {
    const emu = await withEmulator(t);
    const [created] = (await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'hls subs' } } })).body;
    // One subtitle before transcoding, one after: both end up in the master.
    await call(emu, 'POST', `/streaming/videos/${created.id}/subtitles`, { body: { name: 'English "CC"', language: 'eng', vtt: VTT } });
    const session = (await call(emu, 'GET', `/streaming/videos/${created.id}/upload`)).body;
    const { readFile } = await import('node:fs/promises');
    assert.ok((await tusUpload(session, await readFile(await makeClip({ width: 320, height: 180, seconds: 2 })))).ok);
    const { video } = await pollVideo(emu, created.id, (v) => v.status === 'ready' || !!v.error);
    assert.equal(video.status, 'ready');
    const fr = await call(emu, 'POST', `/streaming/videos/${created.id}/subtitles`, { body: { language: 'fre', vtt: VTT.replace('Hello', 'Bonjour') } });

    const master = await (await fetch(video.hls_url)).text();
    const media = master.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES'));
    assert.equal(media.length, 2, master);
    assert.match(media[0], /^#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English 'CC'",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="subs\/\d+\.m3u8"$/);
    assert.match(media[1], /NAME="French",LANGUAGE="fr",.*URI="subs\/\d+\.m3u8"/);
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    assert.ok(variants.length > 0 && variants.every((l) => l.includes('SUBTITLES="subs"')), master);

    const playlistUrl = new URL(/URI="([^"]+)"/.exec(media[1])[1], video.hls_url).href;
    const playlist = await fetch(playlistUrl);
    assert.equal(playlist.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    const text = await playlist.text();
    assert.match(text, /#EXT-X-PLAYLIST-TYPE:VOD/);
    assert.match(text, /#EXT-X-ENDLIST/);
    const segment = await fetch(new URL(text.split('\n').find((l) => l.endsWith('.vtt')), playlistUrl));
    assert.equal(segment.status, 200);
    assert.equal(segment.headers.get('content-type'), 'text/vtt; charset=utf-8');
    const vtt = await segment.text();
    assert.match(vtt, /^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:\d+,LOCAL:00:00:00\.000\n/);
    assert.match(vtt, /Bonjour from the test/);

    await call(emu, 'DELETE', `/streaming/videos/${created.id}/subtitles/${fr.body.id}`);
    const after = await (await fetch(video.hls_url)).text();
    assert.equal(after.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES')).length, 1);
    assert.equal((await fetch(playlistUrl)).status, 404, 'a deleted subtitle is no longer served');
  });

  test('auto_transcribe_audio_language at creation: an "(AI-generated)" placeholder subtitle once transcoded; none without it', async (t) => {
    const emu = await withEmulator(t);
    const ai = await readyVideo(emu, { name: 'ai', video: { auto_transcribe_audio_language: 'auto' } });
    const plain = await readyVideo(emu, { name: 'plain' });
    const subs = await contract(emu, 'GET', `/streaming/videos/${ai.id}/subtitles`, SUBTITLES);
    assert.equal(subs.body.length, 1);
    assert.equal(subs.body[0].name, 'English (AI-generated)');
    assert.equal(subs.body[0].language, 'eng');
    assert.match(subs.body[0].vtt, /^WEBVTT\n/);
    assert.match(subs.body[0].vtt, /placeholder: the emulator cannot transcribe/);
    assert.match(await (await fetch(ai.hls_url)).text(), /#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English \(AI-generated\)"/);
    assert.deepEqual((await call(emu, 'GET', `/streaming/videos/${plain.id}/subtitles`)).body, []);
    assert.doesNotMatch(await (await fetch(plain.hls_url)).text(), /SUBTITLES/);
    // A language given: the subtitle is in that language.
    const ger = await readyVideo(emu, { name: 'ger', video: { auto_transcribe_audio_language: 'ger' } });
    assert.equal((await call(emu, 'GET', `/streaming/videos/${ger.id}/subtitles`)).body[0].name, 'German (AI-generated)');
    assert.equal((await call(emu, 'POST', '/streaming/videos', { body: { video: { name: 'x', auto_transcribe_audio_language: 'yes please' } } })).status, 422);
  });

  test('the contract checker itself catches a wrong answer', async () => {
    const wrong = checkAnswer(doc, 'GET', VIDEO, { status: 200, body: { id: 'x', name: 3, poster_url: 'y' } }, { strict: true });
    assert.equal(wrong.length, 3, wrong.join('\n'));
    assert.deepEqual(checkAnswer(doc, 'POST', SUBTITLES, { status: 201, body: {} }).length, 1, 'an undeclared status');
    assert.ok(fetchJson, 'helpers load');
  });
});
