/**
 * Owns one UploadJob at a time for the element: starts it, relays its news, re-renders the host at
 * most once per animation frame (progress arrives far more often than a screen refreshes), and stops
 * the upload, resumable, when the element leaves the document.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { UploadJob, type UploadJobOptions } from '../upload/upload.js';

export interface NetworkListener {
  /** The browser went offline (true) or came back online (false). */
  onNetwork(offline: boolean): void;
}

export class UploadController implements ReactiveController {
  job: UploadJob | null = null;
  #frame = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement & NetworkListener) {
    host.addController(this);
  }

  #offline = () => this.host.onNetwork(true);
  #online = () => this.host.onNetwork(false);

  hostConnected(): void {
    globalThis.addEventListener?.('offline', this.#offline);
    globalThis.addEventListener?.('online', this.#online);
  }

  /** Replaces any current job by a new one; the previous one is cancelled. */
  create(options: UploadJobOptions): UploadJob {
    void this.job?.cancel();
    const onProgress = options.onProgress;
    this.job = new UploadJob({
      ...options,
      onProgress: (p) => {
        onProgress?.(p);
        this.requestFrame();
      },
    });
    return this.job;
  }

  /** Forgets the job (cancelling it if it still runs). */
  async clear(): Promise<void> {
    const job = this.job;
    this.job = null;
    await job?.cancel();
  }

  requestFrame(): void {
    if (this.#frame) return;
    const raf = globalThis.requestAnimationFrame ?? ((cb: FrameRequestCallback) => setTimeout(() => cb(0), 16));
    this.#frame = raf(() => {
      this.#frame = 0;
      this.host.requestUpdate();
    }) as unknown as number;
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('offline', this.#offline);
    globalThis.removeEventListener?.('online', this.#online);
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    // Moving the element (disconnect + connect in one task) must not stop the upload.
    queueMicrotask(() => {
      if (!this.host.isConnected) void this.job?.stop();
    });
  }
}
