// A web-test-runner plugin that serves real HLS (made by ffmpeg, see hls-fixture.mjs) from its own
// node:http server on 127.0.0.1: another origin than the page, like Gcore's CDN, with CORS and HLS MIME types.
// Server commands:
//   'hls-make'          {renditions?, listed?, seconds?} → {id, masterUrl, renditions, listed}
//   'hls-add-rendition' {id, name}                       → {masterUrl, listed}   (lists one more variant)
//   'hls-requests'      {id?}                            → [{method, url, status}] served so far
//   'hls-info'                                           → {origin}
import http from 'node:http';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeHls } from './hls-fixture.mjs';

const TYPES = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
};

export function hlsPlugin() {
  let root;
  let server;
  let origin;
  let nextId = 1;
  const videos = new Map();
  const requests = [];

  async function handle(req, res) {
    const headers = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': '*',
      'Cache-Control': 'no-cache',
    };
    const url = new URL(req.url, origin);
    const entry = { method: req.method, url: url.pathname, status: 200 };
    requests.push(entry);
    if (req.method === 'OPTIONS') {
      entry.status = 204;
      res.writeHead(204, headers);
      return res.end();
    }
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    let info;
    if (file.startsWith(root + path.sep)) info = await stat(file).catch(() => null);
    if (!info?.isFile() || (req.method !== 'GET' && req.method !== 'HEAD')) {
      entry.status = 404;
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  }

  return {
    name: 'gcore-hls-server',
    async serverStart() {
      root = await mkdtemp(path.join(os.tmpdir(), 'gcore-hls-'));
      server = http.createServer((req, res) => {
        handle(req, res).catch((err) => {
          if (!res.headersSent) res.writeHead(500, { 'Access-Control-Allow-Origin': '*' });
          res.end(String(err));
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      origin = `http://127.0.0.1:${server.address().port}`;
    },
    async serverStop() {
      server?.closeAllConnections?.();
      if (server) await new Promise((resolve) => server.close(resolve));
      if (root) await rm(root, { recursive: true, force: true });
    },
    async executeCommand({ command, payload = {} }) {
      switch (command) {
        case 'hls-make': {
          const id = `v${nextId++}`;
          const hls = await makeHls(path.join(root, id), payload ?? {});
          videos.set(id, hls);
          return {
            id,
            masterUrl: `${origin}/${id}/master.m3u8`,
            renditions: hls.renditions.map(({ name, width, height, bandwidth }) => ({ name, width, height, bandwidth })),
            listed: hls.listed,
          };
        }
        case 'hls-add-rendition': {
          const hls = videos.get(payload.id);
          if (!hls) throw new Error(`hls-add-rendition: no video ${payload.id}`);
          const names = hls.listed.includes(payload.name) ? hls.listed : [...hls.listed, payload.name];
          const listed = await hls.list(names);
          return { masterUrl: `${origin}/${payload.id}/master.m3u8`, listed };
        }
        case 'hls-requests':
          return payload?.id ? requests.filter((r) => r.url.startsWith(`/${payload.id}/`)) : requests;
        case 'hls-info':
          return { origin };
        default:
          return undefined;
      }
    },
  };
}
