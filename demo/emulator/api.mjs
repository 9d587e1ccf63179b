// The Gcore Video Streaming API, emulated (paths and shapes of streaming-openapi.yaml): videos (create,
// list, get, PATCH with posters, delete, batch, upload session) and their subtitles (subtitles-api.mjs),
// plus the public media origin (media.mjs): /videos/{client_id}_{slug}/master.m3u8 and friends,
// without auth and with CORS "*".
// The API itself answers browsers only from `allowOrigins` (the demo's origin by default): a request
// carrying any other Origin is refused with 403, and CORS headers name only allowed origins.
import http from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createMediaHandler } from './media.mjs';
import { signUploadToken } from './token.mjs';
import { applyInput, mediaKey, newRecord, parsePosterDataUrl, pickFields, present, validateCreate } from './model.mjs';
import { removePosterFiles, writePoster } from './poster.mjs';
import { subtitlesRoute } from './subtitles-api.mjs';
const MAX_BODY = 64 * 1024 * 1024;
const BATCH_MAX = 500;
const STATUSES = ['empty', 'pending', 'viewable', 'ready', 'error'];

class HttpError extends Error {
  constructor(status, body) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
    this.status = status;
    this.body = typeof body === 'string' ? { status, error: body } : body;
  }
}

/** The API key of a request: `Authorization: APIKey <key>` (seed 001, SDKs) or `APIKey: <key>` (seed 004). */
function apiKeyOf(req) {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^\s*APIKey\s+(.+?)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const header = req.headers.apikey;
  return typeof header === 'string' ? header.trim() : null;
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request body exceeds 64 MB');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `Invalid JSON body: ${err.message}`);
  }
}

/**
 * @param {object} o
 * @param {string} o.host
 * @param {number} o.port
 * @param {Awaited<ReturnType<typeof import('./store.mjs').openStore>>} o.store
 * @param {ReturnType<typeof import('./processor.mjs').createProcessor>} o.processor
 * @param {string} o.apiKey
 * @param {string[]} [o.allowOrigins]  origins whose pages may call the API (CORS); others get 403
 * @param {number} o.clientId
 * @param {string} o.tokenSecret
 * @param {{hostname: string}} o.uploadServer
 * @param {string} o.mediaRoot
 * @param {string} o.uploadsRoot
 * @param {string} o.originRoot
 * @param {(...a: unknown[]) => void} o.log
 */
