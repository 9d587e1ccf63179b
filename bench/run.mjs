// npm run bench: a benchmark, not a test. Headless Debian Chromium against a local @tus/server on
// another origin; contenders alternate (A B C A B C …) and the table gives medians and ratios.
// Writes bench/results.json. See "Reading the benchmark" in the README.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { createUploadServer } from '../demo/emulator/upload-server.mjs';
import { signUploadToken } from '../demo/emulator/token.mjs';
import { startEmulator } from '../demo/emulator/index.mjs';
import { makeClip } from '../test/node/emulator/helpers.mjs';
import { createUploadHandler, toNodeHandler } from '../src/server/index.ts';
import { browserAliases } from '../scripts/aliases.mjs';

const MiB = 1 << 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// element: <gcore-uploader>; rawTus: tus-js-client with the same options (chunk size, retry delays,
// metadata) and nothing else; rawTusProgress: the same plus an empty onProgress callback, which is what
// any uploader that shows progress pays (the browser then reports upload progress); put: one fetch PUT.
const CONTENDERS = (process.env.BENCH_CONTENDERS ?? 'element,rawTus,rawTusProgress,put').split(',');
const THROUGHPUT_SIZE = Number(process.env.BENCH_SIZE_MIB ?? 256) * MiB;
const MEMORY_SIZE = Number(process.env.BENCH_MEMORY_MIB ?? 2048) * MiB;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SECRET = 'bench-secret';

const root = path.resolve(import.meta.dirname, '..');
const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-bench-'));

// The page: the element and the harness bundled for the browser.
const bundle = await build({
  entryPoints: [path.join(root, 'bench/harness.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  alias: browserAliases,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
});
const harness = bundle.outputFiles[0].text;
// For the time to first frame: the emulator (real ffmpeg) behind the package's server helper.
const emulator = await startEmulator({ apiPort: 0, uploadPort: 0, dataDir: path.join(dir, 'emulator'), quiet: true });
const gcore = toNodeHandler(createUploadHandler({ apiKey: emulator.apiKey, baseUrl: emulator.apiOrigin, secret: 'bench-status-signing-secret' }));
const clip = await readFile(await makeClip({ width: 1280, height: 720, seconds: 6 }));
const page = http.createServer((req, res) => {
  if (req.url.startsWith('/api/gcore/')) return gcore(req, res);
  if (req.url === '/clip.mp4') return res.writeHead(200, { 'Content-Type': 'video/mp4' }).end(clip);
  if (req.url === '/harness.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(harness);
  res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><script type="module" src="/harness.js"></script>');
});
await new Promise((r) => page.listen(0, '127.0.0.1', r));
const pageOrigin = `http://127.0.0.1:${page.address().port}`;

// Another origin: Gcore's tus server, and a plain PUT endpoint writing to disk (the ceiling).
const uploads = path.join(dir, 'tus');
const tus = await createUploadServer({ directory: uploads, secret: SECRET });
const putServer = http.createServer((req, res) => {
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'Content-Type' };
  if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
  const out = createWriteStream(path.join(dir, 'put.bin'));
  req.pipe(out);
  out.on('finish', () => res.writeHead(204, cors).end());
});
await new Promise((r) => putServer.listen(0, '127.0.0.1', r));
const putUrl = `http://127.0.0.1:${putServer.address().port}/put`;

let videoId = 1;
const session = () => {
  const id = videoId++;
  return {
    servers: [{ id: 1, role: 'upload', hostname: tus.hostname, active: true, ssl: false }],
    token: signUploadToken({ videoId: id, clientId: 1, secret: SECRET }),
    video: { id, client_id: 1, name: 'bench', status: 'empty' },
  };
};
async function clearUploads() {
  for (const name of await readdir(uploads).catch(() => [])) await rm(path.join(uploads, name), { force: true });
  await rm(path.join(dir, 'put.bin'), { force: true });
}

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});
const chromiumVersion = await browser.version();
const tab = await browser.newPage();
await tab.goto(pageOrigin);
await tab.waitForFunction(() => 'bench' in window);
const cdp = await tab.createCDPSession();
await cdp.send('Performance.enable');
const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mbps = (bytes, ms) => bytes / MiB / (ms / 1000);
const log = (...a) => console.error(...a);

