// node bench/profile.mjs: where the element's time goes, against raw tus-js-client,
// on loopback (as the bench's loopback part). Same page, servers and browser flags as bench/run.mjs, but the
// harness bundled unminified (readable function names; esbuild's `// src/…` comments map lines to modules).
//
// Per run: wall time, the page's main-thread time (CDP Performance.getMetrics: TaskDuration, ScriptDuration,
// RecalcStyle, Layout), the CPU time of every Chromium process (/proc: renderer, GPU, network service, browser)
// and of this Node process (the upload server), and the number of PATCHes. The last round of each contender
// is also CPU-profiled (CDP Profiler, 100 µs sampling): self time per module and per function, and inclusive
// time of the element's per-chunk and per-upload hooks.
//
//   PROFILE_KINDS=rawTus,element,element+render500 PROFILE_CHUNK=1000000 PROFILE_SIZE_MIB=64 PROFILE_ROUNDS=3 node bench/profile.mjs
//   PROFILE_CPU=0               no CPU profile (the figures only)
//   PROFILE_OUT=/tmp/profiles   also writes each .cpuprofile there (open in Chromium's DevTools)
//   PROFILE_JSON=/tmp/runs.json the figures of every run
//   PROFILE_TRACE=1             also traces the profiled round: the renderer's main thread, self time per event
// Kinds: rawTus, uppy, core (the headless core), element (chunk size PROFILE_CHUNK), and element+variant+…: see PATCHES.
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { createUploadServer } from '../demo/emulator/upload-server.mjs';
import { descendants } from '../scripts/proc-tree.mjs';
import { benchFile, benchSession, bundleHarness, HARNESS_HTML, launchBenchBrowser, scratchDir } from './setup.mjs';
import { median, MiB, paired, spread } from './stats.mjs';

const env = process.env;
/**
 * Contenders: rawTus, uppy, core, element, or element+variant+variant…: the element with changes switched on at run time
 * (PATCHES below: what a proposed change saves, measured in the same page, round by round).
 */
const KINDS = (env.PROFILE_KINDS ?? 'rawTus,element').split(',').map((s) => s.trim());
const CHUNK = env.PROFILE_CHUNK ?? '1000000';
const SIZE = Number(env.PROFILE_SIZE_MIB ?? 64) * MiB;
const ROUNDS = Number(env.PROFILE_ROUNDS ?? 3);
const PROFILE = env.PROFILE_CPU !== '0';
/** PROFILE_TRACE=1: also a trace of the profiled round (the renderer's main thread: self time per event). */
const TRACE = env.PROFILE_TRACE === '1';
const OUT = env.PROFILE_OUT ? path.resolve(env.PROFILE_OUT) : null;
const SECRET = 'bench-secret';
const root = path.resolve(import.meta.dirname, '..');
const log = (...a) => console.log(...a);

/**
 * Changes to try without editing the sources: [variant, file, text, replacement]; a replacement checks
 * `globalThis.__bv.<variant>` (set per run), so that one bundle holds the code with and without. Only the
 * variants PROFILE_KINDS names are patched in (a source that changed since fails loudly).
 */
