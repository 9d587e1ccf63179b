// What the benchmark (run.mjs) and the profiler (profile.mjs) set up alike: Debian's Chromium with the
// same flags, and an upload session for one video as Gcore's GET /streaming/videos/{id}/upload answers it.
import puppeteer from 'puppeteer-core';
import { signUploadToken } from '../demo/emulator/token.mjs';

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