const results = {
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), chromium: chromiumVersion, node: process.version },
  date: new Date().toISOString(),
  rounds: ROUNDS,
  throughput: [],
};

try {
  // 1. Throughput, and the main thread during the element's upload.
  await tab.evaluate((size) => window.bench.makeFile(size), THROUGHPUT_SIZE);
  for (const chunkSize of [10_000_000, 1_000_000]) {
    const runs = Object.fromEntries(CONTENDERS.map((c) => [c, []]));
    const longTasks = [];
    // One unrecorded run of each contender first: caches and JIT warm for everyone alike.
    for (const contender of ['element', 'rawTus']) {
      await clearUploads();
      await tab.evaluate((c, s, cs) => window.bench[c](s, cs), contender, session(), chunkSize);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const contender of CONTENDERS) {
        await clearUploads();
        const r =
          contender === 'put'
            ? await tab.evaluate((url) => window.bench.put(url), putUrl)
            : await tab.evaluate((c, s, cs) => window.bench[c](s, cs), contender, session(), chunkSize);
        runs[contender].push(r.ms);
        if (contender === 'element') longTasks.push(r);
        log(`throughput ${chunkSize} round ${round + 1} ${contender}: ${mbps(THROUGHPUT_SIZE, r.ms).toFixed(1)} MiB/s`);
      }
    }
    const med = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
    results.throughput.push({
      sizeMiB: THROUGHPUT_SIZE / MiB,
      chunkSize,
      medianMs: med,
      MiBps: Object.fromEntries(Object.entries(med).map(([k, v]) => [k, +mbps(THROUGHPUT_SIZE, v).toFixed(1)])),
      // Ratios of medians, and the median of each round's own ratio (paired: both ran back to back, so
      // the machine's drift between rounds cancels out).
      elementVsRawTus: med.rawTus ? +(med.rawTus / med.element).toFixed(3) : null,
      elementVsRawTusProgress: med.rawTusProgress ? +(med.rawTusProgress / med.element).toFixed(3) : null,
      pairedVsRawTus: runs.rawTus ? +median(runs.rawTus.map((ms, i) => ms / runs.element[i])).toFixed(3) : null,
      pairedVsRawTusProgress: runs.rawTusProgress ? +median(runs.rawTusProgress.map((ms, i) => ms / runs.element[i])).toFixed(3) : null,
      spread: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, `${mbps(THROUGHPUT_SIZE, Math.max(...v)).toFixed(0)}–${mbps(THROUGHPUT_SIZE, Math.min(...v)).toFixed(0)}`])),
      elementVsPut: med.put ? +(med.put / med.element).toFixed(3) : null,
      longestTaskMs: Math.max(...longTasks.map((t) => t.longest)),
      tasksOver50ms: Math.max(...longTasks.map((t) => t.over50)),
    });
  }

  // 2. Resume cost: a reload at ~50 %, then the same file again.
  await clearUploads();
  const resumeSize = 64 * MiB;
  await tab.evaluate((size) => window.bench.makeFile(size), resumeSize);
  tus.resetStats();
  const resumed = await tab.evaluate((s) => window.bench.resume(s, 10_000_000, 0.5), session());
  const patchBytes = tus.stats.patchBytes;
  results.resume = { fileMiB: 64, chunkSize: 10_000_000, resumedAtOffset: resumed.offset, bytesResent: patchBytes - resumeSize, chunksResent: +((patchBytes - resumeSize) / 10_000_000).toFixed(2) };
  log(`resume: re-sent ${results.resume.bytesResent} bytes`);

  // 3. Memory: a 2 GiB file made of one repeated Blob; JS heap growth while it uploads.
  await clearUploads();
  await tab.evaluate((size) => window.bench.makeFile(size), MEMORY_SIZE);
  await cdp.send('HeapProfiler.collectGarbage');
  const before = await heap();
  let peak = before;
  const sampler = setInterval(async () => (peak = Math.max(peak, await heap().catch(() => peak))), 250);
  const memRun = await tab.evaluate((s) => window.bench.element(s, 10_000_000), session());
  clearInterval(sampler);
  results.memory = { fileMiB: MEMORY_SIZE / MiB, chunkSize: 10_000_000, heapBeforeMiB: +(before / MiB).toFixed(1), heapGrowthMiB: +((peak - before) / MiB).toFixed(1), growthVsChunk: +((peak - before) / 10_000_000).toFixed(2), MiBps: +mbps(MEMORY_SIZE, memRun.ms).toFixed(1) };
  log(`memory: heap grew ${results.memory.heapGrowthMiB} MiB`);
  await clearUploads();

  // 4. Time to first frame: `video-viewable` → the preview's first decoded frame.
  const frames = [];
  for (let round = 0; round < ROUNDS; round++) frames.push((await tab.evaluate(() => window.bench.firstFrame())).ms);
  results.firstFrame = { medianMs: Math.round(median(frames)), runsMs: frames.map(Math.round), clip: '6 s 1280x720 H.264, emulator ladder 240p/360p/720p' };
  log(`first frame: ${results.firstFrame.medianMs} ms`);

  // 5. Bundle sizes (from npm run build).
  results.bundle = await bundleSizes();
} finally {
  await browser.close();
  await tus.close();
  await emulator.close();
  page.close();
  putServer.close();
  await rm(dir, { recursive: true, force: true });
}