const V = (name) => `(globalThis as any).__bv?.${name}`;
const PATCHES = [
  // Progress renders at most every 500 ms instead of 250 ms.
  ['render500', 'src/controllers/uploader-controller.ts', /\bPROGRESS_RENDER_MS\b(?! = )/g, `(${V('render500')} ? 500 : PROGRESS_RENDER_MS)`],
  // No upload-progress DOM event (what dispatching one per progress report costs).
  ['noProgressEvents', 'src/controllers/events-controller.ts', '    const cancelable = UPLOADER_EVENTS', `    if (${V('noProgressEvents')} && name === 'upload-progress') return true;\n    const cancelable = UPLOADER_EVENTS`],
  // The local frame from 0.1 s in instead of about 1 s (fewer frames decoded before it).
  ['frameEarly', 'src/controllers/local-frame-controller.ts', 'await captureFrame(file)', `await captureFrame(file, ${V('frameEarly')} ? 0.1 : 1)`],
  // No local first frame.
  ['noLocalFrame', 'src/controllers/local-frame-controller.ts', '  hostUpdated(): void {\n', `  hostUpdated(): void {\n    if (${V('noLocalFrame')}) return;\n`],
  // The decoded picture drawn in a worker whatever its size (what the worker costs the bench's 720p frame).
  ['frameWorker', 'src/controllers/frame-picture.ts', 'const large = w * h > WORKER_ABOVE_PIXELS;', `const large = w * h > WORKER_ABOVE_PIXELS || ${V('frameWorker')};`],
  // No sample digest (what hashing the first and last 64 KiB costs).
  ['noDigest', 'src/core/resume/sample.ts', '  const subtle = globalThis.crypto?.subtle;', `  if (${V('noDigest')}) return '';\n  const subtle = globalThis.crypto?.subtle;`],
  // Nothing kept beside the upload URL, no lock (IndexedDB and Web Locks).
  ['noKeep', 'src/core/job.ts', '  private _keep(uploadUrl: string): void {\n', `  private _keep(uploadUrl: string): void {\n    if (${V('noKeep')}) return;\n`],
  // As before issue #16's work: the digest before anything else, and every progress report passed on.
  ['digestFirst', 'src/core/job.ts', '      this._reader = await blobReaderFor(this._o.input);\n', `      this._reader = await blobReaderFor(this._o.input);\n      if (${V('digestFirst')}) await this._digest;\n`],
  ['noDedupe', 'src/core/job.ts', 'if (this._paused || sent === reported) return;', `if (this._paused || (sent === reported && !${V('noDedupe')})) return;`],
  // No news while bytes travel (no chunk-complete, no upload-progress, so no snapshots, renders or DOM events for them): what that news costs.
  ['noNews', 'src/core/job.ts', '      onChunkComplete: (chunk) => later.queue(() => options.onChunkComplete(chunk)),', `      onChunkComplete: (chunk) => !${V('noNews')} && later.queue(() => options.onChunkComplete(chunk)),`],
  ['noNews', 'src/core/job.ts', '          if (sent === answeredOffset) this._later.queue(tell);', `          if (${V('noNews')} && sent < meta.size) return;\n          if (sent === answeredOffset) this._later.queue(tell);`],
  // Every progress report passed on (no PROGRESS_EVENT_MS): what the throttle saves.
  ['everyProgress', 'src/core/job.ts', 'now - reportedAt < PROGRESS_EVENT_MS) return;', `now - reportedAt < PROGRESS_EVENT_MS && !${V('everyProgress')}) return;`],
];
/** Variant names that are page CSS instead: rules added to the document for the run. */
const CSS_VARIANTS = {
  noTransition: 'gcore-uploader::part(progress-fill) { transition: none !important; }',
  // Not on screen: what rendering the element's progress costs (its script still runs).
  offscreen: 'gcore-uploader { display: none !important; }',
  // The progress fill on a layer of its own, the progress area contained (what repainting it costs).
  composited: 'gcore-uploader::part(progress-fill) { will-change: transform; } gcore-uploader::part(progress) { contain: layout paint; }',
};
const wanted = new Set(KINDS.flatMap((k) => k.split('+').slice(1)));
for (const name of wanted) if (!PATCHES.some(([v]) => v === name) && !(name in CSS_VARIANTS)) throw new Error(`unknown variant "${name}"`);
const patches = PATCHES.filter(([v]) => wanted.has(v));
const patchPlugin = {
  name: 'bench-variants',
  setup(b) {
    const files = new Set(patches.map(([, f]) => f));
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const rel = path.relative(root, args.path);
      if (!files.has(rel)) return undefined;
      let text = readFileSync(args.path, 'utf8');
      for (const [v, f, from, to] of patches) {
        if (f !== rel) continue;
        const found = typeof from === 'string' ? text.includes(from) : from.test(text);
        if (!found) throw new Error(`variant ${v}: ${rel} no longer has ${String(from).slice(0, 60)} (applied already?)`);
        text = typeof from === 'string' ? text.replace(from, to) : text.replace(new RegExp(from.source, from.flags), to);
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

// ── The page (unminified) and the upload server ──────────────────────────────────────────────────
const harness = await bundleHarness({ minify: false, plugins: [patchPlugin] });
/** Line (1-based) → the module esbuild put there (its `// path` comments). */
const moduleAt = (() => {
  const starts = [];
  harness.split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:src|node_modules|bench)\/\S+)$/.exec(line);
    if (m) starts.push([i + 1, m[1].replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*$/, '$1')]);
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) {
        found = starts[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
})();

const dir = await scratchDir('gcore-profile-');
const page = http.createServer((req, res) => {
  if (req.url === '/harness.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(harness);
  res.writeHead(200, { 'Content-Type': 'text/html' }).end(HARNESS_HTML);
});
await new Promise((resolve) => page.listen(0, '127.0.0.1', resolve));
const uploads = path.join(dir, 'tus');
const tus = await createUploadServer({ directory: uploads, secret: SECRET });
let videoId = 1;
const session = () => benchSession(tus.hostname, videoId++, SECRET);
async function clearUploads() {
  for (const name of await readdir(uploads).catch(() => [])) await rm(path.join(uploads, name), { force: true });
}

// ── The browser ──────────────────────────────────────────────────────────────────────────────────
const browser = await launchBenchBrowser();
const tab = await browser.newPage();
await tab.goto(`http://127.0.0.1:${page.address().port}`);
await tab.waitForFunction(() => 'bench' in window);
const cdp = await tab.createCDPSession();
await cdp.send('Performance.enable');
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });

