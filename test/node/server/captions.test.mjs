// Issue #18: who gets Gcore's AI captions. The browser asks with `autoCaptions: true` (the widget's
// `auto-captions`); the helper forwards `auto_transcribe_audio_language: "auto"` only as the app's
// `autoCaptions` option allows (default: forbid). Against the emulator, which answers an allowed
// request with an "(AI-generated)" placeholder subtitle once the video is transcoded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUploadHandler, toNodeHandler } from '../../../src/server/index.ts';
import { ALLOW_ALL, API_KEY, FAST_RETRY, SECRET, jsonPost, listen, pollStatus, read, tinyClip, tusUpload, withEmulator } from './helpers.mjs';

const BODY = { name: 'talk.mp4', size: 1, type: 'video/mp4' };

describe('autoCaptions: the app decides who gets AI captions (#18)', { timeout: 120_000 }, () => {
  let emu;
  const cleanups = [];
  const errors = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });
  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
  });

  const handlerWith = (extra = {}) =>
    createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: ALLOW_ALL, retry: FAST_RETRY, onError: (e) => errors.push(e), ...extra });
  const session = async (handler, body = BODY, headers = {}) => read(await handler(jsonPost('http://localhost/api/gcore/session', body, headers)));
  /** What the emulator was asked at creation. */
  const asked = (id) => emu.store.get(id)._aiCaptions;
  const subtitles = (id) => fetch(`${emu.apiOrigin}/streaming/videos/${id}/subtitles`, { headers: { Authorization: `APIKey ${API_KEY}` } }).then((r) => r.json());

  /** Uploads the tiny clip through a real server around `handler` and waits for `ready`. */
  async function uploadAndWait(handler, body) {
    const app = await listen(toNodeHandler(handler));
    cleanups.push(() => app.close());
    const s = await read(await fetch(`${app.origin}/api/gcore/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
    assert.equal(s.status, 200, s.text);
    assert.ok((await tusUpload(s.body, await tinyClip())).ok);
    const { video } = await pollStatus(`${app.origin}${s.body.status_url}`, (v) => v.status === 'ready' || !!v.error);
    assert.equal(video.status, 'ready');
    return { session: s.body, video };
  }

  test('default (forbid): the browser\'s autoCaptions is ignored; no AI subtitle appears', async () => {
    const handler = handlerWith();
    const { session: s, video } = await uploadAndWait(handler, { ...BODY, autoCaptions: true });
    assert.equal(s.auto_captions, false);
    assert.equal(asked(video.id), null, 'nothing about AI captions reached Gcore');
    assert.deepEqual(await subtitles(video.id), []);
  });

  test("'allow': autoCaptions: true asks Gcore, and the emulator adds the \"(AI-generated)\" subtitle to the video and its HLS", async () => {
    const handler = handlerWith({ autoCaptions: 'allow' });
    const { session: s, video } = await uploadAndWait(handler, { ...BODY, autoCaptions: true });
    assert.equal(s.auto_captions, true);
    assert.equal(asked(video.id), 'auto');
    const subs = await subtitles(video.id);
    assert.equal(subs.length, 1);
    assert.match(subs[0].name, /\(AI-generated\)$/);
    assert.match(subs[0].vtt, /placeholder/);
    assert.match(await (await fetch(video.hls_url)).text(), /#EXT-X-MEDIA:TYPE=SUBTITLES,.*NAME="English \(AI-generated\)"/);
    // Not asked, not sent.
    const plain = await session(handler, BODY);
    assert.equal(plain.body.auto_captions, false);
    assert.equal(asked(plain.body.video.id), null);
    const no = await session(handler, { ...BODY, autoCaptions: false });
    assert.equal(asked(no.body.video.id), null);
  });

  test("'force', a function per request, the video option's language, and import", async () => {
    const forced = await session(handlerWith({ autoCaptions: 'force' }), BODY);
    assert.equal(forced.body.auto_captions, true);
    assert.equal(asked(forced.body.video.id), 'auto');

    const seen = [];
    const perUser = handlerWith({
      autoCaptions: (request, body) => {
        seen.push(body);
        return (request.headers.get('cookie') ?? '').includes('plan=pro');
      },
    });
    const pro = await session(perUser, { ...BODY, autoCaptions: true }, { Cookie: 'plan=pro' });
    assert.equal(pro.body.auto_captions, true);
    assert.equal(asked(pro.body.video.id), 'auto');
    const free = await session(perUser, { ...BODY, autoCaptions: true }, { Cookie: 'plan=free' });
    assert.equal(free.body.auto_captions, false);
    assert.equal(asked(free.body.video.id), null);
    assert.equal(seen[0].autoCaptions, true, 'the function sees the cleaned body');
    assert.equal(seen[0].name, 'talk.mp4');
    const policy = await session(handlerWith({ autoCaptions: async () => 'force' }), BODY);
    assert.equal(policy.body.auto_captions, true);

    const german = await session(handlerWith({ autoCaptions: 'allow', video: { auto_transcribe_audio_language: 'ger' } }), { ...BODY, autoCaptions: true });
    assert.equal(asked(german.body.video.id), 'ger', "a language the video option chose is kept");
    const disabled = await session(handlerWith({ video: { auto_transcribe_audio_language: 'disable' } }), { ...BODY, autoCaptions: true });
    assert.equal(disabled.body.auto_captions, false);

    const imported = await read(await handlerWith({ autoCaptions: 'allow' })(jsonPost('http://localhost/api/gcore/import', { url: 'https://example.com/a.mp4', name: 'a.mp4', autoCaptions: true })));
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.body.auto_captions, true);
    assert.equal(asked(imported.body.video.id), 'auto');
  });

  test('bad values: autoCaptions in the body must be a boolean (400); the option is checked at creation; a throwing function is a 500', async () => {
    const count = emu.store.all().length;
    const bad = await session(handlerWith({ autoCaptions: 'allow' }), { ...BODY, autoCaptions: 'yes' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid-auto-captions');
    assert.equal(emu.store.all().length, count, 'nothing created');
    for (const autoCaptions of ['yes', true, 1, {}]) {
      assert.throws(() => handlerWith({ autoCaptions }), /autoCaptions must be/, JSON.stringify(autoCaptions));
    }
    errors.length = 0;
    const thrown = await session(
      handlerWith({
        autoCaptions: () => {
          throw new Error('plan lookup failed');
        },
      }),
      { ...BODY, autoCaptions: true },
    );
    assert.equal(thrown.status, 500);
    assert.equal(thrown.body.error.code, 'internal-error');
    assert.ok(!thrown.text.includes('plan lookup failed'));
    assert.equal(errors.length, 1);
    assert.equal(emu.store.all().length, count, 'nothing created');
  });
});
