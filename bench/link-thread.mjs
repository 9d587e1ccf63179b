// The shaped link (bench/link-shaper.mjs) in a worker thread of its own: its timers and sockets then
// keep the link's pace while the main thread is busy with the upload server, puppeteer and the disk
// (a stall there would otherwise be idle wire: on a 500 Mbit link, 1 ms is 62 kB).
//
//   const link = await startLinkThread({ rttMs: 40, mbit: 100 });
//   const { hostname } = await link.forward({ port });
//   await link.armDrop(bytes, 3000); await link.getStats(); await link.resetStats(); await link.close();
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createLink } from './link-shaper.mjs';

if (!isMainThread && workerData?.benchLinkThread) {
  const link = createLink(workerData.options);
  parentPort.on('message', async ({ id, op, args }) => {
    try {
      const value = await link[op](...args);
      parentPort.postMessage({ id, value: value ?? null });
      if (op === 'close') parentPort.close();
    } catch (err) {
      parentPort.postMessage({ id, error: String(err?.stack ?? err) });
    }
  });
  parentPort.postMessage({ ready: { bufferBytes: link.bufferBytes } });
}

/** A link like createLink's, run in a worker thread; every method is async. */
export async function startLinkThread(options) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { benchLinkThread: true, options } });
  const pending = new Map();
  let next = 0;
  const ready = new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (msg) => {
      if (msg.ready) return resolve(msg.ready);
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error));
      else p?.resolve(msg.value);
    });
  });
  const { bufferBytes } = await ready;
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  const call = (op, ...args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
  return {
    name: options.name ?? `${options.rttMs}ms/${options.mbit}Mbit`,
    rttMs: options.rttMs,
    mbit: options.mbit,
    bufferBytes,
    forward: (target) => call('forward', target),
    drop: (ms) => call('drop', ms),
    armDrop: (bytes, ms) => call('armDrop', bytes, ms),
    getStats: () => call('getStats'),
    resetStats: () => call('resetStats'),
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}
