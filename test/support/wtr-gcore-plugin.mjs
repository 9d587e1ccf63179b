// A web-test-runner plugin that runs Gcore's upload side for the browser tests: a real @tus/server
// on its own origin (127.0.0.1, another port than the page), upload sessions signed like Gcore's,
// and server commands to inject faults, restart the server and read back what it received.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createUploadServer } from '../../demo/emulator/upload-server.mjs';
import { signUploadToken } from '../../demo/emulator/token.mjs';

export const TEST_SECRET = 'wtr-upload-secret';

export function gcorePlugin() {
  let dir;
  let upload;
  let nextVideoId = 1000;
  return {
    name: 'gcore-test-server',
    async serverStart() {
      dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-wtr-'));
      upload = await createUploadServer({ directory: dir, secret: TEST_SECRET });
    },
    async serverStop() {
      await upload?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload = {} }) {
      switch (command) {
        case 'gcore-session': {
          // A response of GET /streaming/videos/{id}/upload, as Gcore shapes it (seed 001).
          const videoId = payload.videoId ?? nextVideoId++;
          const clientId = payload.clientId ?? 7;
          const claims = payload.tokenFor ?? { videoId, clientId };
          const token =
            payload.token !== undefined
              ? payload.token
              : signUploadToken({ ...claims, secret: TEST_SECRET, ttlSeconds: payload.ttlSeconds });
          const servers = (payload.hostnames ?? [upload.hostname]).map((hostname, i) => ({
            id: 500 + i,
            role: 'upload',
            hostname,
            active: true,
            ssl: false,
          }));
          return {
            servers,
            token,
            video: { id: videoId, client_id: clientId, name: payload.name ?? 'test video', status: 'empty', slug: `slug${videoId}` },
          };
        }
        case 'tus-info':
          return { hostname: upload.hostname, endpoint: upload.endpoint, origin: upload.origin };
        case 'tus-inject':
          upload.inject(payload);
          return true;
        case 'tus-reset':
          upload.resetStats();
          return true;
        case 'tus-stats':
          return upload.stats;
        case 'tus-restart':
          await upload.restart(payload);
          return true;
        case 'tus-digest':
          return upload.digest(payload.id);
        default:
          return undefined;
      }
    },
  };
}
