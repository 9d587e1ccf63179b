// The local Gcore Video Streaming emulator: the API (create video, TUS session, get/list/delete, batch),
// the TUS upload server, real ffmpeg processing to HLS, webhooks and a persistent store.
//
//   const emu = await startEmulator({ apiPort: 0, uploadPort: 0, dataDir: tmp });
//   fetch(`${emu.apiOrigin}/streaming/videos`, { headers: { Authorization: `APIKey ${emu.apiKey}` } });
//   await emu.close();
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createApiServer } from './api.mjs';
import { present } from './model.mjs';
import { createProcessor } from './processor.mjs';
import { openStore } from './store.mjs';
import { DEFAULT_LADDER } from './transcoder.mjs';
import { createUploadServer } from './upload-server.mjs';
import { createWebhookSender } from './webhooks.mjs';

export { DEFAULT_LADDER } from './transcoder.mjs';
export const DEFAULT_CLIENT_ID = 2675;
/** The file in the data directory that keeps the generated API key across restarts. */
export const API_KEY_FILE = 'api-key';
/** Origins whose pages may call the API from a browser by default: the demo's (`npm start`). */
export const DEFAULT_ALLOW_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'];

/**
 * The API key when none is given: read from `<dataDir>/api-key`, or generated at random (first
 * start) and written there, readable by the owner only. There is no well-known default key.
 * @param {string} root
 * @returns {Promise<{key: string, file: string, generated: boolean}>}
 */
