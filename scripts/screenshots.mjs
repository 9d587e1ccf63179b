// npm run screenshots: renders <gcore-uploader> in its main states in headless Debian Chromium against
// the local emulator, and writes docs/screenshot-*.png (shown in the README).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { startEmulator } from '../demo/emulator/index.mjs';
import { makeClip } from '../test/node/emulator/helpers.mjs';
import { createUploadHandler, toNodeHandler } from '../src/server/index.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs');
const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-shots-'));
const emulator = await startEmulator({
  apiPort: 0,
  uploadPort: 0,
  dataDir: dir,
  quiet: true,
  ladder: [
    { name: 'vod240p', height: 240 },
    { name: 'vod360p', height: 360 },
    { name: 'vod720p', height: 720 },
  ],
  renditionDelayMs: 2500,
});
const handler = toNodeHandler(createUploadHandler({ apiKey: emulator.apiKey, baseUrl: emulator.apiOrigin, secret: 'screenshots-status-secret', authorize: () => true /* a loopback page of this script's own */ }));

const bundle = (
  await build({
    stdin: { contents: "import './src/index.ts';", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
).outputFiles[0].text;
const clip = await readFile(await makeClip({ width: 1280, height: 720, seconds: 12 }));

const page = `<!doctype html><html lang="en"><meta charset="utf-8"><style>
body { font-family: system-ui, sans-serif; margin: 0; padding: 24px; background: #f4f4f6; }
body.dark { background: #111114; }
gcore-uploader { max-width: 640px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.12); }
</style><script type="module" src="/element.js"></script>
<body><gcore-uploader session-url="/api/gcore/session" poll-interval="500" chunk-size="1000000"></gcore-uploader></body></html>`;
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/gcore/')) return handler(req, res);
  if (req.url === '/element.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
  if (req.url === '/clip.mp4') return res.writeHead(200, { 'Content-Type': 'video/mp4' }).end(clip);
  res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// SHOTS=details-light,details-dark npm run screenshots: only those.
const only = process.env.SHOTS ? new Set(process.env.SHOTS.split(',')) : null;

async function shot(name, { dark = false, height = 560 } = {}, act, after) {
  if (only && !only.has(name)) return;
  const tab = await browser.newPage();
  await tab.setViewport({ width: 700, height, deviceScaleFactor: 1 });
  await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }]);
  await tab.goto(origin);
  if (dark) await tab.evaluate(() => document.body.classList.add('dark'));
  await tab.waitForFunction(() => customElements.get('gcore-uploader'));
  await act?.(tab);
  const el = await tab.$('gcore-uploader');
  await el.screenshot({ path: path.join(out, `screenshot-${name}.png`) });
  console.log(`docs/screenshot-${name}.png`);
  await after?.(tab);
  await tab.close();
}

const upload = (tab, what) =>
  tab.evaluate(async (what) => {
    const el = document.querySelector('gcore-uploader');
    const clip = await (await fetch('/clip.mp4')).blob();
    const file =
      what === 'text'
        ? new File(['not a video'], 'notes.txt', { type: 'text/plain' })
        : what === 'large'
          ? new File(Array(40).fill(clip), 'holiday-trip.mp4', { type: 'video/mp4' })
          : new File([clip], 'holiday-trip.mp4', { type: 'video/mp4' });
    el.upload(file).catch(() => {});
  }, what);
const waitFor = (tab, fn, arg) => tab.waitForFunction(fn, { timeout: 60_000, polling: 50 }, arg);

try {
  await shot('idle');
  await shot('idle-dark', { dark: true });
  await shot('uploading', {}, async (tab) => {
    emulator.uploadServer.inject({ method: 'PATCH', delayMs: 150, times: 1000 });
    await upload(tab, 'large');
    await waitFor(tab, () => (document.querySelector('gcore-uploader').progress?.percent ?? 0) > 35 && document.querySelector('gcore-uploader').progress?.secondsLeft);
    await new Promise((r) => setTimeout(r, 150));
  }, async (tab) => {
    emulator.uploadServer.faults.length = 0;
    await tab.evaluate(() => document.querySelector('gcore-uploader').cancel());
  });
  await shot('error', {}, async (tab) => {
    await upload(tab, 'text');
    await waitFor(tab, () => document.querySelector('gcore-uploader').state === 'error');
  });
  await shot('processing', {}, async (tab) => {
    await upload(tab);
    await waitFor(tab, () => document.querySelector('gcore-uploader').video?.converted_videos?.some((c) => c.status === 'processing' && c.progress > 10));
  });
  await shot('playing', {}, async (tab) => {
    await upload(tab);
    await waitFor(tab, () => {
      const v = document.querySelector('gcore-uploader').shadowRoot.querySelector('video');
      return v && v.currentTime > 1.5;
    });
  });
  // `details`: the panel while the file uploads (paused), a frame chosen as poster, an SRT added.
  for (const dark of [false, true]) {
    await shot(`details-${dark ? 'dark' : 'light'}`, { dark, height: 1300 }, async (tab) => {
      await tab.evaluate(() => document.querySelector('gcore-uploader').setAttribute('details', ''));
      emulator.uploadServer.inject({ method: 'PATCH', delayMs: 150, times: 1000 });
      await upload(tab, 'large');
      await waitFor(tab, () => document.querySelector('gcore-uploader').shadowRoot.querySelector('[part~="details-scrubber"]:not([disabled])') && (document.querySelector('gcore-uploader').progress?.percent ?? 0) > 20);
      await tab.evaluate(async () => {
        const el = document.querySelector('gcore-uploader');
        el.pause();
        const root = el.shadowRoot;
        const title = root.querySelector('#details-title');
        title.value = 'Holiday trip, day one';
        title.dispatchEvent(new InputEvent('input', { bubbles: true }));
        const description = root.querySelector('#details-description');
        description.value = 'Lisbon, from the river to the castle.\nFilmed in May.';
        description.dispatchEvent(new InputEvent('input', { bubbles: true }));
        const scrubber = root.querySelector('[part~="details-scrubber"]');
        scrubber.value = '5';
        scrubber.dispatchEvent(new InputEvent('input', { bubbles: true }));
        const frame = root.querySelector('video[part~="details-frame"]');
        await new Promise((r) => (frame.seeking ? frame.addEventListener('seeked', r, { once: true }) : r()));
        [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Use this frame').click();
        const input = root.querySelector('input.subtitle-input');
        const dt = new DataTransfer();
        dt.items.add(new File(['1\n00:00:01,000 --> 00:00:04,000\nHello!\n'], 'holiday-trip.en.srt'));
        dt.items.add(new File(['WEBVTT\n\n00:01.000 --> 00:04.000\nHallo!\n'], 'holiday-trip.de.vtt'));
        input.files = dt.files;
        input.dispatchEvent(new Event('change'));
      });
      await waitFor(tab, () => document.querySelector('gcore-uploader').shadowRoot.querySelectorAll('[part~="details-subtitle"]').length === 2 && document.querySelector('gcore-uploader').shadowRoot.querySelector('[part~="details-poster-image"]'));
      await new Promise((r) => setTimeout(r, 300));
    }, async (tab) => {
      emulator.uploadServer.faults.length = 0;
      await tab.evaluate(() => document.querySelector('gcore-uploader').cancel());
    });
  }
} finally {
  await browser.close();
  server.close();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}
