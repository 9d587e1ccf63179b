// Issue #18: createUploader() keeps the session's edit_url and auto_captions, asks for AI captions with
// `autoCaptions`, and saves a video's details (saveDetails, addSubtitle) on the item's AbortSignal, with
// `details-saved` / `details-error` events — in Node, against the emulator through the helper.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUploader, memoryStore } from '../../../src/core/index.ts';
import { createUploadHandler, toNodeHandler } from '../../../src/server/index.ts';
import { srtToVtt } from '../../../src/details/srt.ts';
import { makeClip } from '../emulator/helpers.mjs';
import { API_KEY, FAST_RETRY, SECRET, expressLike, withEmulator } from '../server/helpers.mjs';
import { record } from '../core/helpers.mjs';

describe('core: a video’s details through edit_url (#18)', { timeout: 120_000 }, () => {
  let emu;
  let app;
  let clip;
  const cleanups = [];
  const sessions = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });
  before(async () => {
    emu = await withEmulator((c) => cleanups.push(c));
    const handler = createUploadHandler({ apiKey: API_KEY, baseUrl: emu.apiOrigin, secret: SECRET, authorize: () => true, retry: FAST_RETRY, autoCaptions: 'allow' });
    app = await expressLike('/api/gcore', toNodeHandler(handler));
    // What the core sends to session-url.
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      if (String(input).endsWith('/api/gcore/session') && typeof init?.body === 'string') sessions.push(JSON.parse(init.body));
      return original(input, init);
    };
    cleanups.push(async () => (globalThis.fetch = original));
    cleanups.push(() => app.close());
    const { readFile } = await import('node:fs/promises');
    clip = await readFile(await makeClip({ width: 320, height: 180, seconds: 1 }));
  });

  test('edit_url and auto_captions from the session; saveDetails and addSubtitle emit details-saved', async () => {
    const uploader = createUploader({ sessionUrl: `${app.origin}/api/gcore/session`, autoCaptions: true, resumeStore: memoryStore(), watchNetwork: false });
    cleanups.push(() => uploader.destroy());
    const log = record(uploader, ['details-saved', 'details-error']);
    const id = uploader.add(clip, { name: 'Talk.mp4', type: 'video/mp4' });
    const videoId = await uploader.settled(id);
    assert.equal(sessions.at(-1).autoCaptions, true, 'the session request asks for AI captions');
    const item = uploader.getSnapshot().items[0];
    assert.match(item.editUrl, /^\/api\/gcore\/videos\/\d+\?exp=\d+&sig=/);
    assert.equal(item.autoCaptions, true);

    const video = await uploader.saveDetails(id, { name: 'Talk', description: 'Line one\nLine two' });
    assert.equal(video.name, 'Talk');
    assert.equal(uploader.getSnapshot().items[0].video.name, 'Talk', 'the item’s video follows');
    const sub = await uploader.addSubtitle(id, { language: 'eng', vtt: srtToVtt('1\n00:00:00,000 --> 00:00:01,000\nHi\n'), name: 'English' });
    assert.equal(sub.language, 'eng');
    const stored = emu.store.get(videoId);
    assert.equal(stored.name, 'Talk');
    assert.equal(stored.description, 'Line one\nLine two');
    assert.equal(stored._subtitles.filter((s) => s.language === 'eng' && /Hi/.test(s.vtt)).length, 1);
    assert.deepEqual(
      log.map((e) => [e.name, e.detail.fields, e.detail.videoId]),
      [
        ['details-saved', ['name', 'description'], videoId],
        ['details-saved', ['subtitle'], videoId],
      ],
    );
  });

  test('without autoCaptions nothing is asked; a refusal is details-error and rejects; no edit_url is no-edit-url', async () => {
    const uploader = createUploader({ sessionUrl: `${app.origin}/api/gcore/session`, resumeStore: memoryStore(), watchNetwork: false });
    cleanups.push(() => uploader.destroy());
    const log = record(uploader, ['details-error']);
    const id = uploader.add(clip, { name: 'b.mp4', type: 'video/mp4' });
    await uploader.settled(id);
    assert.equal('autoCaptions' in sessions.at(-1), false);
    await assert.rejects(uploader.addSubtitle(id, { language: 'eng', vtt: '1\n00:00:00,000 --> 00:00:01,000\nSRT\n' }), (e) => e.code === 'invalid-subtitle');
    assert.equal(log.at(-1).detail.code, 'invalid-subtitle');
    assert.equal(log.at(-1).detail.params.serverCode, 'subtitle-is-srt');

    // A session from elsewhere (no helper): no edit_url.
    const getSession = async () => {
      const res = await fetch(`${app.origin}/api/gcore/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'c.mp4', size: clip.length, type: 'video/mp4' }) });
      const { edit_url: _dropped, ...session } = await res.json();
      return session;
    };
    const bare = createUploader({ getSession, resumeStore: memoryStore(), watchNetwork: false });
    cleanups.push(() => bare.destroy());
    const other = bare.add(clip, { name: 'c.mp4', type: 'video/mp4' });
    await bare.settled(other);
    assert.equal(bare.getSnapshot().items[0].editUrl, null);
    await assert.rejects(bare.saveDetails(other, { name: 'x' }), (e) => e.code === 'details-save-failed' && e.params.reason === 'no-edit-url');
  });
});
