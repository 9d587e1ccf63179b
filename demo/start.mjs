#!/usr/bin/env node
// `npm start`: the Gcore emulator (API + TUS), the demo backend and the Vite dev server for the project.
//   env: EMULATOR_API_PORT (8080), EMULATOR_UPLOAD_PORT (8081), EMULATOR_DATA_DIR (.emulator),
//        DEMO_PORT (5173), GCORE_API_KEY, WEBHOOK_URL
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { demoBackend } from './backend.mjs';
import { startEmulator } from './emulator/index.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const host = '127.0.0.1';
const num = (v, d) => (v === undefined || v === '' ? d : Number(v));

process.on('uncaughtException', (err) => console.error('[start] uncaught:', err));
process.on('unhandledRejection', (err) => console.error('[start] unhandled rejection:', err));

const emu = await startEmulator({
  host,
  apiPort: num(process.env.EMULATOR_API_PORT, 8080),
  uploadPort: num(process.env.EMULATOR_UPLOAD_PORT, 8081),
  dataDir: process.env.EMULATOR_DATA_DIR || path.join(root, '.emulator'),
});

const configFile = path.join(root, 'vite.config.ts');
const vite = await createServer({
  root,
  configFile: existsSync(configFile) ? configFile : false,
  server: { host, port: num(process.env.DEMO_PORT, 5173) },
  plugins: [demoBackend({ apiOrigin: emu.apiOrigin, apiKey: emu.apiKey })],
});
await vite.listen();
const demoUrl = vite.resolvedUrls?.local?.[0] ?? `http://${host}:${vite.config.server.port}/`;

console.log(`
  Demo:        ${demoUrl}
  Gcore API:   ${emu.apiOrigin}/streaming/videos   (API key "${emu.apiKey}", kept in this process)
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
