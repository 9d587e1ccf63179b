// Shared helpers of the emulator's node tests (not a test file itself).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { startEmulator } from '../../../demo/emulator/index.mjs';
import { FFMPEG_PATH } from '../../../demo/emulator/probe.mjs';

/** Starts an emulator on free ports with a fresh temp data dir; `t.after` closes it and removes the dir. */
export async function withEmulator(t, options = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-test-')));
  const emu = await startEmulator({ apiPort: 0, uploadPort: 0, quiet: !process.env.EMU_LOG, dataDir, apiKey: 'test-key', ...options });
  t.after(async () => {
    await emu.close();
    if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return emu;
}

/** fetch → {status, body (parsed JSON, else the text), text, headers}; a `body` is sent as JSON. */
export async function fetchJson(url, { method = 'GET', body, raw, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined || raw !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

/** Calls the emulator's API with its key; resolves with {status, body, headers}. */
export function call(emu, method, pathname, { body, raw, headers = {}, key = emu.apiKey } = {}) {
  return fetchJson(`${emu.apiOrigin}${pathname}`, { method, body, raw, headers: { ...(key ? { Authorization: `APIKey ${key}` } : {}), ...headers } });
}

/** Creates a video and returns its upload session (GET /upload). */
export async function createSession(emu, name = 'test video') {
  const created = await call(emu, 'POST', '/streaming/videos', { body: { video: { name } } });
  if (created.status !== 200) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const video = created.body[0];
  const session = await call(emu, 'GET', `/streaming/videos/${video.id}/upload`);
  return session.body;
}

/**
 * Uploads `data` (Buffer) with tus-js-client as the widget does (seed 001 metadata).
 * Resolves {ok: true, url} or {ok: false, status, body, error}.
 */
export function tusUpload(session, data, { metadata = {}, filename = 'clip.mp4', filetype = 'video/mp4', chunkSize } = {}) {
  return new Promise((resolve) => {
    const server = session.servers[0];
    const upload = new tus.Upload(data, {
      endpoint: `${server.ssl ? 'https' : 'http'}://${server.hostname}/upload/`,
      ...(chunkSize ? { chunkSize } : {}),
      retryDelays: null,
      metadata: {
        filename,
        filetype,
        token: session.token,
        video_id: String(session.video.id),
        client_id: String(session.video.client_id),
        ...metadata,
      },
      onError(error) {
        const res = /** @type {any} */ (error).originalResponse;
        resolve({ ok: false, status: res?.getStatus(), body: res?.getBody(), error });
      },
      onSuccess() {
        resolve({ ok: true, url: upload.url });
      },
    });
    upload.start();
  });
}

/** Polls GET /streaming/videos/{id} every `intervalMs` until `until(video)`; returns {video, statuses}. */
export async function pollVideo(emu, id, until, { intervalMs = 200, timeoutMs = 45_000 } = {}) {
  const statuses = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body: video } = await call(emu, 'GET', `/streaming/videos/${id}`);
    if (statuses.at(-1) !== video.status) statuses.push(video.status);
    if (until(video)) return { video, statuses };
    if (Date.now() > deadline) throw new Error(`timed out; statuses ${statuses.join(' → ')}; last ${JSON.stringify(video)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const clipCache = new Map();
/** A tiny generated clip (testsrc + sine), cached per process. */
export async function makeClip({ width = 640, height = 360, seconds = 2, audio = true, fadeIn = 0 } = {}) {
  const key = `${width}x${height}_${seconds}_${audio}${fadeIn ? `_fade${fadeIn}` : ''}`;
  if (clipCache.has(key)) return clipCache.get(key);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-clip-'));
  const file = path.join(dir, `clip_${key}.mp4`);
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=25:duration=${seconds}`];
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`);
  if (fadeIn) args.push('-vf', `fade=t=in:st=0:d=${fadeIn}`); // from black, as many edited videos start
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (audio) args.push('-c:a', 'aac', '-shortest');
  args.push(file);
  const r = spawnSync(FFMPEG_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0 || !existsSync(file)) throw new Error(`ffmpeg failed: ${r.stderr}`);
  clipCache.set(key, file);
  process.once('exit', () => spawnSync('rm', ['-rf', dir]));
  return file;
}

/** A non-video file. */
export async function makeTextFile() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-txt-'));
  const file = path.join(dir, 'notes.txt');
  await writeFile(file, 'this is not a video\n'.repeat(100));
  process.once('exit', () => spawnSync('rm', ['-rf', dir]));
  return file;
}

const imageCache = new Map();
/** A real image made with ffmpeg (testsrc frame): `format` jpg or png; resolves its bytes. */
export async function makeImage({ format = 'jpg', width = 320, height = 180 } = {}) {
  const key = `${format}_${width}x${height}`;
  if (imageCache.has(key)) return imageCache.get(key);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gcore-emu-img-'));
  const file = path.join(dir, `image.${format}`);
  const r = spawnSync(FFMPEG_PATH, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=1`, '-frames:v', '1', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0 || !existsSync(file)) throw new Error(`ffmpeg failed: ${r.stderr}`);
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(file);
  await rm(dir, { recursive: true, force: true });
  imageCache.set(key, bytes);
  return bytes;
}

/** `bytes` as a data URL of `type` (RFC 2397), as a poster is sent. */
export const dataUrl = (bytes, type = 'image/jpeg') => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

/** The height of a JPEG or PNG (from its SOF / IHDR), or null. */
export function imageHeight(bytes) {
  const b = Buffer.from(bytes);
  if (b[0] === 0x89 && b.subarray(1, 4).toString('latin1') === 'PNG') return b.readUInt32BE(20);
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    const length = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return b.readUInt16BE(i + 5);
    i += 2 + length;
  }
  return null;
}
