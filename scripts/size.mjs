#!/usr/bin/env node
// npm run size: what a page ships for <gcore-uploader>, minified and gzipped, against the budget.
//
//   ESM  src/index.ts bundled with its dependencies (lit…) by esbuild, minified, for the browser, as an
//        app's bundler would ship it: the entry and what it imports statically, what loads up front.
//        Parts behind a dynamic import (the upload engine with tus-js-client, the first frame, the
//        unfinished uploads' list, the poller, the player, the details panel, other locales) are chunks a
//        page loads later, and are not counted.
//   CDN  dist/cdn/gcore-uploader.min.js as published (the parts next to it, upload.mjs, frame.mjs,
//        resume.mjs, status.mjs…, load later and are not counted).
//
// hls.js is left out of both: it is loaded on first preview only (a separate chunk / hls-light.mjs, hls.mjs).
// Builds first when dist/ is missing. Exits 1 when either is over its budget (ESM 27 KB, CDN 25 KB gzip).
//   --why   list the largest inputs of each bundle (also printed when over budget)
//   --json  machine-readable figures
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { browserAliases } from './aliases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_ESM_GZIP = 27 * 1024;
const BUDGET_CDN_GZIP = 25 * 1024;
const ESM_ENTRY = path.join(root, 'src/index.ts');
const CDN_FILE = path.join(root, 'dist/cdn/gcore-uploader.min.js');
const args = new Set(process.argv.slice(2));

if (!existsSync(CDN_FILE)) {
  console.log('dist/ is missing: npm run build');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * esbuild bundle of `entry` for the browser, minified, with the same aliases as the real builds; hls.js
 * stays out. For ESM, code split off behind a dynamic import (the other locales) is not counted: a page
 * loads it only when it needs it. What is counted is the entry and what it imports statically.
 */
async function bundle(entry, format) {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format,
    splitting: format === 'esm',
    outdir: path.join(root, '.size-out'),
    platform: 'browser',
    target: 'es2021',
    alias: browserAliases,
    define: { 'process.env.NODE_ENV': '"production"', __GCORE_CDN__: format === 'iife' ? 'true' : 'false' },
    external: ['hls.js', 'hls.js/*'],
    legalComments: 'none',
    // Non-ASCII text (the locales) as UTF-8, as Vite writes it, not as \u escapes.
    charset: 'utf8',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((k) => outputs[k].entryPoint === path.relative(root, entry));
  const loaded = new Set();
  const visit = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const imp of outputs[file].imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(entryOut);
  const files = result.outputFiles.filter((f) => loaded.has(path.relative(root, f.path)));
  const bytes = Buffer.concat(files.map((f) => Buffer.from(f.contents)));
  const inputs = Object.assign({}, ...[...loaded].map((k) => outputs[k].inputs));
  return { bytes, inputs };
}

/** Bytes in the bundle per package (or per source folder of this project). */
function byOrigin(inputs) {
  const totals = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? m[1] : /^src\/[^/]+\//.exec(file)?.[0] ?? file;
    totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const esm = await bundle(ESM_ENTRY, 'esm');
const cdnBytes = await readFile(CDN_FILE);
// The CDN file is built by Vite; an esbuild twin of it tells where its bytes come from.
const cdnTwin = await bundle(path.join(root, 'src/cdn.ts'), 'iife');

const rows = [
  { name: 'ESM (index + dependencies)', min: esm.bytes.length, gzip: gzip(esm.bytes), budget: BUDGET_ESM_GZIP, inputs: esm.inputs },
  { name: 'CDN (dist/cdn/gcore-uploader.min.js)', min: cdnBytes.length, gzip: gzip(cdnBytes), budget: BUDGET_CDN_GZIP, inputs: cdnTwin.inputs },
];
const over = rows.filter((r) => r.gzip > r.budget);

if (args.has('--json')) {
  const out = rows.map(({ name, min, gzip: gz, budget, inputs }) => ({ name, min, gzip: gz, budget, byOrigin: Object.fromEntries(byOrigin(inputs)) }));
  console.log(JSON.stringify(out, null, 2));
} else {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'bundle'.padEnd(width)}  ${'min'.padStart(9)}  ${'min+gzip'.padStart(9)}  ${'budget'.padStart(9)}  (gzip; hls.js excluded, loaded lazily)`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${kb(r.min).padStart(9)}  ${kb(r.gzip).padStart(9)}  ${kb(r.budget).padStart(9)}  ${r.gzip > r.budget ? `OVER by ${kb(r.gzip - r.budget)}` : 'ok'}`);
  }
  if (args.has('--why') || over.length) {
    for (const r of args.has('--why') ? rows : over) {
      console.log(`\n${r.name}: minified bytes by origin`);
      for (const [origin, bytes] of byOrigin(r.inputs).slice(0, 15)) console.log(`  ${kb(bytes).padStart(9)}  ${origin}`);
    }
  }
}

if (over.length) {
  console.error(`\nOver budget: ${over.map((r) => `${r.name} (${kb(r.gzip)} > ${kb(r.budget)})`).join(', ')}`);
  process.exit(1);
}