export async function persistedApiKey(root) {
  const file = path.join(root, API_KEY_FILE);
  try {
    const key = (await readFile(file, 'utf8')).trim();
    if (key) return { key, file, generated: false };
  } catch (err) {
    if (err?.code !== 'ENOENT') throw err;
  }
  const key = `emu_${randomBytes(24).toString('base64url')}`;
  await mkdir(root, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return { key, file, generated: true };
}

/**
 * @typedef {object} EmulatorOptions
 * @property {string} [host]              default 127.0.0.1
 * @property {number} [apiPort]           default 8080; 0 = any free port
 * @property {number} [uploadPort]        default 8081; 0 = any free port
 * @property {string} [dataDir]           default ".emulator" (store.json, uploads/, origin/, media/)
 * @property {string} [apiKey]            default $GCORE_API_KEY, else a random key kept in <dataDir>/api-key
 * @property {string[]} [allowOrigins]    origins allowed to call the API from a browser (CORS), default the demo's;
 *                                        requests with any other Origin are refused with 403
 * @property {string} [tokenSecret]       default: generated once and kept in the store
 * @property {number} [clientId]          default 2675
 * @property {string} [webhookUrl]        default $WEBHOOK_URL; POSTs {type:"video", message:{video}} on status changes
 * @property {{name: string, height: number}[]} [ladder]  default vod240p, vod360p, vod720p
 * @property {number} [pendingDelayMs]    extra time a video stays `pending` before transcoding starts (default 0)
 * @property {number} [renditionDelayMs]  pause after each finished rendition but the last (default 0), to watch `viewable`
 * @property {number} [downloadAttempts]  origin_url attempts (default 3, as Gcore)
 * @property {number} [downloadRetryDelayMs] default 1000
 * @property {number} [downloadTimeoutMs] per attempt, default 10 min
 * @property {number} [segmentSeconds]    HLS segment length, default 2
 * @property {number} [screenshotCount]   default 5 (as Gcore)
 * @property {number} [ffmpegThreads]     default 0 (ffmpeg decides)
 * @property {boolean} [quiet]            no logging
 * @property {(...a: unknown[]) => void} [log]  default console.log with a prefix
 */

/**
 * Starts the emulator.
 * @param {EmulatorOptions} [options]
 */
export async function startEmulator(options = {}) {
  const {
    host = '127.0.0.1',
    apiPort = 8080,
    uploadPort = 8081,
    dataDir = '.emulator',
    clientId = DEFAULT_CLIENT_ID,
    webhookUrl = process.env.WEBHOOK_URL || undefined,
    ladder = DEFAULT_LADDER,
    quiet = false,
  } = options;
  const log = options.log ?? (quiet ? () => {} : (...a) => console.log('[gcore-emulator]', ...a));
  const root = path.resolve(dataDir);
  const mediaRoot = path.join(root, 'media');
  const uploadsRoot = path.join(root, 'uploads');
  const originRoot = path.join(root, 'origin');
  const allowOrigins = [...new Set(options.allowOrigins ?? DEFAULT_ALLOW_ORIGINS)];
  let apiKey = options.apiKey ?? (process.env.GCORE_API_KEY || undefined);
  /** Where the key came from: "option" (given), "env" ($GCORE_API_KEY), "file" (kept from an earlier start), "generated". */
  let apiKeySource = options.apiKey !== undefined ? 'option' : apiKey ? 'env' : undefined;
  let apiKeyFile;
  if (!apiKey) {
    const persisted = await persistedApiKey(root);
    apiKey = persisted.key;
    apiKeyFile = persisted.file;
    apiKeySource = persisted.generated ? 'generated' : 'file';
  }

  const store = await openStore(root, { log });
  const tokenSecret = options.tokenSecret ?? store.tokenSecret;
  let apiOrigin = '';
  const webhooks = createWebhookSender({ url: webhookUrl, log });
  const processor = createProcessor({
    store,
    mediaRoot,
    originRoot,
    ladder,
    log,
    notify: (record) => webhooks.notify(present(record, apiOrigin)),
    timing: { pendingDelayMs: options.pendingDelayMs ?? 0, renditionDelayMs: options.renditionDelayMs ?? 0 },
    downloadAttempts: options.downloadAttempts,
    downloadRetryDelayMs: options.downloadRetryDelayMs,
    downloadTimeoutMs: options.downloadTimeoutMs,
    segmentSeconds: options.segmentSeconds,
    screenshotCount: options.screenshotCount,
    ffmpegThreads: options.ffmpegThreads,
  });

  const closers = [];
  try {
    const uploadServer = await createUploadServer({
      directory: uploadsRoot,
      secret: tokenSecret,
      host,
      port: uploadPort,
      checkUpload: (metadata) => processor.uploadRefusal(metadata.video_id),
      onUploadFinish: (upload) => {
        try {
          log(`video ${upload.metadata?.video_id}: upload ${upload.id} finished (${upload.size} bytes)`);
          processor.acceptUpload(upload);
        } catch (err) {
          log(`upload finish handling failed: ${err?.stack ?? err}`);
        }
      },
    });
    closers.push(() => uploadServer.close());
    const api = await createApiServer({
      host,
      port: apiPort,
      store,
      processor,
      apiKey,
      allowOrigins,
      clientId,
      tokenSecret,
      uploadServer,
      mediaRoot,
      uploadsRoot,
      originRoot,
      log,
    });
    closers.push(() => api.close());
    apiOrigin = api.origin;
    processor.resumeAll();

    let closed;
    return {
      apiOrigin,
      uploadOrigin: uploadServer.origin,
      uploadServer,
      apiKey,
      apiKeySource,
      /** `<dataDir>/api-key` when the key was generated or read from there. */
      apiKeyFile,
      allowOrigins,
      clientId,
      dataDir: root,
      webhookUrl,
      /** Webhook deliveries made so far and idle() (for tests). */
      webhooks,
      /** The store (for tests and tools): get(id), all(). */
      store,
      processor,
      /** Stops the servers and any ffmpeg; unfinished work resumes on the next start with the same dataDir. */
      close() {
        closed ??= (async () => {
          await Promise.allSettled(closers.reverse().map((c) => c()));
          await processor.close();
          let timer;
          await Promise.race([webhooks.idle(), new Promise((r) => (timer = setTimeout(r, 2000)))]);
          clearTimeout(timer);
          // Waits for writes in flight and stops writing: the data directory may be removed after this.
          await store.close();
        })();
        return closed;
      },
    };
  } catch (err) {
    await Promise.allSettled(closers.map((c) => c()));
    await processor.close();
    await store.close();
    throw err;
  }
}