export async function createApiServer({ host, port, store, processor, apiKey, allowOrigins = [], clientId, tokenSecret, uploadServer, mediaRoot, uploadsRoot, originRoot, log }) {
  let origin = '';
  const show = (r, o) => present(r, origin, o);
  const media = createMediaHandler({ store, mediaRoot });

  function send(res, status, body, headers = {}) {
    if (res.headersSent) return res.end();
    if (body === undefined) {
      res.writeHead(status, headers).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  const allowed = new Set(allowOrigins.map((o) => String(o).replace(/\/+$/, '').toLowerCase()));

  /** CORS headers for an allowed Origin; nothing for other origins (and no "*": the API takes a key). */
  function corsHeaders(req) {
    const o = req.headers.origin;
    if (typeof o !== 'string' || !allowed.has(o.toLowerCase())) return { Vary: 'Origin' };
    return {
      'Access-Control-Allow-Origin': o,
      'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, APIKey, Content-Type',
      'Access-Control-Expose-Headers': 'X-Total-Count',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  }

  /** A browser request from a page whose origin is not allowed. */
  const foreignOrigin = (req) => typeof req.headers.origin === 'string' && !allowed.has(req.headers.origin.toLowerCase());

  const getVideo = (id) => {
    const r = /^\d+$/.test(id) ? store.get(Number(id)) : undefined;
    if (!r) throw new HttpError(404, `Video ${id} not found`);
    return r;
  };

  async function createOne(input, { allowSubtitles = false } = {}) {
    const id = store.nextVideoId();
    const record = newRecord({ id, clientId, input });
    if (allowSubtitles && Array.isArray(input.subtitles)) {
      record._subtitles = input.subtitles.map((s) => ({ id: store.nextSubtitleId(), rev: 0, name: s.name ?? s.language, language: s.language, vtt: s.vtt }));
    }
    const poster = input.poster ? parsePosterDataUrl(input.poster) : null;
    if (poster) Object.assign(record, await writePoster({ mediaRoot, record, poster }));
    store.insert(record);
    log(`video ${id}: created "${record.name}"${record.origin_url ? ` from ${record.origin_url}` : ''}`);
    if (record.origin_url) processor.startDownload(id);
    return record;
  }

  async function deleteFiles(record) {
    await rm(path.join(mediaRoot, mediaKey(record)), { recursive: true, force: true });
    await rm(path.join(originRoot, String(record.id)), { force: true });
    await rm(path.join(originRoot, `${record.id}.part`), { force: true });
    for (const u of record._uploads ?? []) {
      await rm(path.join(uploadsRoot, u), { force: true });
      await rm(path.join(uploadsRoot, `${u}.json`), { force: true });
    }
  }

  /** The /streaming API (authenticated). */
  async function api(req, res, url) {
    const parts = url.pathname.replace(/\/+$/, '').split('/').filter(Boolean); // ['streaming','videos',...]
    const method = req.method;
    if (parts[0] !== 'streaming' || parts[1] !== 'videos') throw new HttpError(404, `No route for ${method} ${url.pathname}`);
    const allow = (...methods) => {
      if (!methods.includes(method)) throw new HttpError(405, `Method ${method} not allowed on ${url.pathname}`);
    };

    // /streaming/videos
    if (parts.length === 2) {
      allow('GET', 'POST');
      if (method === 'POST') {
        const body = await readJson(req);
        const input = body && typeof body === 'object' && !Array.isArray(body) ? body.video : undefined;
        const checked = validateCreate(input);
        if (checked.errors) return send(res, 422, { errors: checked.errors });
        const record = await createOne(checked.value);
        // The spec and seed 004 answer an array of videoDetails.
        return send(res, 200, [show(record)]);
      }
      const q = url.searchParams;
      let list = store.all().reverse();
      if (q.get('id')) {
        const ids = new Set(q.get('id').split(',').map((s) => s.trim()));
        list = list.filter((r) => ids.has(String(r.id)));
      }
      if (q.get('status')) {
        const wanted = q.get('status').split(',').map((s) => s.trim());
        if (wanted.some((s) => !STATUSES.includes(s))) throw new HttpError(400, `Unknown status ${q.get('status')}`);
        list = list.filter((r) => wanted.includes(r.status));
      }
      if (q.get('search')) {
        const s = q.get('search');
        const lower = s.toLowerCase();
        list = list.filter((r) => String(r.id) === s || r.slug === s || r.name.toLowerCase().includes(lower));
      }
      if (q.get('client_user_id')) list = list.filter((r) => String(r.client_user_id) === q.get('client_user_id'));
      if (q.get('stream_id')) list = list.filter((r) => String(r.stream_id) === q.get('stream_id'));
      const total = list.length;
      const perPage = Math.min(1000, Math.max(1, Number.parseInt(q.get('per_page') ?? '25', 10) || 25));
      const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
      list = list.slice((page - 1) * perPage, page * perPage);
      return send(res, 200, list.map((r) => pickFields(show(r, { details: false }), q.get('fields'))), { 'X-Total-Count': String(total) });
    }

    // /streaming/videos/batch
    if (parts.length === 3 && parts[2] === 'batch') {
      allow('POST');
      const body = await readJson(req);
      const videos = body && typeof body === 'object' ? body.videos : undefined;
      if (!Array.isArray(videos)) throw new HttpError(400, '"videos" must be an array of videos');
      if (videos.length === 0) throw new HttpError(400, '"videos" must not be empty');
      if (videos.length > BATCH_MAX) throw new HttpError(400, `Batch max size = ${BATCH_MAX} videos; got ${videos.length}`);
      // All are checked before any is created.
      for (const v of videos) {
        const checked = validateCreate(v);
        if (checked.errors) return send(res, 422, { errors: checked.errors });
      }
      const created = [];
      for (const v of videos) created.push(await createOne(v, { allowSubtitles: true }));
      return send(res, 200, created.map((r) => pickFields(show(r), url.searchParams.get('fields'))));
    }

    const record = getVideo(parts[2]);
    // /streaming/videos/{id}
    if (parts.length === 3) {
      allow('GET', 'PATCH', 'DELETE');
      if (method === 'GET') return send(res, 200, show(record));
      if (method === 'PATCH') {
        const body = await readJson(req);
        const input = body && typeof body === 'object' && !Array.isArray(body) ? (body.video ?? body) : {};
        const checked = validateCreate({ name: record.name, ...input });
        if (checked.errors) return send(res, 422, { errors: checked.errors });
        // The poster's image is stored and served; `poster` and `poster_thumb` are its URLs.
        let posterFields = null;
        if (typeof input.poster === 'string') posterFields = await writePoster({ mediaRoot, record, poster: parsePosterDataUrl(input.poster) });
        else if (input.remove_poster === true) {
          await removePosterFiles(mediaRoot, record);
          posterFields = { _poster: null, _posterThumb: null };
        }
        const updated = store.update(record.id, (r) => {
          applyInput(r, checked.value);
          if (posterFields) Object.assign(r, posterFields);
          r.updated_at = new Date().toISOString();
        });
        return send(res, 200, show(updated));
      }
      store.remove(record.id);
      await processor.forget(record.id);
      await deleteFiles(record);
      log(`video ${record.id}: deleted`);
      return send(res, 204);
    }
    // /streaming/videos/{id}/upload
    if (parts.length === 4 && parts[3] === 'upload') {
      allow('GET');
      const token = signUploadToken({ videoId: record.id, clientId: record.client_id, secret: tokenSecret });
      return send(res, 200, {
        servers: [{ id: 561, role: 'upload', hostname: uploadServer.hostname, active: true, ssl: false }],
        token,
        video: show(record),
      });
    }
    // /streaming/videos/{id}/subtitles[/{subtitle_id}]
    if ((parts.length === 4 || parts.length === 5) && parts[3] === 'subtitles') {
      allow('GET', 'POST', 'PATCH', 'DELETE');
      const readBody = async () => {
        const body = await readJson(req);
        return body && typeof body === 'object' && !Array.isArray(body) ? body : {};
      };
      const result = await subtitlesRoute({ method, subtitleId: parts[4], record, readBody, store, mediaRoot, log });
      return send(res, result.status, result.body);
    }
    throw new HttpError(404, `No route for ${method} ${url.pathname}`);
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname.startsWith('/videos/')) return media(req, res, url);
    const cors = corsHeaders(req);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    if (foreignOrigin(req)) {
      req.resume();
      throw new HttpError(403, `Origin ${req.headers.origin} is not allowed (start the emulator with --allow-origin ${req.headers.origin})`);
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (url.pathname === '/' || url.pathname === '/health') {
      return send(res, 200, { emulator: 'gcore-video-streaming', api: `${origin}/streaming/videos`, upload: `http://${uploadServer.hostname}/upload/` });
    }
    if (!url.pathname.startsWith('/streaming/')) throw new HttpError(404, `No route for ${req.method} ${url.pathname}`);
    const key = apiKeyOf(req);
    if (!key || key !== apiKey) {
      req.resume();
      throw new HttpError(401, key ? 'Invalid API key' : 'Missing API key: send "Authorization: APIKey <key>"');
    }
    return api(req, res, url);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (err instanceof HttpError) return send(res, err.status, err.body);
      log(`api: ${req.method} ${req.url} failed: ${err?.stack ?? err}`);
      send(res, 500, { status: 500, error: 'Internal emulator error' });
    }).catch(() => res.destroy());
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  origin = `http://${host}:${server.address().port}`;

  return {
    origin,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
