// npm run bench: a benchmark, not a test. Headless Debian Chromium uploads to a local @tus/server (Gcore's
// upload server, emulated) on another origin, over loopback and over shaped links (bench/link-shaper.mjs).
// Contenders alternate within each round, in the reverse order every other round (A B C C B A …); the tables give medians, min–max spreads and
// paired ratios. Writes bench/results.json and docs/bench-efficiency.svg. See "Reading the benchmark" in
// the README for what each figure means and the BENCH_* variables.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createUploadServer } from '../demo/emulator/upload-server.mjs';
import { benchFile, benchSession, bundleHarness, HARNESS_HTML, launchBenchBrowser, scratchDir } from './setup.mjs';
import { parseLink } from './link-shaper.mjs';
import { startLinkThread } from './link-thread.mjs';
import { efficiencyChart } from './chart.mjs';
import { bytesText, chunkSizesText, median, MiB, mibps, paired, ratioText, round, sizeText, spread } from './stats.mjs';

// ── Settings (all from the environment) ──────────────────────────────────────────────────────────
const env = process.env;
const list = (value, fallback) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : fallback);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 7);
/**
 * Loopback's rounds: more, since there the machine's CPU is the link (browser and server share two cores,
 * and a round's ratios spread ±20 %), and a round costs seconds.
 */
const LOOPBACK_ROUNDS = Number(env.BENCH_LOOPBACK_ROUNDS ?? Math.max(ROUNDS, 15));
const roundsOn = (link) => (link.mbit ? ROUNDS : LOOPBACK_ROUNDS);
const LINKS = list(env.BENCH_LINKS, ['loopback', '40ms', '150ms', '10ms']).map(parseLink);
/** Seconds one PUT of the file takes on a shaped link: the file size per link is rate × this. */
const WIRE_SECONDS = Number(env.BENCH_WIRE_SECONDS ?? 8);
const LOOPBACK_MIB = Number(env.BENCH_SIZE_MIB ?? 256);
/** Explicit sizes: `40ms=64,150ms=16` (MiB). */
const SIZE_OVERRIDES = Object.fromEntries(list(env.BENCH_SIZES, []).map((kv) => kv.split('=').map((s) => s.trim())).map(([k, v]) => [k, Number(v)]));
const PARTS = new Set(list(env.BENCH_PARTS, ['throughput', 'fault', 'resume', 'memory', 'firstFrame', 'bundle']));
const FAULT_LINK = env.BENCH_FAULT_LINK ?? '40ms';
const FAULT_ROUNDS = Number(env.BENCH_FAULT_ROUNDS ?? 3);
const FAULT_DOWN_MS = Number(env.BENCH_FAULT_DOWN_MS ?? 3000);
const FAULT_AT = Number(env.BENCH_FAULT_AT ?? 0.5);
const MEMORY_SIZE = Number(env.BENCH_MEMORY_MIB ?? 2048) * MiB;
const WARMUP = env.BENCH_WARMUP !== '0';
const RUN_TIMEOUT_S = env.BENCH_RUN_TIMEOUT_S ? Number(env.BENCH_RUN_TIMEOUT_S) : null;
const root = path.resolve(import.meta.dirname, '..');
const RESULTS_PATH = path.resolve(root, env.BENCH_RESULTS ?? 'bench/results.json');
const CHART_PATH = env.BENCH_CHART === '0' ? null : path.resolve(root, env.BENCH_CHART ?? 'docs/bench-efficiency.svg');
const SECRET = 'bench-secret';

/**
 * The contenders, in the order they run within a round: each element contender right after the raw
 * tus-js-client at the same chunk size (back to back: their paired ratio cancels the machine's drift).
 */
