// Gcore's TUS upload server, emulated: a real @tus/server with @tus/file-store that checks the token,
// the video and the client at creation and answers with Gcore's status codes and texts (seed 001).
// It listens on its own origin, so a page elsewhere uploads through CORS as it does against Gcore.
//
// Tests and the benchmark drive it through `faults` (answer a request with a status, delay it),
// `stats` (what was received) and `restart()`.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { Server, EVENTS } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { checkUploadMetadata } from './token.mjs';

const TUS_HEADERS =
  'Authorization, Content-Type, Location, Tus-Extension, Tus-Max-Size, Tus-Resumable, Tus-Version, ' +
  'Upload-Concat, Upload-Defer-Length, Upload-Length, Upload-Metadata, Upload-Offset, X-HTTP-Method-Override, X-Requested-With';

/**
 * @param {object} options
 * @param {string} options.directory   where uploads are stored
 * @param {string} options.secret      the secret upload tokens are signed with
 * @param {string} [options.host]      default 127.0.0.1
 * @param {number} [options.port]      default 0 (any free port)
 * @param {(upload: {id: string, metadata: Record<string,string>, size: number, file: string}) => void} [options.onUploadFinish]
 * @param {(metadata: Record<string,string>) => (null | undefined | {status?: number, body: string}) | Promise<null | undefined | {status?: number, body: string}>} [options.checkUpload]
 *   an extra check at creation, after the token's: a refusal answers with its status (default 405) and body
 */
export async function createUploadServer({ directory, secret, host = '127.0.0.1', port = 0, onUploadFinish, checkUpload } = {}) {
  await mkdir(directory, { recursive: true });
  const tus = new Server({
    path: '/upload',
    datastore: new FileStore({ directory }),
    async onUploadCreate(_req, upload) {
      const problem = checkUploadMetadata(upload.metadata ?? {}, secret);
      if (problem) throw { status_code: 500, body: problem };
      const refusal = await checkUpload?.(upload.metadata ?? {});
      if (refusal) throw { status_code: refusal.status ?? 405, body: refusal.body };
      return {};
    },
    async onUploadFinish(_req, upload) {
      stats.finished.push(upload.id);
      stats.finishedAt[upload.id] = Date.now();
      onUploadFinish?.({ id: upload.id, metadata: upload.metadata ?? {}, size: upload.size, file: path.join(directory, upload.id) });
      return {};
    },
  });

  /**
   * Faults waiting for the request they match: {method?, skip?, status?, body?, delayMs?, truncateTo?, times,
   * resetConnection?, hold?}. `skip`: that many matching requests pass first; `truncateTo`: the upload keeps only its
   * first bytes (a server that lost data) before the request is answered or cut; `hold`: the request waits until
   * `release()` (or `hold` ms), so a test can act while it is in flight, and is dropped if the client gave it up.
   */
  const faults = [];
  /** What lets each held request go on. */
  const held = new Set();
  // patchBytes: the declared bodies of the PATCHes the server answered; receivedBytes: what PATCHes brought
  // over the wire, a cut one's part included (their connections' bytes, so their headers too).
  const stats = { requests: [], created: [], finished: [], finishedAt: {}, patchBytes: 0, receivedBytes: 0 };
  /** Per connection: its bytes read when its last request ended. */
  const readUntil = new WeakMap();
  tus.on(EVENTS.POST_CREATE, (_req, upload) => stats.created.push({ id: upload.id, metadata: upload.metadata, t: Date.now() }));

  const handle = async (req, res) => {
    const entry = { t: Date.now(), method: req.headers['x-http-method-override'] ?? req.method, url: req.url, length: Number(req.headers['content-length'] ?? 0) };
    stats.requests.push(entry);
    // A connection's bytes since its last request ended (its headers and body) count for this request.
    const { socket } = req;
    req.once('close', () => {
      if (entry.method === 'PATCH') stats.receivedBytes += socket.bytesRead - (readUntil.get(socket) ?? 0);
      readUntil.set(socket, socket.bytesRead);
    });
    if (!req.url.startsWith('/upload')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    const fault = takeFault(entry.method);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hold) {
      await new Promise((r) => {
        const timer = setTimeout(r, fault.hold);
        held.add(() => (clearTimeout(timer), r()));
      });
      // The client gave the request up while it waited (a pause aborts its PATCH): nothing to answer.
      if (socket.destroyed) return;
    }
    if (fault?.truncateTo !== undefined) await truncate(path.join(directory, path.basename(req.url.split('?')[0])), fault.truncateTo);
    if (fault?.resetConnection) {
      socket.destroy();
      return;
    }
    if (fault?.status) {
      req.resume();
      res.writeHead(fault.status, {
        'Access-Control-Allow-Origin': req.headers.origin ?? '*',
        'Access-Control-Expose-Headers': TUS_HEADERS,
        'Tus-Resumable': '1.0.0',
        'Content-Type': 'text/plain',
        ...(fault.headers ?? {}),
      });
      res.end(fault.body ?? '');
      entry.status = fault.status;
      return;
    }
    await tus.handle(req, res);
    entry.status = res.statusCode;
    // Bytes the client sent in PATCH bodies (re-sent bytes included): what resuming costs.
    if (entry.method === 'PATCH') stats.patchBytes += entry.length;
  };

  function takeFault(method) {
    const i = faults.findIndex((f) => !f.method || f.method === method);
    if (i < 0) return undefined;
    const fault = faults[i];
    if (fault.skip > 0) {
      fault.skip--;
      return undefined;
    }
    if (--fault.times <= 0) faults.splice(i, 1);
    return fault;
  }

  function release() {
    for (let i = faults.length - 1; i >= 0; i--) if (faults[i].hold) faults.splice(i, 1);
    for (const go of held) go();
    held.clear();
  }

  let server;
  let boundPort = port;
  const sockets = new Set();
  async function listen() {
    server = http.createServer((req, res) => {
      handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err?.message ?? err));
      });
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(boundPort, host, resolve);
    });
    boundPort = server.address().port;
  }
  async function close() {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(() => resolve()));
  }
  await listen();

  return {
    get hostname() {
      return `${host}:${boundPort}`;
    },
    get origin() {
      return `http://${host}:${boundPort}`;
    },
    get endpoint() {
      return `http://${host}:${boundPort}/upload/`;
    },
    faults,
    stats,
    /** Queues a fault for the next request(s) of `method` (any method when omitted). */
    inject(fault) {
      faults.push({ times: 1, ...fault });
    },
    /** Lets every held request go on, and drops holds not yet taken. */
    release,
    resetStats() {
      release();
      faults.length = 0;
      stats.requests.length = 0;
      stats.created.length = 0;
      stats.finished.length = 0;
      for (const id of Object.keys(stats.finishedAt)) delete stats.finishedAt[id];
      stats.patchBytes = 0;
      stats.receivedBytes = 0;
    },
    /** Drops every connection and listens again on the same port; stored uploads survive. */
    async restart({ downMs = 0 } = {}) {
      await close();
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      await listen();
    },
    /** SHA-256 (hex) and size of what the server holds for an upload id. */
    async digest(id) {
      const file = path.join(directory, id);
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of createReadStream(file)) {
        hash.update(chunk);
        size += chunk.length;
      }
      const info = JSON.parse(await readFile(`${file}.json`, 'utf8'));
      return { sha256: hash.digest('hex'), size, metadata: info.metadata ?? {}, complete: info.size === size };
    },
    /** Drops what an upload holds past `size` bytes, as a server that lost data would. */
    async truncate(id, size) {
      await truncate(path.join(directory, id), size);
    },
    close,
  };
}
