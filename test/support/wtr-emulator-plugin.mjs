// A web-test-runner plugin that runs the local Gcore emulator (real tus server, real ffmpeg) for the
// end-to-end browser tests, with the package's own backend helper mounted on the page's origin at
// /api/gcore/ (session, signed status URLs, import), as a developer would mount it. The test page and
// the helper share an origin, so the browser's Origin / Sec-Fetch-Site headers pass the helper's
// same-origin check; the emulator's API is only called server-side (no browser CORS needed).
// Loaded with tsx (see package.json), so it can import the TypeScript server entry.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../demo/emulator/index.mjs';
import { present } from '../../demo/emulator/model.mjs';
import { makeClip } from '../node/emulator/helpers.mjs';
import { createUploadHandler, toNodeHandler } from '../../src/server/index.ts';

const MOUNT = '/api/gcore/';

export function emulatorPlugin() {
  let emulator = null;
  let dir = null;
  let handler = null;
  const statusHits = [];
  let starting = null;

  async function ensure() {
    if (emulator) return emulator;
    starting ??= (async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-wtr-emu-'));
      emulator = await startEmulator({
        apiPort: 0,
        uploadPort: 0,
        dataDir: dir,
        apiKey: 'wtr-emulator-key',
        quiet: true,
        ladder: [
          { name: 'vod240p', height: 240 },
          { name: 'vod360p', height: 360 },
        ],
        // Long enough for a test to see `viewable` before `ready`.
        renditionDelayMs: 1500,
      });
      handler = toNodeHandler(
        createUploadHandler({
          apiKey: emulator.apiKey,
          baseUrl: emulator.apiOrigin,
          secret: 'wtr-status-signing-secret',
          // The test pages are the only visitors of this loopback server: anonymous uploads on purpose.
          // Everything else keeps the defaults: same-origin JSON only (the element's own POSTs are),
          // bounded bodies and fields. The rate limit is raised so that a long suite never hits it.
          authorize: () => true,
          rateLimit: { perClient: 10_000, perHandler: 10_000 },
        }),
      );
      return emulator;
    })();
    return starting;
  }

  async function middleware(ctx, next) {
    if (ctx.path.startsWith(MOUNT)) {
      await ensure();
      ctx.respond = false;
      await handler(ctx.req, ctx.res);
      return;
    }
    // A status endpoint that always fails, recording when it was asked (for the backoff test).
    if (ctx.path.startsWith('/__status-down/')) {
      statusHits.push(Date.now());
      ctx.status = 503;
      ctx.body = { error: 'down' };
      return;
    }
    // Files for the browser to upload: a real MP4 made by ffmpeg, and a file that only looks like one.
    if (ctx.path === '/__fixtures/clip.mp4') {
      ctx.type = 'video/mp4';
      ctx.body = await readFile(await makeClip({ width: 640, height: 360, seconds: 4 }));
      return;
    }
    // The same, fading in from black over its first second.
    if (ctx.path === '/__fixtures/fade-in.mp4') {
      ctx.type = 'video/mp4';
      ctx.body = await readFile(await makeClip({ width: 640, height: 360, seconds: 4, fadeIn: 1 }));
      return;
    }
    return next();
  }

  return {
    name: 'gcore-emulator',
    middleware,
    async serverStop() {
      await emulator?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (command === 'status-down-hits') return statusHits.splice(0);
      // The next PATCH waits at the upload server until 'uploads-release' (30 s at most): a test acts while
      // an upload is surely in flight (details.test.ts pauses it there).
      // (A command's undefined answer means "not mine" to the test runner: these answer true.)
      if (command === 'uploads-hold') return (await ensure()).uploadServer.inject({ method: 'PATCH', hold: 30_000 }), true;
      if (command === 'uploads-release') return (await ensure()).uploadServer.release(), true;
      // A video as the emulator keeps it (issue #18: what the details panel saved): name, description,
      // the poster (its URL, and the stored image's size and first bytes) and the subtitles.
      if (command === 'emulator-video') {
        const e = await ensure();
        const record = e.store.get(payload?.id);
        if (!record) return null;
        const video = present(record, e.apiOrigin);
        let posterFile = null;
        if (record._poster && video.poster) {
          const bytes = Buffer.from(await (await fetch(video.poster)).arrayBuffer());
          posterFile = { size: bytes.length, head: [...bytes.subarray(0, 4)] };
        }
        return {
          id: video.id,
          name: video.name,
          description: video.description ?? null,
          status: video.status,
          poster: video.poster,
          posterFile,
          screenshot_id: record.screenshot_id ?? null,
          subtitles: (record._subtitles ?? []).map((s) => ({ id: s.id, name: s.name, language: s.language, vtt: s.vtt })),
        };
      }
      if (command === 'emulator-info') {
        const e = await ensure();
        return { apiOrigin: e.apiOrigin, uploadOrigin: e.uploadOrigin };
      }
      return undefined;
    },
  };
}
