// What the benchmark (run.mjs) and the profiler (profile.mjs) set up alike: the page's bundle (the element
// and bench/harness.ts, built as what ships), Debian's Chromium with the same flags, and an upload session
// for one video as Gcore's GET /streaming/videos/{id}/upload answers it.
import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { signUploadToken } from '../demo/emulator/token.mjs';
import { browserAliases } from '../scripts/aliases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The harness page's script: bench/harness.ts with the element, bundled for the browser with the aliases
 * of the published bundles (scripts/aliases.mjs). The profiler builds it unminified, with names kept and
 * its variant plugins; the bench minified, as it ships.
 */
export async function bundleHarness({ minify = true, plugins = [] } = {}) {
  const bundle = await build({
    entryPoints: [path.join(root, 'bench/harness.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    keepNames: !minify,
    write: false,
    alias: browserAliases,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins,
  });
  return bundle.outputFiles[0].text;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'];

/** Chromium for a run of the bench (a long protocol timeout: one call may wait for a whole upload). */
export function launchBenchBrowser() {
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, protocolTimeout: 30 * 60_000, args: CHROMIUM_ARGS });
}

/** A session for video `id` on the upload server at `hostname` (plain HTTP, as the bench's servers are). */
export function benchSession(hostname, id, secret) {
  return {
    servers: [{ id: 1, role: 'upload', hostname, active: true, ssl: false }],
    token: signUploadToken({ videoId: id, clientId: 1, secret }),
    video: { id, client_id: 1, name: 'bench', status: 'empty' },
  };
}

/**
 * A scratch folder for the servers' uploads: in memory (/dev/shm) where there is one, else the system's
 * temp folder; BENCH_TMP names another. The bench measures the browser and the protocol, not the disk:
 * on this kind of VM, writing and deleting gigabytes on disk (ext4, `discard`) made the server's CPU time
 * for the same upload vary 2.5× and every round slower than the one before.
 */
export function scratchDir(prefix) {
  const base = process.env.BENCH_TMP ?? (existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());
  return mkdtemp(path.join(base, prefix));
}

/** The harness page: the bundle, and the file input the bench chooses its file with (benchFile). */
export const HARNESS_HTML = '<!doctype html><meta charset="utf-8"><input type="file" id="bench-file"><script type="module" src="/harness.js"></script>';

const MiB = 1 << 20;

/**
 * The file every contender uploads: `size` bytes on disk in `dir`, chosen in the page's file input as a
 * user would choose it, so the page's File is backed by a file. (A File assembled in memory from Blobs is
 * not what users upload: Chromium copies the in-memory bytes a slice cuts into, and runs with such a File
 * failed a PATCH with ERR_BLOB_OUT_OF_MEMORY now and then.) It starts with a real video (ffmpeg: 4 s of
 * 1280×720 H.264 + AAC), so that what the element does with a video (its first frame in the row, read by
 * the browser beside the upload) costs what it costs with a user's file; random bytes (one 1 MiB block
 * repeated) follow, which players never read (they stop at the clip's moov and mdat). One file at a time is kept.
 */
export async function benchFile(tab, dir, size) {
  const file = path.join(dir, `bench-${size}.mp4`);
  if (!existsSync(file)) {
    for (const name of await readdir(dir)) if (/^bench-\d+\.mp4$/.test(name)) await rm(path.join(dir, name), { force: true });
    const { makeClip } = await import('../test/node/emulator/helpers.mjs');
    const clip = await readFile(await makeClip({ width: 1280, height: 720, seconds: 4 }));
    const block = Buffer.alloc(MiB);
    crypto.getRandomValues(block.subarray(0, 65536));
    for (let i = 65536; i < MiB; i += 65536) block.copyWithin(i, 0, 65536);
    const out = await open(file, 'w');
    try {
      await out.write(clip, 0, Math.min(clip.length, size));
      for (let at = clip.length; at < size; at += MiB) await out.write(block, 0, Math.min(MiB, size - at));
    } finally {
      await out.close();
    }
  }
  const input = await tab.waitForSelector('#bench-file');
  await input.uploadFile(file);
  return tab.evaluate(() => window.bench.pickFile());
}