const ALL_CONTENDERS = {
  put: { kind: 'put', label: 'one PUT (the ceiling)' },
  rawTus1: { kind: 'rawTus', chunkSize: 1_000_000, label: 'tus-js-client, 1 MB' },
  element1: { kind: 'element', chunkSize: 1_000_000, label: '<gcore-uploader>, 1 MB' },
  uppy1: { kind: 'uppy', chunkSize: 1_000_000, label: 'Uppy, 1 MB' },
  rawTus10: { kind: 'rawTus', chunkSize: 10_000_000, label: 'tus-js-client, 10 MB' },
  element10: { kind: 'element', chunkSize: 10_000_000, label: '<gcore-uploader>, 10 MB' },
  uppy10: { kind: 'uppy', chunkSize: 10_000_000, label: 'Uppy, 10 MB' },
  rawTusInf: { kind: 'rawTus', chunkSize: 'Infinity', label: 'tus-js-client, one request' },
  // The chunk-size policy (src/core/policy/chunk-size.ts) wired into raw tus-js-client: `auto` without the element.
  rawTusAuto: { kind: 'rawTusAuto', chunkSize: 'auto', label: 'tus-js-client + auto policy' },
  elementAuto: { kind: 'element', chunkSize: 'auto', label: '<gcore-uploader>, auto' },
  // The page's first upload: reloaded before each run, so no rate is remembered from the one before (a 4 MiB probe first).
  elementAutoFresh: { kind: 'element', chunkSize: 'auto', fresh: true, label: '<gcore-uploader>, auto, first upload of the page' },
  // Not run by default: the headless core (gcore-uploader/core) at 1 MB and 10 MB, to tell the core's cost from the element's.
  core1: { kind: 'core', chunkSize: 1_000_000, label: 'gcore-uploader/core, 1 MB' },
  core10: { kind: 'core', chunkSize: 10_000_000, label: 'gcore-uploader/core, 10 MB' },
  // Not run by default: tus-js-client with an empty onProgress (what showing progress costs).
  rawTusProgress10: { kind: 'rawTusProgress', chunkSize: 10_000_000, label: 'tus-js-client + onProgress, 10 MB' },
};
const DEFAULT_CONTENDERS = ['put', 'rawTus1', 'element1', 'uppy1', 'rawTus10', 'element10', 'uppy10', 'rawTusInf', 'rawTusAuto', 'elementAuto', 'elementAutoFresh'];
const CONTENDERS = list(env.BENCH_CONTENDERS, DEFAULT_CONTENDERS);
const FAULT_CONTENDERS = list(env.BENCH_FAULT_CONTENDERS, ['rawTus10', 'rawTusAuto', 'elementAuto']);
// `rawTusAuto/first=4194304/tail=0.5`: the policy with other options (createChunkSizer's), to compare settings side by side.
for (const c of [...CONTENDERS, ...FAULT_CONTENDERS]) {
  const [base, ...opts] = c.split('/');
  if (!(base in ALL_CONTENDERS)) throw new Error(`unknown contender "${c}" (known: ${Object.keys(ALL_CONTENDERS).join(', ')})`);
  if (c in ALL_CONTENDERS) continue;
  if (ALL_CONTENDERS[base].kind !== 'rawTusAuto') throw new Error(`contender "${c}": only rawTusAuto takes policy options`);
  const auto = Object.fromEntries(opts.map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
  ALL_CONTENDERS[c] = { ...ALL_CONTENDERS[base], auto, label: `${ALL_CONTENDERS[base].label} (${opts.join(', ')})` };
}
/** The element's paired ratios: [key, element contender, the other one, label]. */
const PAIRS = [
  ['element1VsRawTus1', 'element1', 'rawTus1', 'element 1 MB ÷ tus-js-client 1 MB'],
  ['element10VsRawTus10', 'element10', 'rawTus10', 'element 10 MB ÷ tus-js-client 10 MB'],
  ['element1VsUppy1', 'element1', 'uppy1', 'element 1 MB ÷ Uppy 1 MB'],
  ['element10VsUppy10', 'element10', 'uppy10', 'element 10 MB ÷ Uppy 10 MB'],
  ['elementAutoVsRawTus10', 'elementAuto', 'rawTus10', 'element auto ÷ tus-js-client 10 MB'],
  ['elementAutoVsRawTusInf', 'elementAuto', 'rawTusInf', 'element auto ÷ tus-js-client one request'],
  ['elementAutoVsRawTusAuto', 'elementAuto', 'rawTusAuto', 'element auto ÷ tus-js-client + auto policy'],
  // With core1/core10 in BENCH_CONTENDERS: the element's cost split into its core's and its UI's.
  ['core1VsRawTus1', 'core1', 'rawTus1', 'core 1 MB ÷ tus-js-client 1 MB'],
  ['element1VsCore1', 'element1', 'core1', 'element 1 MB ÷ core 1 MB'],
  ['core10VsRawTus10', 'core10', 'rawTus10', 'core 10 MB ÷ tus-js-client 10 MB'],
  ['element10VsCore10', 'element10', 'core10', 'element 10 MB ÷ core 10 MB'],
];
/**
 * The bench's resolution: Uppy against raw tus-js-client in the same rounds. Both are tus-js-client at the
 * same chunk size, so the spread of this ratio around 1 is what the machine's noise alone does to a ratio.
 */
const REFERENCE_PAIRS = [
  ['uppy1VsRawTus1', 'uppy1', 'rawTus1', 'Uppy 1 MB ÷ tus-js-client 1 MB'],
  ['uppy10VsRawTus10', 'uppy10', 'rawTus10', 'Uppy 10 MB ÷ tus-js-client 10 MB'],
];

const log = (...a) => console.error(...a);
const linkLabel = (l) => (l.mbit ? `${l.rttMs} ms / ${l.mbit} Mbit` : 'loopback');
/** The file for a link: ~WIRE_SECONDS of its rate, whole MiB, at least 4 MiB. */
function sizeFor(l) {
  if (SIZE_OVERRIDES[l.name]) return Math.round(SIZE_OVERRIDES[l.name] * MiB);
  if (!l.mbit) return LOOPBACK_MIB * MiB;
  return Math.max(4, Math.round(((l.mbit * 1e6) / 8) * WIRE_SECONDS / MiB)) * MiB;
}

// ── Servers ──────────────────────────────────────────────────────────────────────────────────────
const dir = await scratchDir('gcore-bench-');

// The page: the element and the harness bundled for the browser (what ships: scripts/aliases.mjs).
const harness = await bundleHarness();
// For the time to first frame: the emulator (real ffmpeg) behind the package's server helper, mounted
// on the page's own origin (same-origin JSON POSTs, as the handler requires). A local bench: anyone may
// upload, and no rate limit.
// Loaded only for that part, so the throughput runs do not depend on them.
let emulator = null;
let gcore = null;
let clip = null;
if (PARTS.has('firstFrame')) {
  const { startEmulator } = await import('../demo/emulator/index.mjs');
  const { makeClip } = await import('../test/node/emulator/helpers.mjs');
  const { createUploadHandler, toNodeHandler } = await import('../src/server/index.ts');
  emulator = await startEmulator({ apiPort: 0, uploadPort: 0, dataDir: path.join(dir, 'emulator'), quiet: true });
  gcore = toNodeHandler(
    createUploadHandler({ apiKey: emulator.apiKey, baseUrl: emulator.apiOrigin, secret: 'bench-status-signing-secret', authorize: () => true, rateLimit: false }),
  );
  clip = await readFile(await makeClip({ width: 1280, height: 720, seconds: 6 }));
}
const page = http.createServer((req, res) => {
  if (req.url.startsWith('/api/gcore/') && gcore) return gcore(req, res);
  if (req.url === '/clip.mp4' && clip) return res.writeHead(200, { 'Content-Type': 'video/mp4' }).end(clip);
  if (req.url === '/harness.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(harness);
  res.writeHead(200, { 'Content-Type': 'text/html' }).end(HARNESS_HTML);
});
await listen(page);
const pageOrigin = `http://127.0.0.1:${page.address().port}`;

// Another origin: Gcore's tus server, and a plain PUT endpoint writing to disk (the ceiling), with a
// tiny GET /ping for the link check.
const uploads = path.join(dir, 'tus');
const tus = await createUploadServer({ directory: uploads, secret: SECRET });
const tusPort = Number(tus.hostname.split(':').pop());
let putBytes = 0;
const putServer = http.createServer((req, res) => {
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'PUT, GET',
    'Access-Control-Allow-Headers': 'Content-Type',
    'Access-Control-Max-Age': '7200',
  };
  if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
  if (req.method === 'GET') return res.writeHead(200, { ...cors, 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('pong');
  putBytes = 0;
  req.on('data', (b) => (putBytes += b.length));
  const out = createWriteStream(path.join(dir, 'put.bin'));
  req.pipe(out);
  out.on('finish', () => res.writeHead(204, cors).end());
});
await listen(putServer);
const putPort = putServer.address().port;

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

/** Per link: where the browser sends its bytes (through the shaper, or straight on loopback). */
async function openLink(spec) {
  if (!spec.mbit) {
    return { ...spec, shaper: null, tusHostname: tus.hostname, putUrl: `http://127.0.0.1:${putPort}/put`, pingUrl: `http://127.0.0.1:${putPort}/ping` };
  }
  const shaper = await startLinkThread({ rttMs: spec.rttMs, mbit: spec.mbit, name: spec.name });
  const tusSide = await shaper.forward({ port: tusPort });
  const putSide = await shaper.forward({ port: putPort });
  return { ...spec, shaper, tusHostname: tusSide.hostname, putUrl: `${putSide.origin}/put`, pingUrl: `${putSide.origin}/ping` };
}

let videoId = 1;
const session = (link) => benchSession(link.tusHostname, videoId++, SECRET);
async function clearUploads() {
  for (const name of await readdir(uploads).catch(() => [])) await rm(path.join(uploads, name), { force: true });
  await rm(path.join(dir, 'put.bin'), { force: true });
}

// ── The browser ──────────────────────────────────────────────────────────────────────────────────
const browser = await launchBenchBrowser();
const chromiumVersion = await browser.version();
const tab = await browser.newPage();
let fileSize = 0;
async function openPage() {
  await tab.goto(pageOrigin);
  await tab.waitForFunction(() => 'bench' in window);
  if (fileSize) await benchFile(tab, dir, fileSize);
}
async function makeFile(size) {
  fileSize = size;
  await benchFile(tab, dir, size);
}
await openPage();
const cdp = await tab.createCDPSession();
await cdp.send('Performance.enable');
const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;

/**
 * One upload by one contender; checks the server got every byte. Resolves {ms, patches, …} or
 * {error}; a run that fails or hangs reloads the page (which stops whatever it left running).
 */
async function runOnce(link, name, { timeoutS, beforeStart } = {}) {
  const c = ALL_CONTENDERS[name];
  if (c.fresh) await openPage();
  await clearUploads();
  tus.resetStats();
  await link.shaper?.resetStats();
  await beforeStart?.();
  const spec = { kind: c.kind, chunkSize: c.chunkSize, session: session(link), putUrl: link.putUrl, auto: c.auto };
  const limitS = timeoutS ?? RUN_TIMEOUT_S ?? Math.max(60, 30 + 8 * (link.mbit ? fileSize / ((link.mbit * 1e6) / 8) : fileSize / (50 * MiB)));
  let timer;
  try {
    const result = await Promise.race([
      tab.evaluate((s) => window.bench.run(s), spec),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no result after ${+limitS.toFixed(2)} s`)), limitS * 1000))),
    ]);
    const patchLog = tus.stats.requests.filter((r) => r.method === 'PATCH');
    const patches = patchLog.filter((r) => r.status === 204).map((r) => r.length);
    if (c.kind === 'put') {
      if (putBytes !== fileSize) throw new Error(`PUT: the server got ${putBytes} of ${fileSize} bytes`);
    } else {
      // This run's upload (a request a reloaded page left behind may still land): by its video id.
      const ids = tus.stats.created.filter((u) => u.metadata?.video_id === String(spec.session.video.id)).map((u) => u.id);
      const id = ids.find((i) => tus.stats.finished.includes(i));
      const size = id ? (await stat(path.join(uploads, id))).size : 0;
      if (!id || size !== fileSize) throw new Error(`the server holds ${size} of ${fileSize} bytes (uploads created: ${ids.length}, finished: ${id ? 1 : 0})`);
    }
    return { ...result, patches, patchLog: patchLog.map((r) => (r.status === 204 ? r.length : `${sizeText(r.length)} (cut)`)), linkStats: link.shaper ? await link.shaper.getStats() : null };
  } catch (err) {
    const error = String(err?.message ?? err).split('\n')[0].replaceAll('|', '/').slice(0, 300);
    log(`  ${name}: failed: ${error}; reloading the page`);
    await openPage().catch((e) => log(`  reload failed: ${e.message}`));
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

const results = {
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), chromium: chromiumVersion, node: process.version, load: os.loadavg().map((l) => +l.toFixed(2)) },
  date: new Date().toISOString(),
  settings: { rounds: ROUNDS, loopbackRounds: LOOPBACK_ROUNDS, links: LINKS.map((l) => l.name), contenders: CONTENDERS, wireSeconds: WIRE_SECONDS, parts: [...PARTS] },
  links: [],
};
const openLinks = new Map();

try {
  for (const spec of LINKS) openLinks.set(spec.name, await openLink(spec));

  // 1. Throughput per link: every contender, alternating within each round.
  if (PARTS.has('throughput')) {
    for (const link of openLinks.values()) results.links.push(await throughput(link));
  }

  // 2. Faults: on one link, the link drops for 3 s at 50 % of the upload.
  if (PARTS.has('fault')) {
    const link = openLinks.get(FAULT_LINK) ?? (await openLink(parseLink(FAULT_LINK)));
    openLinks.set(FAULT_LINK, link);
    if (!link.shaper) throw new Error('BENCH_FAULT_LINK must be a shaped link');
    results.fault = await faults(link);
  }

  // 3. Resume cost (loopback): a reload at ~50 %, then the same file again.
  if (PARTS.has('resume')) {
    const link = await openLink(parseLink('loopback'));
    await clearUploads();
    const resumeSize = 64 * MiB;
    await makeFile(resumeSize);
    tus.resetStats();
    const resumed = await tab.evaluate((s) => window.bench.resume(s, 10_000_000, 0.5), session(link));
    // What reached the server in PATCH bodies, a cut PATCH's part included, beyond the file itself.
    const resent = tus.stats.receivedBytes - resumeSize;
    results.resume = { fileMiB: 64, chunkSize: 10_000_000, resumedAtOffset: resumed.offset, bytesResent: resent, chunksResent: +(resent / 10_000_000).toFixed(2) };
    log(`resume: re-sent ${results.resume.bytesResent} bytes`);
  }

  // 4. Memory (loopback): a 2 GiB file; JS heap growth while it uploads.
  if (PARTS.has('memory') && MEMORY_SIZE > 0) {
    const link = await openLink(parseLink('loopback'));
    await clearUploads();
    await makeFile(MEMORY_SIZE);
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await heap();
    let peak = before;
    const sampler = setInterval(async () => (peak = Math.max(peak, await heap().catch(() => peak))), 250);
    const memRun = await tab.evaluate((s) => window.bench.run(s), { kind: 'element', chunkSize: 10_000_000, session: session(link) });
    clearInterval(sampler);
    results.memory = { fileMiB: MEMORY_SIZE / MiB, chunkSize: 10_000_000, heapBeforeMiB: +(before / MiB).toFixed(1), heapGrowthMiB: +((peak - before) / MiB).toFixed(1), growthVsChunk: +((peak - before) / 10_000_000).toFixed(2), MiBps: +mibps(MEMORY_SIZE, memRun.ms).toFixed(1) };
    log(`memory: heap grew ${results.memory.heapGrowthMiB} MiB`);
    await clearUploads();
    await makeFile(MiB);
  }

  // 5. Time to first frame: `video-viewable` → the preview's first decoded frame.
  if (PARTS.has('firstFrame')) {
    const frames = [];
    for (let r = 0; r < ROUNDS; r++) frames.push((await tab.evaluate(() => window.bench.firstFrame())).ms);
    results.firstFrame = { medianMs: Math.round(median(frames)), runsMs: frames.map(Math.round), clip: '6 s 1280x720 H.264, emulator ladder 240p/360p/720p' };
    log(`first frame: ${results.firstFrame.medianMs} ms`);
  }

  // 6. Bundle sizes (from npm run build).
  if (PARTS.has('bundle')) results.bundle = await bundleSizes();
} finally {
  await browser.close();
  for (const link of openLinks.values()) await link.shaper?.close();
  await tus.close();
  await emulator?.close();
  page.close();
  putServer.close();
  await rm(dir, { recursive: true, force: true });
}

/** The throughput rounds on one link. */
async function throughput(link) {
  const size = sizeFor(link);
  const label = linkLabel(link);
  const rounds = roundsOn(link);
  log(`\n== ${link.name} (${label}): ${(size / MiB).toFixed(0)} MiB, ${rounds} rounds of ${CONTENDERS.join(', ')}`);
  // One unrecorded run of each contender on a small file: JIT, caches and the preflight cache warm for all alike.
  if (WARMUP) {
    await makeFile(Math.min(size, 8 * MiB));
    for (const name of CONTENDERS) await runOnce(link, name);
  }
  await makeFile(size);

  // The link check: what the shaper gives against what it was set to.
  const pings = await tab.evaluate((url) => window.bench.ping(url), link.pingUrl);
  const check = { pingMs: round(median(pings.slice(1)), 1), firstPingMs: round(pings[0], 1) };

  const runs = Object.fromEntries(CONTENDERS.map((c) => [c, { ms: [], errors: [], patches: null, longest: 0, over50: 0, phases: [] }]));
  const failed = new Set();
  for (let r = 0; r < rounds; r++) {
    // Every other round backwards: a pair stays back to back, and neither of it always runs second
    // (after the other's upload, in a machine that drifts over a run).
    for (const name of r % 2 ? [...CONTENDERS].reverse() : CONTENDERS) {
      const entry = runs[name];
      if (failed.has(name)) {
        entry.ms.push(null);
        continue;
      }
      const res = await runOnce(link, name);
      if (res.error) {
        entry.ms.push(null);
        entry.errors.push(res.error);
        failed.add(name); // n/a on this link; the others go on
        continue;
      }
      entry.ms.push(res.ms);
      entry.patches ??= res.patches;
      if (res.phases) entry.phases.push(res.phases);
      if (res.longest != null) {
        entry.longest = Math.max(entry.longest, res.longest);
        entry.over50 = Math.max(entry.over50, res.over50);
      }
      if (name === 'put' && link.mbit) {
        const ideal = (size / ((link.mbit * 1e6) / 8)) * 1000;
        check.put ??= [];
        check.put.push({ ms: res.ms, idealMs: ideal });
      }
      const p = res.phases;
      const where = p ? `; start ${p.start}, in requests ${p.inRequests}, between ${p.between}, end ${p.end} ms` : '';
      log(`  round ${r + 1} ${name}: ${mibps(size, res.ms).toFixed(2)} MiB/s (${(res.ms / 1000).toFixed(2)} s, ${res.patches.length} PATCHes${where})`);
    }
  }

  if (check.put?.length) {
    const ms = median(check.put.map((p) => p.ms));
    const ideal = check.put[0].idealMs;
    check.putMs = Math.round(ms);
    check.putIdealMs = Math.round(ideal);
    check.putOverheadMs = Math.round(ms - ideal);
    check.putVsRate = round(ideal / ms, 3);
    delete check.put;
  }
  if (link.mbit) log(`  link check: ping ${check.pingMs} ms (set ${link.rttMs} ms; first of the series ${check.firstPingMs} ms); PUT ${check.putMs ?? '–'} ms vs size ÷ rate ${check.putIdealMs ?? '–'} ms (${check.putVsRate ?? '–'} of the rate)`);

  const put = runs.put?.ms;
  const contenders = {};
  for (const [name, entry] of Object.entries(runs)) {
    const ok = entry.ms.filter((x) => x != null);
    const med = median(ok);
    contenders[name] = {
      label: ALL_CONTENDERS[name].label,
      chunkSize: ALL_CONTENDERS[name].chunkSize ?? null,
      runsMs: entry.ms.map((x) => (x == null ? null : Math.round(x))),
      MiBpsRounds: entry.ms.map((x) => (x == null ? null : round(mibps(size, x), 2))),
      medianMs: med == null ? null : Math.round(med),
      MiBps: med == null ? null : round(mibps(size, med), 2),
      spreadMiBps: ok.length ? spread(ok.map((x) => mibps(size, x))).map((x) => round(x, 2)) : null,
      efficiency: put && name !== 'put' ? summarize(paired(put, entry.ms)) : name === 'put' && ok.length ? { median: 1, min: 1, max: 1 } : null,
      patches: entry.patches?.length ?? null,
      chunkSizes: entry.patches ? chunkSizesText(entry.patches) : null,
      // Where the time went (harness.ts, phases()): medians over rounds, ms.
      phasesMs: entry.phases.length ? Object.fromEntries(Object.keys(entry.phases[0]).map((k) => [k, round(median(entry.phases.map((p) => p[k])), 1)])) : null,
      ...(ALL_CONTENDERS[name].kind !== 'put' ? { longestTaskMs: Math.round(entry.longest), tasksOver50ms: entry.over50 } : {}),
      ...(entry.errors.length ? { error: entry.errors[0] } : {}),
    };
  }
  // Until the element takes chunk-size="auto", it falls back to its default (10 MB): say so.
  const auto = runs.elementAuto?.patches;
  if (auto?.length > 1 && auto.slice(0, -1).every((n) => n === 10_000_000)) {
    contenders.elementAuto.note = 'auto is not in effect: every PATCH was 10 MB (the element fell back to its default)';
    log(`  note: ${contenders.elementAuto.note}`);
  }
  const pairs = {};
  for (const [key, el, other] of [...PAIRS, ...REFERENCE_PAIRS]) if (runs[el] && runs[other]) pairs[key] = summarize(paired(runs[other].ms, runs[el].ms));
  return { name: link.name, label, rttMs: link.rttMs, mbit: link.mbit, sizeMiB: size / MiB, bufferBytes: link.shaper?.bufferBytes ?? null, check, contenders, paired: pairs };
}

function summarize(p) {
  return { median: round(p.median), min: round(p.min), max: round(p.max), rounds: p.rounds.map((x) => round(x)) };
}

/** The fault runs: per round and contender, one undisturbed upload and one where the link drops. */
async function faults(link) {
  const size = sizeFor(link);
  log(`\n== fault on ${link.name}: ${(size / MiB).toFixed(0)} MiB, link down ${FAULT_DOWN_MS} ms at ${FAULT_AT * 100} %, ${FAULT_ROUNDS} rounds of ${FAULT_CONTENDERS.join(', ')}`);
  await makeFile(size);
  const per = Object.fromEntries(FAULT_CONTENDERS.map((c) => [c, { calm: [], cut: [], errors: [] }]));
  for (let r = 0; r < FAULT_ROUNDS; r++) {
    for (const name of FAULT_CONTENDERS) {
      const entry = per[name];
      const calm = await runOnce(link, name);
      // The drop: when half the file has reached the server (armed in the link's own thread).
      const cut = await runOnce(link, name, { beforeStart: () => link.shaper.armDrop(size * FAULT_AT, FAULT_DOWN_MS) });
      if (calm.error || cut.error) {
        entry.errors.push(calm.error ?? cut.error);
        log(`  round ${r + 1} ${name}: n/a (${calm.error ?? cut.error})`);
        continue;
      }
      entry.calm.push(calm);
      entry.cut.push({ ...cut, dropped: cut.linkStats.drops > 0 });
      log(
        `  round ${r + 1} ${name}: undisturbed ${(calm.ms / 1000).toFixed(2)} s, with the drop ${(cut.ms / 1000).toFixed(2)} s; ` +
          `browser sent ${bytesText(cut.linkStats.upAccepted - calm.linkStats.upAccepted)} more, server got ${bytesText(cut.linkStats.upDelivered - calm.linkStats.upDelivered)} more; ` +
          `${cut.linkStats.connectionsAfterDrop} connections after the drop (${cut.linkStats.refused} refused while down); PATCHes ${chunkSizesText(cut.patchLog)}`,
      );
    }
  }
  const out = { link: link.name, label: linkLabel(link), sizeMiB: size / MiB, downMs: FAULT_DOWN_MS, at: FAULT_AT, rounds: FAULT_ROUNDS, contenders: {} };
  for (const [name, { calm, cut, errors }] of Object.entries(per)) {
    if (!calm.length) {
      out.contenders[name] = { label: ALL_CONTENDERS[name].label, error: errors[0] ?? 'no run' };
      continue;
    }
    out.contenders[name] = {
      label: ALL_CONTENDERS[name].label,
      undisturbedMs: Math.round(median(calm.map((c) => c.ms))),
      withDropMs: Math.round(median(cut.map((c) => c.ms))),
      timeRatio: summarize(paired(cut.map((c) => c.ms), calm.map((c) => c.ms))),
      lostBeyondOutageMs: Math.round(median(cut.map((c, i) => c.ms - calm[i].ms - FAULT_DOWN_MS))),
      // Bytes the browser put on the link beyond the undisturbed run: what it sent twice (plus the headers of extra requests).
      resentBytes: Math.round(median(cut.map((c, i) => c.linkStats.upAccepted - calm[i].linkStats.upAccepted))),
      // Bytes that reached the upload server beyond the undisturbed run (its side of the link).
      serverExtraBytes: Math.round(median(cut.map((c, i) => c.linkStats.upDelivered - calm[i].linkStats.upDelivered))),
      // Bytes the browser had sent that the drop lost on the link (queued, not yet at the server).
      lostOnLinkBytes: Math.round(median(cut.map((c) => c.linkStats.upAccepted - c.linkStats.upDelivered))),
      reconnected: cut.every((c) => c.dropped && c.linkStats.connectionsAfterDrop > 0),
      refusedWhileDown: median(cut.map((c) => c.linkStats.refused)),
      patchesWithDrop: chunkSizesText(cut[0].patchLog),
      patchesUndisturbed: chunkSizesText(calm[0].patches),
      ...(errors.length ? { error: errors[0] } : {}),
    };
  }
  return out;
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

// ── The tables ───────────────────────────────────────────────────────────────────────────────────
const m = results.machine;
const lines = [
  `machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.chromium}, Node ${m.node}, load ${m.load.join(' ')}; ${ROUNDS} rounds (loopback ${LOOPBACK_ROUNDS}); medians, (min–max) over rounds`,
];
const mib = (x) => (x == null ? 'n/a' : x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2));
/** A label for a Markdown table: the tag in backticks, or it would vanish as HTML. */
const md = (label) => label.replace('<gcore-uploader>', '`<gcore-uploader>`');
for (const l of results.links) {
  lines.push('', `### ${l.label}: ${l.sizeMiB} MiB${l.bufferBytes ? `, link buffer ${bytesText(l.bufferBytes)}` : ''}`);
  if (l.mbit) {
    const c = l.check;
    lines.push(`link check: ping ${c.pingMs} ms (set ${l.rttMs} ms); PUT ${c.putMs ?? '–'} ms against size ÷ rate ${c.putIdealMs ?? '–'} ms = ${c.putVsRate ?? '–'} of the rate`);
  }
  lines.push('', '| contender | MiB/s | min–max | ÷ one PUT (paired) | PATCHes (sizes) | longest task / tasks > 50 ms |', '|---|---|---|---|---|---|');
  for (const [, c] of Object.entries(l.contenders)) {
    const eff = c.efficiency ? ratioText(c.efficiency) : 'n/a';
    const tasks = c.longestTaskMs != null ? `${c.longestTaskMs} ms / ${c.tasksOver50ms}` : '';
    const na = c.error ? ` (n/a: ${c.error})` : c.note ? ` (${c.note})` : '';
    lines.push(`| ${md(c.label)}${na} | ${mib(c.MiBps)} | ${c.spreadMiBps ? c.spreadMiBps.map(mib).join('–') : '–'} | ${eff} | ${c.patches ? `${c.patches}: ${c.chunkSizes}` : '–'} | ${tasks} |`);
  }
}
if (results.links.length) {
  const pairKeys = PAIRS.filter(([key]) => results.links.some((l) => l.paired[key]));
  if (pairKeys.length) {
    lines.push('', "The element's paired ratios (and its core's): the second-named contender's time ÷ the first's, per round, back to back; median (min–max). > 1: the first-named was faster.", '');
    lines.push(`| link | ${pairKeys.map(([, , , label]) => label).join(' | ')} |`, `|---|${pairKeys.map(() => '---|').join('')}`);
    for (const l of results.links) lines.push(`| ${l.label} | ${pairKeys.map(([key]) => ratioText(l.paired[key], 3)).join(' | ')} |`);
  }
  const refKeys = REFERENCE_PAIRS.filter(([key]) => results.links.some((l) => l.paired[key]));
  if (refKeys.length) {
    lines.push('', "The bench's resolution: Uppy against raw tus-js-client in the same rounds (both tus-js-client at the same chunk size), as above. How far these stray from 1 is the machine's noise, not a difference.", '');
    lines.push(`| link | ${refKeys.map(([, , , label]) => label).join(' | ')} |`, `|---|${refKeys.map(() => '---|').join('')}`);
    for (const l of results.links) lines.push(`| ${l.label} | ${refKeys.map(([key]) => ratioText(l.paired[key], 3)).join(' | ')} |`);
  }
  const names = [...new Set(results.links.flatMap((l) => Object.keys(l.contenders)))].filter((n) => n !== 'put');
  lines.push('', 'Efficiency: one PUT\'s time ÷ the contender\'s, per round (paired), median (min–max).', '');
  lines.push(`| contender | ${results.links.map((l) => l.label).join(' | ')} |`, `|---|${results.links.map(() => '---|').join('')}`);
  for (const n of names) lines.push(`| ${md(ALL_CONTENDERS[n].label)} | ${results.links.map((l) => ratioText(l.contenders[n]?.efficiency)).join(' | ')} |`);
}
if (results.fault) {
  const f = results.fault;
  lines.push('', `Faults on ${f.label}, ${f.sizeMiB} MiB: the link drops for ${f.downMs / 1000} s at ${f.at * 100} % (${f.rounds} rounds, medians).`, '');
  lines.push('| contender | undisturbed | with the drop | ratio | lost beyond the outage | re-sent by the browser | extra at the server | lost on the link | reconnected | PATCHes (first round) |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const c of Object.values(f.contenders)) {
    if (c.error && c.undisturbedMs == null) lines.push(`| ${md(c.label)} | n/a: ${c.error} |||||||||`);
    else
      lines.push(
        `| ${md(c.label)} | ${(c.undisturbedMs / 1000).toFixed(2)} s | ${(c.withDropMs / 1000).toFixed(2)} s | ${ratioText(c.timeRatio)} | ${(c.lostBeyondOutageMs / 1000).toFixed(2)} s | ${bytesText(c.resentBytes)} | ${bytesText(c.serverExtraBytes)} | ${bytesText(c.lostOnLinkBytes)} | ${c.reconnected ? 'yes' : 'NO'} | ${c.patchesWithDrop} |`,
      );
  }
}
const extra = [];
if (results.resume) extra.push(`| resume at ~50 % of ${results.resume.fileMiB} MiB | ${results.resume.bytesResent} bytes re-sent = ${results.resume.chunksResent} chunks (target ≤ 1) |`);
if (results.firstFrame) extra.push(`| time to first frame | ${results.firstFrame.medianMs} ms from video-viewable to the first decoded frame (runs: ${results.firstFrame.runsMs.join(', ')} ms) |`);
if (results.memory) extra.push(`| memory, ${results.memory.fileMiB} MiB file | heap growth ${results.memory.heapGrowthMiB} MiB = ${results.memory.growthVsChunk}× chunk (target ≤ 1.5) at ${results.memory.MiBps} MiB/s |`);
if (results.bundle) extra.push(...Object.entries(results.bundle).map(([name, s]) => `| bundle ${name} | ${(s.minBytes / 1024).toFixed(1)} KiB min, ${(s.gzipBytes / 1024).toFixed(1)} KiB min+gzip |`));
if (extra.length) lines.push('', '| measure | result |', '|---|---|', ...extra);
console.log(lines.join('\n'));

await writeFile(RESULTS_PATH, JSON.stringify(results, null, 2) + '\n');
if (CHART_PATH && results.links.length) {
  const names = [...new Set(results.links.flatMap((l) => Object.keys(l.contenders)))].filter((n) => n !== 'put');
  const svg = efficiencyChart({
    links: results.links.map((l) => ({ name: l.name, label: l.label })),
    contenders: names.map((n) => ({ name: n, label: ALL_CONTENDERS[n].label })),
    value: (link, c) => results.links.find((l) => l.name === link)?.contenders[c]?.efficiency?.median ?? null,
    subtitle: `${ROUNDS} round${ROUNDS === 1 ? '' : 's'} (loopback ${LOOPBACK_ROUNDS}), files of ~${WIRE_SECONDS} s per shaped link, ${results.date.slice(0, 10)}, ${m.cores} cores, ${m.chromium}; links: bench/link-shaper.mjs`,
  });
  await mkdir(path.dirname(CHART_PATH), { recursive: true });
  await writeFile(CHART_PATH, svg);
  log(`chart: ${path.relative(root, CHART_PATH)}`);
}
log(`results: ${path.relative(root, RESULTS_PATH)}`);