async function bundleSizes() {
  const cdnDir = path.join(root, 'dist/cdn');
  try {
    await stat(cdnDir);
  } catch {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }
  const sizes = {};
  for (const name of await readdir(cdnDir)) {
    if (!name.endsWith('.js') && !name.endsWith('.mjs')) continue;
    const buf = await readFile(path.join(cdnDir, name));
    sizes[name] = { minBytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
  }
  return sizes;
}

// The table.
const t = results.throughput;
const lines = [
  `machine: ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memoryGiB} GiB, ${results.machine.chromium}, Node ${results.machine.node}; ${ROUNDS} rounds, medians`,
  '',
  '| throughput (MiB/s, median) | element | raw tus | raw tus + onProgress | single PUT (ceiling) | element ÷ raw tus (target ≥ 0.97): medians / paired | element ÷ raw tus + onProgress: medians / paired | element ÷ PUT | longest task | tasks > 50 ms (target 0) |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...t.map(
    (r) =>
      `| ${r.sizeMiB} MiB, chunk ${r.chunkSize / 1e6} MB | ${r.MiBps.element} | ${r.MiBps.rawTus ?? '–'} | ${r.MiBps.rawTusProgress ?? '–'} | ${r.MiBps.put ?? '–'} | ${r.elementVsRawTus ?? '–'}× / ${r.pairedVsRawTus ?? '–'}× | ${r.elementVsRawTusProgress ?? '–'}× / ${r.pairedVsRawTusProgress ?? '–'}× | ${r.elementVsPut ?? '–'}× | ${r.longestTaskMs.toFixed(0)} ms | ${r.tasksOver50ms} |`,
  ),
  '',
  ...t.map((r) => `spread over rounds, ${r.chunkSize / 1e6} MB chunks (MiB/s, min–max): ${Object.entries(r.spread).map(([k, v]) => `${k} ${v}`).join(', ')}`),
  '',
  `| resume at ~50 % of ${results.resume.fileMiB} MiB | ${results.resume.bytesResent} bytes re-sent = ${results.resume.chunksResent} chunks (target ≤ 1) |`,
  `| time to first frame | ${results.firstFrame.medianMs} ms from video-viewable to the first decoded frame (runs: ${results.firstFrame.runsMs.join(', ')} ms) |`,
  `| memory, ${results.memory.fileMiB} MiB file | heap growth ${results.memory.heapGrowthMiB} MiB = ${results.memory.growthVsChunk}× chunk (target ≤ 1.5) at ${results.memory.MiBps} MiB/s |`,
  ...Object.entries(results.bundle).map(([name, s]) => `| bundle ${name} | ${(s.minBytes / 1024).toFixed(1)} KiB min, ${(s.gzipBytes / 1024).toFixed(1)} KiB min+gzip |`),
];
console.log(lines.join('\n'));
await writeFile(path.join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
