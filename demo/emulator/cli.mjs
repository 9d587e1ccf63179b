#!/usr/bin/env node
// `npm run emulator`: the Gcore Video Streaming emulator on 127.0.0.1.
//   env: GCORE_API_KEY, WEBHOOK_URL, EMULATOR_HOST, EMULATOR_API_PORT (8080), EMULATOR_UPLOAD_PORT (8081),
//        EMULATOR_DATA_DIR (.emulator), EMULATOR_CLIENT_ID (2675)
//   flags: --api-port N --upload-port N --data-dir DIR --api-key KEY --webhook-url URL --client-id N
//          --allow-origin ORIGIN (repeatable; the demo's http://127.0.0.1:5173 and http://localhost:5173 always)
// Without --api-key / GCORE_API_KEY the key is random, generated at the first start and kept in
// <data-dir>/api-key.
import { parseArgs } from 'node:util';
import { DEFAULT_ALLOW_ORIGINS, startEmulator } from './index.mjs';
import { portInUseMessage } from './ports.mjs';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    'api-port': { type: 'string' },
    'upload-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'api-key': { type: 'string' },
    'webhook-url': { type: 'string' },
    'client-id': { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'usage: node demo/emulator/cli.mjs [--api-port 8080] [--upload-port 8081] [--data-dir .emulator] [--api-key KEY]\n' +
      '                                 [--webhook-url URL] [--client-id N] [--allow-origin https://app.example]...',
  );
  process.exit(0);
}

const num = (v, d) => (v === undefined || v === '' ? d : Number(v));
process.on('uncaughtException', (err) => console.error('[gcore-emulator] uncaught:', err));
process.on('unhandledRejection', (err) => console.error('[gcore-emulator] unhandled rejection:', err));

const apiPort = num(values['api-port'] ?? process.env.EMULATOR_API_PORT, 8080);
const uploadPort = num(values['upload-port'] ?? process.env.EMULATOR_UPLOAD_PORT, 8081);
let emu;
try {
  emu = await startEmulator({
    host: values.host ?? process.env.EMULATOR_HOST ?? '127.0.0.1',
    apiPort,
    uploadPort,
    dataDir: values['data-dir'] ?? process.env.EMULATOR_DATA_DIR ?? '.emulator',
    apiKey: values['api-key'] ?? (process.env.GCORE_API_KEY || undefined),
    allowOrigins: [...DEFAULT_ALLOW_ORIGINS, ...(values['allow-origin'] ?? [])],
    webhookUrl: values['webhook-url'] ?? (process.env.WEBHOOK_URL || undefined),
    clientId: num(values['client-id'] ?? process.env.EMULATOR_CLIENT_ID, undefined),
  });
} catch (err) {
  if (err?.code === 'EADDRINUSE') {
    console.error(portInUseMessage(err, { apiPort, uploadPort, command: 'npm run emulator --' }));
    process.exit(1);
  }
  throw err;
}

const keyLine =
  emu.apiKeySource === 'generated' || emu.apiKeySource === 'file'
    ? `${emu.apiKey}   (header "Authorization: APIKey ${emu.apiKey}"; ${emu.apiKeySource === 'generated' ? 'generated, ' : ''}kept in ${emu.apiKeyFile})`
    : `the one you gave (${emu.apiKeySource === 'env' ? 'GCORE_API_KEY' : '--api-key'})`;
console.log(`Gcore Video Streaming emulator
  API:      ${emu.apiOrigin}/streaming/videos
  Upload:   ${emu.uploadServer.endpoint}
  API key:  ${keyLine}
  CORS:     ${emu.allowOrigins.join(', ')}
  Client:   ${emu.clientId}
  Data:     ${emu.dataDir}
  Webhook:  ${emu.webhookUrl ?? '(none; set WEBHOOK_URL)'}`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await emu.close();
    process.exit(0);
  });
}