const TICK = 1000 / 100; // ms per clock tick (USER_HZ)
/** CPU ms per "process type/thread name" of a process tree (utime + stime of every thread under `pid`). */
function treeCpu(rootPid) {
  const out = new Map();
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    let type = 'browser';
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      if (type === 'utility') type = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1]?.split('.').at(-2) ?? 'utility';
    } catch {
      continue;
    }
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${type}/${comm}`;
        out.set(key, (out.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK);
      } catch {
        // gone meanwhile
      }
    }
  }
  return out;
}
const cpuDelta = (a, b) => {
  const d = new Map();
  for (const [k, v] of b) if (v - (a.get(k) ?? 0) > 0) d.set(k, v - (a.get(k) ?? 0));
  return d;
};
const sum = (m) => [...m.values()].reduce((x, y) => x + y, 0);
const browserPid = browser.process().pid;
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));

async function runOnce(kind, profile) {
  await clearUploads();
  tus.resetStats();
  const [base, ...variants] = kind.split('+');
  const spec = { kind: base, chunkSize: CHUNK, session: session() };
  await tab.evaluate(
    (names, css) => {
      globalThis.__bv = Object.fromEntries(names.map((n) => [n, true]));
      document.getElementById('bench-variant-css')?.remove();
      const rules = names.map((n) => css[n]).filter(Boolean);
      if (rules.length) document.head.append(Object.assign(document.createElement('style'), { id: 'bench-variant-css', textContent: rules.join('\n') }));
    },
    variants,
    CSS_VARIANTS,
  );
  const m0 = await metrics();
  const c0 = treeCpu(browserPid);
  const n0 = process.cpuUsage();
  if (profile) await cdp.send('Profiler.start');
  if (profile && TRACE) await tab.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'cc', 'v8'] });
  const result = await tab.evaluate((s) => window.bench.run(s), spec);
  const trace = profile && TRACE ? mainThreadTrace(JSON.parse(new TextDecoder().decode(await tab.tracing.stop()))) : null;
  const prof = profile ? (await cdp.send('Profiler.stop')).profile : null;
  const n1 = process.cpuUsage(n0);
  const threads = cpuDelta(c0, treeCpu(browserPid));
  const m1 = await metrics();
  const d = (k) => (m1[k] - m0[k]) * 1000;
  const patches = tus.stats.requests.filter((r) => r.method === 'PATCH' && r.status === 204).length;
  if (!tus.stats.finished.length) throw new Error(`${kind}: the upload did not finish`);
  return {
    ms: result.ms,
    patches,
    taskMs: d('TaskDuration'),
    scriptMs: d('ScriptDuration'),
    styleMs: d('RecalcStyleDuration'),
    layoutMs: d('LayoutDuration'),
    browserCpuMs: sum(threads),
    mainCpuMs: (threads.get('renderer/CrRendererMain') ?? 0) + (threads.get('renderer/chromium') ?? 0),
    threads,
    serverCpuMs: (n1.user + n1.system) / 1000,
    longest: result.longest,
    // The page's own clock (harness.ts phases): before the first request, between requests, after the last one.
    startMs: result.phases?.start ?? 0,
    betweenMs: result.phases?.between ?? 0,
    endMs: result.phases?.end ?? 0,
    profile: prof,
    trace,
  };
}

/**
 * The renderer's main thread in a trace: per event name, its count and its time less that of the events
 * nested in it (self), in ms; top 25.
 */
function mainThreadTrace({ traceEvents }) {
  // The page's renderer main thread: of the threads so named, the one with the most events.
  const mains = traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const count = (m) => traceEvents.reduce((n, e) => n + (e.pid === m.pid && e.tid === m.tid ? 1 : 0), 0);
  const main = mains.map((m) => [m, count(m)]).sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return null;
  const spans = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur > 0).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const out = new Map();
  const stack = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) out.get(parent.name).self -= Math.min(e.dur, parent.ts + parent.dur - e.ts) / 1000;
    const entry = out.get(e.name) ?? { count: 0, self: 0 };
    entry.count++;
    entry.self += e.dur / 1000;
    out.set(e.name, entry);
    stack.push(e);
  }
  const top = [...out.entries()].sort((a, b) => b[1].self - a[1].self).slice(0, 25);
  // The longest task, and what took its time (self time per event inside it).
  const longest = spans.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask').sort((a, b) => b.dur - a.dur)[0];
  if (longest) {
    const inside = new Map();
    const within = spans.filter((e) => e.ts >= longest.ts && e.ts + e.dur <= longest.ts + longest.dur && e !== longest);
    for (const e of within) {
      const nested = within.filter((c) => c !== e && c.ts >= e.ts && c.ts + c.dur <= e.ts + e.dur);
      // Direct children only: those not inside another nested one.
      const direct = nested.filter((c) => !nested.some((o) => o !== c && c.ts >= o.ts && c.ts + c.dur <= o.ts + o.dur));
      const self = e.dur - direct.reduce((n, c) => n + c.dur, 0);
      const key = e.args?.data?.functionName ? `${e.name} ${e.args.data.functionName}` : e.args?.data?.type ? `${e.name} ${e.args.data.type}` : e.name;
      inside.set(key, (inside.get(key) ?? 0) + self / 1000);
    }
    top.longest = { ms: longest.dur / 1000, inside: [...inside.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12) };
  }
  return top;
}

/** Self time per module and per function, and inclusive time per function name, from a CPU profile. */
function analyze(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const modules = new Map();
  const inclusive = new Map();
  let busy = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // The time until the next sample belongs to this one, at most 3 intervals (a longer gap: the thread or the
    // sampler was not running, on a busy machine).
    const dt = Math.min(timeDeltas[i + 1] ?? 0, 300) / 1000;
    const node = byId.get(samples[i]);
    const f = node.callFrame;
    const name = f.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    const mod = f.url.includes('harness.js') ? moduleAt(f.lineNumber + 1) : f.url ? path.basename(f.url) : name.startsWith('(') ? name : '(native)';
    if (name !== '(program)') busy += dt;
    const key = `${name} ${mod}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    modules.set(mod, (modules.get(mod) ?? 0) + dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id).callFrame;
      const fn = cf.functionName || '(anonymous)';
      const m = cf.url.includes('harness.js') ? moduleAt(cf.lineNumber + 1) : '';
      const k = m ? `${fn} @${m}` : fn;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  const top = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { busy, self: top(self, 30), modules: top(modules, 25), inclusive };
}

