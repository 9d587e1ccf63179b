// The public media origin of the emulator: /videos/{client_id}_{slug}/master.m3u8, its renditions and
// segments, the MP4s, screenshots, posters and subtitles, and iframe_url's player page; no auth, CORS "*".
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mediaKey } from './model.mjs';

const require = createRequire(import.meta.url);

const MIME = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.vtt': 'text/vtt; charset=utf-8',
};

/**
 * The media handler `(req, res, url)` of a store.
 * @param {{store: {all(): any[]}, mediaRoot: string}} o
 */
export function createMediaHandler({ store, mediaRoot }) {
  /** The public media of a video (no auth), CORS "*". */
  async function media(req, res, url) {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'Range',
      'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
    };
    const notFound = () => {
      res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' }).end('Not found\n');
    };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, cors).end();
    const m = /^\/videos\/(\d+)_([A-Za-z0-9]+)(\/.*)?$/.exec(url.pathname);
    if (!m) return notFound();
    const record = store.all().find((r) => String(r.client_id) === m[1] && r.slug === m[2]);
    if (!record) return notFound();
    const rest = decodeURIComponent(m[3] ?? '/');
    if (rest === '/' || rest === '') return player(res, record, cors);
    if (rest === '/_hls.min.js') return file(req, res, require.resolve('hls.js').replace(/hls\.js$/, 'hls.min.js'), cors, 'text/javascript');
    const dir = path.join(mediaRoot, mediaKey(record));
    const target = path.resolve(dir, `.${rest}`);
    if (!target.startsWith(dir + path.sep) || path.basename(target).endsWith('.tmp') || target.endsWith('.part.mp4')) return notFound();
    const type = MIME[path.extname(target).toLowerCase()];
    if (!type) return notFound();
    return file(req, res, target, cors, type, rest.endsWith('.m3u8') ? 'no-cache' : 'public, max-age=3600');
  }

  async function file(req, res, target, cors, type, cacheControl = 'no-cache') {
    let st;
    try {
      st = await stat(target);
      if (!st.isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    const headers = { ...cors, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': cacheControl, 'Last-Modified': st.mtime.toUTCString() };
    let start = 0;
    let end = st.size - 1;
    let status = 200;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && st.size > 0) {
      if (range[1] === '') {
        start = Math.max(0, st.size - Number(range[2]));
      } else {
        start = Number(range[1]);
        if (range[2] !== '') end = Math.min(end, Number(range[2]));
      }
      if (start > end || start >= st.size) {
        res.writeHead(416, { ...cors, 'Content-Range': `bytes */${st.size}` }).end();
        return;
      }
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
    }
    headers['Content-Length'] = String(st.size === 0 ? 0 : end - start + 1);
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || st.size === 0) return void res.end();
    const stream = createReadStream(target, { start, end });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /** iframe_url: a minimal player page (hls.js served from node_modules). */
  function player(res, record, cors) {
    const title = record.name.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const html = `<!doctype html><meta charset="utf-8"><title>${title}</title>
  <style>html,body{margin:0;height:100%;background:#000}video{width:100%;height:100%}</style>
  <video id="v" controls playsinline></video>
  <script src="_hls.min.js"></script>
  <script>
  const v = document.getElementById('v'), src = 'master.m3u8';
  if (window.Hls && Hls.isSupported()) { const h = new Hls(); h.loadSource(src); h.attachMedia(v); }
  else v.src = src;
  </script>`;
    res.writeHead(200, { ...cors, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(html);
  }

  return media;
}
