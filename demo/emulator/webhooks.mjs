// Webhook notifications as Gcore sends them (seed 003): POST {type: "video", message: {video: {...}}}
// on each status change. Deliveries go out one after another (in order); failures are only logged.

/**
 * @param {object} options
 * @param {string | undefined} options.url            nothing is sent when empty
 * @param {(...a: unknown[]) => void} [options.log]
 * @param {number} [options.timeoutMs]
 */
export function createWebhookSender({ url, log = () => {}, timeoutMs = 5000 }) {
  let chain = Promise.resolve();
  const sent = [];
  return {
    url,
    /** Payloads sent so far (for tests and debugging). */
    sent,
    /** Queues a notification about `video` (a presented videoDetails object). */
    notify(video) {
      if (!url) return;
      const body = { type: 'video', message: { video } };
      chain = chain.then(async () => {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'User-Agent': 'gcore-emulator-webhook' },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.arrayBuffer().catch(() => {});
          sent.push(body);
          if (!res.ok) log(`webhook ${url}: HTTP ${res.status} for video ${video.id} (${video.status})`);
        } catch (err) {
          log(`webhook ${url} failed for video ${video.id} (${video.status}): ${err?.cause?.code ?? err?.message ?? err}`);
        }
      });
    },
    /** Resolves when every queued notification has been attempted. */
    idle() {
      return chain;
    },
  };
}
