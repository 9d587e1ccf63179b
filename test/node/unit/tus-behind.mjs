// For the tests of tus-js-client's undocumented behaviour the core relies on (tus-chunk-size, tus-retry-delay):
// a real @tus/server (file store in a temporary folder) behind a plain HTTP server on 127.0.0.1, whose
// `intercept(req, res, tus)` sees every request first and answers it (or hands it to `tus.handle`).
// Registers its own before/after in the calling describe.
import { after, before } from 'node:test';
import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

/** Answers {endpoint, stored(upload)}: the tus endpoint, and the bytes the server holds for an Upload. */
export function tusBehind(prefix, intercept) {
  const ctx = { endpoint: '', stored: (u) => readFile(path.join(dir, u.url.split('/').pop())) };
  let dir;
  let server;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    const tus = new Server({ path: '/files', datastore: new FileStore({ directory: dir }) });
    server = http.createServer((req, res) => intercept(req, res, tus));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    ctx.endpoint = `http://127.0.0.1:${server.address().port}/files/`;
  });
  after(async () => {
    server?.closeAllConnections?.();
    await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return ctx;
}
