// A shaped link in userspace (no netem, no root): TCP proxies between the browser and local servers
// that behave like one network path of a given round-trip time and rate.
//
//   const link = createLink({ rttMs: 40, mbit: 100 });
//   const tus = await link.forward({ port: tusPort });   // → { host, port, hostname: '127.0.0.1:…' }
//   … the browser talks to tus.hostname …
//   await link.drop(3000);                                // every connection cut, new ones refused, 3 s
//   link.stats                                            // bytes each way, connections, drops
//
// The model, per direction (client → server is "up", server → client is "down"):
// - one bottleneck shared by every connection of the link (all `forward()`s): bytes are serialized
//   at `mbit` in arrival order (a token bucket with no burst), then delayed by RTT / 2;
// - a bounded queue in front of the bottleneck (default one bandwidth-delay product, at least 64 KiB):
//   when the bytes waiting to be serialized exceed it, the sending socket is paused, so TCP's own
//   back-pressure holds the sender as a link's full buffer would, instead of an infinite queue;
// - a new connection's first bytes wait one more RTT (the TCP handshake the loopback skipped).
// Not modelled: loss, reordering, and TCP's congestion control over the long path (the browser's TCP
// ends at this proxy, on loopback; its socket buffers add a few MB the browser counts as sent).
import net from 'node:net';

const KiB = 1024;

/**
 * @param {object} options
 * @param {number} options.rttMs        round-trip time in ms (each direction waits rttMs / 2)
 * @param {number} options.mbit         rate in Mbit/s (10^6 bit/s) each direction
 * @param {number} [options.bufferBytes] the queue in front of the bottleneck; default max(64 KiB, rate × RTT)
 * @param {string} [options.name]
 */