const fmt = (x, d = 1) => (x == null ? '–' : x.toFixed(d));
const rows = Object.fromEntries(KINDS.map((k) => [k, []]));
try {
  await benchFile(tab, dir, Math.min(SIZE, 8 * MiB));
  for (const kind of KINDS) await runOnce(kind, false); // warm-up: JIT, the engine chunk, the preflight cache
  await benchFile(tab, dir, SIZE);
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of r % 2 ? [...KINDS].reverse() : KINDS) {
      const res = await runOnce(kind, PROFILE && r === ROUNDS - 1);
      rows[kind].push(res);
      log(
        `round ${r + 1} ${kind}: ${fmt(res.ms, 0)} ms, ${res.patches} PATCHes; main thread: task ${fmt(res.taskMs, 0)} ms, script ${fmt(res.scriptMs, 0)} ms, style ${fmt(res.styleMs)} ms, layout ${fmt(res.layoutMs)} ms; CPU: Chromium ${fmt(res.browserCpuMs, 0)} ms (renderer main ${fmt(res.mainCpuMs, 0)}), server ${fmt(res.serverCpuMs, 0)} ms`,
      );
    }
  }
  log(`\n${SIZE / MiB} MiB, chunk ${CHUNK}, ${ROUNDS} rounds, medians (min–max); per PATCH in µs`);
  const keys = ['ms', 'startMs', 'betweenMs', 'endMs', 'taskMs', 'scriptMs', 'styleMs', 'layoutMs', 'browserCpuMs', 'mainCpuMs', 'serverCpuMs', 'longest'];
  log(`| contender | ${keys.join(' | ')} |`);
  for (const kind of KINDS) {
    const cells = keys.map((k) => {
      const xs = rows[kind].map((r) => r[k]);
      const [lo, hi] = spread(xs) ?? [null, null];
      // Before the first request and after the last one: once per upload, a few ms (no per-PATCH figure, one decimal).
      const once = k === 'startMs' || k === 'endMs';
      const perPatch = once || k === 'longest' ? '' : ` = ${fmt((median(xs) / rows[kind][0].patches) * 1000, 0)} µs/PATCH`;
      const digits = once ? 1 : 0;
      return `${fmt(median(xs), digits)} (${fmt(lo, digits)}–${fmt(hi, digits)})${perPatch}`;
    });
    log(`| ${kind} | ${cells.join(' | ')} |`);
  }
  // Per round: the first contender's time ÷ this one's (paired, > 1: faster), and this one's CPU minus the first's.
  const [ref] = KINDS;
  log(`\npaired against ${ref}, median (min–max) over rounds: time ratio (${ref} ÷ contender), extra Chromium CPU ms, extra renderer main-thread CPU ms`);
  for (const kind of KINDS.slice(1)) {
    const p = paired(rows[ref].map((r) => r.ms), rows[kind].map((r) => r.ms));
    const extra = (k) => rows[kind].map((r, i) => r[k] - rows[ref][i][k]);
    const cell = (xs) => `${fmt(median(xs), 0)} (${fmt(Math.min(...xs), 0)}–${fmt(Math.max(...xs), 0)})`;
    log(`| ${kind} | ${fmt(p.median, 3)} (${fmt(p.min, 3)}–${fmt(p.max, 3)}) | ${cell(extra('browserCpuMs'))} | ${cell(extra('mainCpuMs'))} |`);
  }
  if (env.PROFILE_JSON) await writeFile(env.PROFILE_JSON, JSON.stringify(Object.fromEntries(KINDS.map((k) => [k, rows[k].map(({ profile, threads, ...r }) => ({ ...r, threads: Object.fromEntries(threads) }))])), null, 1));
  // CPU per thread (median over rounds, ms), the threads that used ≥ 20 ms in some contender.
  const names = [...new Set(KINDS.flatMap((k) => rows[k].flatMap((r) => [...r.threads.keys()])))];
  const per = (kind, name) => median(rows[kind].map((r) => r.threads.get(name) ?? 0));
  const shown = names.filter((n) => KINDS.some((k) => per(k, n) >= 20)).sort((a, b) => per(KINDS.at(-1), b) - per(KINDS.at(-1), a));
  log(`\nCPU per thread, ms (median over rounds):\n| thread | ${KINDS.join(' | ')} |`);
  for (const n of shown) log(`| ${n} | ${KINDS.map((k) => fmt(per(k, n), 0)).join(' | ')} |`);
  if (PROFILE) {
    const analyzed = {};
    for (const kind of KINDS) {
      const prof = rows[kind].at(-1).profile;
      if (OUT) {
        await mkdir(OUT, { recursive: true });
        await writeFile(path.join(OUT, `${kind}-${CHUNK}.cpuprofile`), JSON.stringify(prof));
      }
      const a = (analyzed[kind] = analyze(prof));
      const patches = rows[kind].at(-1).patches;
      log(`\n── ${kind}: profiled JS+native busy ${fmt(a.busy, 1)} ms (${fmt((a.busy / patches) * 1000, 0)} µs per PATCH)`);
      log('self time by module (ms):');
      for (const [m, t] of a.modules) log(`  ${fmt(t, 1).padStart(8)}  ${m}`);
      log('self time by function (ms):');
      for (const [f, t] of a.self) log(`  ${fmt(t, 1).padStart(8)}  ${f}`);
      const trace = rows[kind].at(-1).trace;
      if (trace) {
        log('main thread in the trace, self time by event (ms, count):');
        for (const [name, { count, self }] of trace) log(`  ${fmt(self, 1).padStart(8)}  ${String(count).padStart(6)}  ${name}`);
        if (trace.longest) {
          log(`the longest task: ${fmt(trace.longest.ms, 1)} ms; inside it, self time by event (ms):`);
          for (const [name, ms] of trace.longest.inside) log(`  ${fmt(ms, 1).padStart(8)}  ${name}`);
        }
      }
    }
    if (analyzed.element) {
      const patches = rows.element.at(-1).patches;
      const inc = [...analyzed.element.inclusive.entries()].filter(([k]) => /@src\//.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40);
      log(`\nelement: inclusive time of the package's functions (ms, and µs per PATCH):`);
      for (const [k, t] of inc) log(`  ${fmt(t, 1).padStart(8)}  ${fmt((t / patches) * 1000, 0).padStart(6)} µs  ${k}`);
    }
  }
} finally {
  await browser.close();
  await tus.close();
  page.close();
  await rm(dir, { recursive: true, force: true });
}
