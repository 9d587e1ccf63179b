#!/usr/bin/env node
// `npm start`: the Gcore emulator (API + TUS), the demo backend and the Vite dev server for the project.
//   env: EMULATOR_API_PORT (8080), EMULATOR_UPLOAD_PORT (8081), EMULATOR_DATA_DIR (.emulator),
//        DEMO_PORT (5173), GCORE_API_KEY, WEBHOOK_URL
// No account and no setup: the emulator generates its API key at the first start (kept in
// .emulator/api-key), and the demo page gets its demo session cookie when it loads.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { demoBackend } from './backend.mjs';
import { DEFAULT_ALLOW_ORIGINS, startEmulator } from './emulator/index.mjs';
import { portInUseMessage } from './emulator/ports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const host = '127.0.0.1';
const num = (v, d) => (v === undefined || v === '' ? d : Number(v));
const ports = {
  apiPort: num(process.env.EMULATOR_API_PORT, 8080),
  uploadPort: num(process.env.EMULATOR_UPLOAD_PORT, 8081),
  demoPort: num(process.env.DEMO_PORT, 5173),
};

process.on('uncaughtException', (err) => console.error('[start] uncaught:', err));
process.on('unhandledRejection', (err) => console.error('[start] unhandled rejection:', err));

/** A busy port: say which and how to pick others, then exit non-zero. */
function busy(err) {
  const viteBusy = /^Port (\d+) is already in use/.exec(String(err?.message ?? ''));
  if (err?.code !== 'EADDRINUSE' && !viteBusy) return false;
  console.error(`\n  ${portInUseMessage(viteBusy ? { port: Number(viteBusy[1]) } : err, ports).split('\n').join('\n  ')}\n`);
  return true;
}

let emu;
try {
  emu = await startEmulator({
    host,
    apiPort: ports.apiPort,
    uploadPort: ports.uploadPort,
    dataDir: process.env.EMULATOR_DATA_DIR || path.join(root, '.emulator'),
    // The demo page's origin (its backend calls the API server-side; a page script may too).
    allowOrigins: [...DEFAULT_ALLOW_ORIGINS, `http://${host}:${ports.demoPort}`, `http://localhost:${ports.demoPort}`],
  });
} catch (err) {
  if (busy(err)) process.exit(1);
  throw err;
}

const configFile = path.join(root, 'vite.config.ts');
let vite;
try {
  vite = await createServer({
    root,
    configFile: existsSync(configFile) ? configFile : false,
    // strictPort: the page's port is the one printed and the one DEMO_PORT asks for.
    server: { host, port: ports.demoPort, strictPort: true },
    plugins: [demoBackend({ apiOrigin: emu.apiOrigin, apiKey: emu.apiKey })],
  });
  await vite.listen();
} catch (err) {
  await Promise.allSettled([vite?.close(), emu.close()]);
  if (busy(err)) process.exit(1);
  throw err;
}
const demoUrl = vite.resolvedUrls?.local?.[0] ?? `http://${host}:${vite.config.server.port}/`;

const shown = (file) => (path.relative(root, file).startsWith('..') ? file : path.relative(root, file));
const key =
  emu.apiKeySource === 'generated' || emu.apiKeySource === 'file'
    ? `API key "${emu.apiKey}" (${emu.apiKeySource === 'generated' ? 'generated now, ' : ''}kept in ${shown(emu.apiKeyFile)})`
    : 'API key from GCORE_API_KEY';
console.log(`
  Demo:        ${demoUrl}
  Gcore API:   ${emu.apiOrigin}/streaming/videos   (${key})
  TUS upload:  ${emu.uploadServer.endpoint}
  Data:        ${emu.dataDir}
`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await Promise.allSettled([vite.close(), emu.close()]);
    process.exit(0);
  });
}