export function createLink({ rttMs, mbit, bufferBytes, name = `${rttMs}ms/${mbit}Mbit` }) {
  if (!(rttMs >= 0) || !(mbit > 0)) throw new TypeError(`createLink: bad link ${rttMs} ms / ${mbit} Mbit`);
  const bytesPerMs = (mbit * 1e6) / 8 / 1000;
  const oneWayMs = rttMs / 2;
  const limit = bufferBytes ?? Math.max(64 * KiB, Math.round(bytesPerMs * rttMs));
  const directions = { up: { busyUntil: 0, waiting: new Set() }, down: { busyUntil: 0, waiting: new Set() } };
  const servers = new Set();
  const connections = new Set();
  let down = false;
  let downUntil = 0;
  const stats = freshStats();
  /** Bytes-delivered-upstream triggers: {bytes, fn}. */
  const triggers = [];

  function freshStats() {
    return { upAccepted: 0, upDelivered: 0, downAccepted: 0, downDelivered: 0, connections: 0, connectionsAfterDrop: 0, refused: 0, drops: 0, lostBytes: 0 };
  }

  /** Bytes waiting for the bottleneck in one direction (not yet serialized). */
  const backlog = (dir, now) => Math.max(0, dir.busyUntil - now) * bytesPerMs;

  /** One direction of one connection: reads `src`, delivers to `dst` on the link's schedule. */
  function pipe(conn, dirName, src, dst, notBefore) {
    const dir = directions[dirName];
    const queue = []; // {buf | null (end), at}
    let timer = null;
    let ended = false;
    const side = { queue, src, paused: false, notBefore };

    const schedule = () => {
      if (timer || queue.length === 0) return;
      timer = setTimeout(flush, Math.max(0, queue[0].at - performance.now()));
    };
    const flush = () => {
      timer = null;
      const now = performance.now();
      while (queue.length && queue[0].at <= now + 0.5) {
        const item = queue.shift();
        if (dst.destroyed) continue;
        if (item.buf === null) {
          dst.end();
          continue;
        }
        dst.write(item.buf);
        if (dirName === 'up') {
          stats.upDelivered += item.buf.length;
          fire();
        } else stats.downDelivered += item.buf.length;
      }
      schedule();
    };
    const enqueue = (buf) => {
      const now = performance.now();
      const serialized = Math.max(now, dir.busyUntil) + (buf ? buf.length / bytesPerMs : 0);
      if (buf) dir.busyUntil = serialized;
      // Bytes sent before the handshake is over wait for it (without holding the bottleneck).
      queue.push({ buf, at: Math.max(serialized, side.notBefore) + oneWayMs });
      schedule();
    };
    src.on('data', (buf) => {
      if (dirName === 'up') stats.upAccepted += buf.length;
      else stats.downAccepted += buf.length;
      enqueue(buf);
      if (backlog(dir, performance.now()) > limit && !side.paused) {
        side.paused = true;
        src.pause();
        dir.waiting.add(side);
        wake(dir);
      }
    });
    src.on('end', () => {
      if (!ended) (ended = true), enqueue(null);
    });
    side.clear = () => {
      clearTimeout(timer);
      timer = null;
      for (const item of queue) if (item.buf) stats.lostBytes += item.buf.length;
      queue.length = 0;
      dir.waiting.delete(side);
    };
    return side;
  }

  /** Resumes paused senders once the direction's queue is down to half the buffer. */
  function wake(dir) {
    if (dir.timer) return;
    const now = performance.now();
    const ms = Math.max(1, dir.busyUntil - limit / 2 / bytesPerMs - now);
    dir.timer = setTimeout(() => {
      dir.timer = null;
      if (backlog(dir, performance.now()) > limit / 2) return wake(dir);
      for (const side of dir.waiting) {
        side.paused = false;
        if (!side.src.destroyed) side.src.resume();
      }
      dir.waiting.clear();
    }, ms);
  }

  function fire() {
    for (let i = triggers.length - 1; i >= 0; i--) {
      if (stats.upDelivered >= triggers[i].bytes) {
        const [t] = triggers.splice(i, 1);
        t.fn();
      }
    }
  }

  function accept(client, target) {
    if (down) {
      stats.refused++;
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    stats.connections++;
    if (stats.drops > 0) stats.connectionsAfterDrop++;
    // No Nagle on either side: a chunk's last small segment must not wait for a delayed ACK (40 ms).
    client.setNoDelay(true);
    const server = net.connect({ host: target.host ?? '127.0.0.1', port: target.port, allowHalfOpen: true, noDelay: true });
    const t0 = performance.now();
    const conn = { client, server, sides: [] };
    connections.add(conn);
    // The handshake: the client's first bytes leave one RTT after it connected.
    conn.sides.push(pipe(conn, 'up', client, server, t0 + rttMs));
    conn.sides.push(pipe(conn, 'down', server, client, 0));
    const close = () => {
      if (!connections.has(conn)) return;
      connections.delete(conn);
      for (const side of conn.sides) side.clear();
      client.destroy();
      server.destroy();
    };
    // A normal end travels as an end (after the bytes before it); an error or a full close cuts both.
    client.on('error', close);
    server.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
      close();
    });
    client.on('close', () => setTimeout(close, rttMs + 50));
    server.on('close', () => setTimeout(close, rttMs + 50));
  }

  const link = {
    name,
    rttMs,
    mbit,
    bufferBytes: limit,
    get stats() {
      return stats;
    },
    /** A copy of the counters (async, like the threaded link's). */
    async getStats() {
      return { ...stats };
    },
    resetStats() {
      Object.assign(stats, freshStats());
      triggers.length = 0;
    },
    get isDown() {
      return down;
    },
    /** A proxy port of this link in front of `{host, port}`. */
    async forward(target) {
      const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => accept(client, target));
      servers.add(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      const port = server.address().port;
      return { host: '127.0.0.1', port, hostname: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };
    },
    /**
     * The link goes down for `ms`: every connection is reset (what was queued on the link is lost)
     * and new connections are refused (reset) until it is back. Resolves when it is back.
     */
    async drop(ms) {
      down = true;
      downUntil = performance.now() + ms;
      stats.drops++;
      for (const conn of [...connections]) {
        connections.delete(conn);
        for (const side of conn.sides) side.clear();
        conn.client.on('error', () => {});
        conn.server.on('error', () => {});
        if (!conn.client.destroyed) conn.client.resetAndDestroy();
        conn.server.destroy();
      }
      for (const dir of Object.values(directions)) dir.busyUntil = 0;
      await new Promise((r) => setTimeout(r, ms));
      down = false;
    },
    /** Calls `fn` once, when `bytes` more bytes have reached the servers upstream (counted from now). */
    whenUpDelivered(bytes, fn) {
      triggers.push({ bytes: stats.upDelivered + bytes, fn });
    },
    /** The link drops for `ms` once `bytes` more bytes have reached the servers. */
    armDrop(bytes, ms) {
      link.whenUpDelivered(bytes, () => void link.drop(ms));
    },
    get downForMs() {
      return down ? Math.max(0, downUntil - performance.now()) : 0;
    },
    async close() {
      for (const conn of [...connections]) {
        for (const side of conn.sides) side.clear();
        conn.client.destroy();
        conn.server.destroy();
      }
      connections.clear();
      for (const dir of Object.values(directions)) clearTimeout(dir.timer);
      await Promise.all([...servers].map((s) => new Promise((r) => s.close(() => r()))));
    },
  };
  return link;
}

/** The links the benchmark knows by name; `NNms/MMmbit` (e.g. `80ms/50mbit`) makes any other. */
export const LINKS = {
  loopback: null,
  '40ms': { rttMs: 40, mbit: 100 },
  '150ms': { rttMs: 150, mbit: 20 },
  '10ms': { rttMs: 10, mbit: 500 },
};

/** `loopback`, a name in LINKS, or `NNms/MMmbit` → {name, rttMs, mbit} (null link = loopback). */
export function parseLink(spec) {
  const s = spec.trim();
  if (s in LINKS) return { name: s, ...(LINKS[s] ?? { rttMs: 0, mbit: null }) };
  const m = /^(\d+(?:\.\d+)?)ms\/(\d+(?:\.\d+)?)mbit$/i.exec(s);
  if (!m) throw new Error(`BENCH_LINKS: unknown link "${spec}" (known: ${Object.keys(LINKS).join(', ')}, or e.g. 80ms/50mbit)`);
  return { name: s, rttMs: Number(m[1]), mbit: Number(m[2]) };
}
