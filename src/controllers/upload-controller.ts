/**
 * Owns the element's uploads: starts queued items while fewer than `maxConcurrent` are active,
 * re-renders the host at most once per animation frame (progress arrives far more often than a
 * screen refreshes), pauses and resumes on the browser's offline/online events, and stops every
 * upload, resumable, when the element leaves the document.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UploadItem } from '../upload/item.js';

const PROGRESS_RENDER_MS = 100;

export class UploadController implements ReactiveController {
  items: UploadItem[] = [];
  #frame = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly maxConcurrent: () => number,
  ) {
    host.addController(this);
  }

  add(item: UploadItem): void {
    this.items = [...this.items, item];
    this.pump();
  }

  remove(item: UploadItem): void {
    this.items = this.items.filter((i) => i !== item);
    this.requestFrame();
  }

  /** Starts queued items while there is room. */
  pump(): void {
    const limit = Math.max(1, Math.floor(this.maxConcurrent()) || 1);
    let active = this.items.filter((i) => i.active).length;
    for (const item of this.items) {
      if (active >= limit) break;
      if (item.state !== 'queued') continue;
      active++;
      void item.start().finally(() => this.pump());
    }
  }

  /**
   * Re-renders on the next animation frame at least PROGRESS_RENDER_MS after the last progress render:
   * figures a person reads need no more than ~10 updates a second, and the upload keeps the CPU.
   */
  requestFrame(): void {
    if (this.#frame) return;
    const raf = globalThis.requestAnimationFrame ?? ((cb: FrameRequestCallback) => setTimeout(() => cb(0), 16));
    const tick = (now: number) => {
      if (now - this.#rendered < PROGRESS_RENDER_MS) {
        this.#frame = raf(tick) as unknown as number;
        return;
      }
      this.#frame = 0;
      this.#rendered = now;
      this.host.requestUpdate();
    };
    this.#frame = raf(tick) as unknown as number;
  }

  #rendered = 0;

  #offline = () => this.items.forEach((i) => i.pause('network'));
  #online = () => this.items.forEach((i) => i.resume('network'));

  hostConnected(): void {
    globalThis.addEventListener?.('offline', this.#offline);
    globalThis.addEventListener?.('online', this.#online);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('offline', this.#offline);
    globalThis.removeEventListener?.('online', this.#online);
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    // Moving the element (disconnect + connect in one task) must not stop the uploads.
    queueMicrotask(() => {
      if (!this.host.isConnected) for (const item of this.items) void item.stop();
    });
  }
}
