/**
 * The element's core (createUploader): made on first use, re-rendering the host when its snapshot
 * changes — at once for a new state, at most once per animation frame (100 ms apart) for progress — and
 * destroyed (uploads stay resumable) when the element leaves the document.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createUploader, type ItemSnapshot, type Uploader, type UploaderOptions, type UploaderSnapshot } from '../core/uploader.js';

const PROGRESS_RENDER_MS = 100;
const EMPTY: UploaderSnapshot = Object.freeze({ state: 'idle', items: Object.freeze([]), progress: null, videoIds: Object.freeze([]) });

/** Whether anything but progress figures changed. */
const reshaped = (a: readonly ItemSnapshot[], b: readonly ItemSnapshot[]) =>
  a.length !== b.length ||
  a.some((x, i) => {
    const y = b[i];
    return x.id !== y.id || x.state !== y.state || x.video !== y.video || x.error !== y.error || x.offline !== y.offline || x.previous !== y.previous || x.videoId !== y.videoId;
  });

export class UploaderController implements ReactiveController {
  private _core: Uploader | null = null;
  private _items: readonly ItemSnapshot[] = [];
  private _frame = 0;
  private _rendered = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: () => UploaderOptions,
    private readonly wire: (core: Uploader) => void,
  ) {
    host.addController(this);
  }

  /** The core, with the element's current settings. */
  get core(): Uploader {
    if (!this._core) {
      const core = createUploader(this.options());
      this._core = core;
      this.wire(core);
      core.subscribe(() => this._changed(core));
    } else {
      this._core.configure(this.options());
    }
    return this._core;
  }

  /** Passes changed settings on (without making a core). */
  configure(): void {
    this._core?.configure(this.options());
  }

  get snapshot(): UploaderSnapshot {
    return this._core?.getSnapshot() ?? EMPTY;
  }

  private _changed(core: Uploader): void {
    const items = core.getSnapshot().items;
    const now = reshaped(this._items, items);
    this._items = items;
    if (now) this.host.requestUpdate();
    else this._requestFrame();
  }

  /** Progress: the next animation frame at least PROGRESS_RENDER_MS after the last one (people read ~10 updates a second). */
  private _requestFrame(): void {
    if (this._frame) return;
    const raf = globalThis.requestAnimationFrame ?? ((cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16));
    const tick = (now: number) => {
      if (now - this._rendered < PROGRESS_RENDER_MS) {
        this._frame = raf(tick) as unknown as number;
        return;
      }
      this._frame = 0;
      this._rendered = now;
      this.host.requestUpdate();
    };
    this._frame = raf(tick) as unknown as number;
  }

  hostDisconnected(): void {
    if (this._frame) cancelAnimationFrame(this._frame);
    this._frame = 0;
    // Moving the element (disconnect + connect in one task) must not stop the uploads.
    queueMicrotask(() => {
      if (this.host.isConnected || !this._core) return;
      void this._core.destroy();
      this._core = null;
      this._items = [];
    });
  }
}
