/**
 * The element's core (createUploader): made on first use, re-rendering the host when its snapshot
 * changes — at once for a new state, in an animation frame at most every 250 ms for progress — and
 * destroyed (uploads stay resumable) when the element leaves the document. The upload engine is not
 * part of the first render: fetched when the browser is idle once the host connects. Also what the element
 * reads of it: the latest item, the state and progress (of all items with `multiple`), Retry of the
 * failed ones, and the item actions of the views. Made at once when the host connects if this origin
 * remembers uploads (`gcore-uploader::…` in localStorage), so that the uploads an earlier page left
 * unfinished are listed without the user doing anything.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GcoreUploaderError } from '../errors.js';
import { preloadUploadEngine } from '../lazy.js';
import { ACTIVE_STATES, uploaderState, type UploaderState } from '../core/machine.js';
import type { UploadProgress } from '../core/progress.js';
import { remembersUploads } from '../core/resume/remembered.js';
import { createUploader, type ItemSnapshot, type Uploader, type UploaderOptions, type UploaderSnapshot } from '../core/uploader.js';

const PROGRESS_RENDER_MS = 250;
const EMPTY: UploaderSnapshot = Object.freeze({ state: 'idle', items: Object.freeze([]), progress: null, videoIds: Object.freeze([]), unfinished: Object.freeze([]) });


/** Whether anything but progress figures changed. */
const reshaped = (a: readonly ItemSnapshot[], b: readonly ItemSnapshot[]) =>
  a.length !== b.length ||
  a.some((x, i) => {
    const y = b[i];
    return x.id !== y.id || x.state !== y.state || x.video !== y.video || x.error !== y.error || x.offline !== y.offline || x.previous !== y.previous || x.videoId !== y.videoId || !x.otherTab !== !y.otherTab;
  });

export class UploaderController implements ReactiveController {
  private _core: Uploader | null = null;
  private _items: readonly ItemSnapshot[] = [];
  private _unfinished: UploaderSnapshot['unfinished'] = EMPTY.unfinished;
  private _frame = 0;
  private _timer: ReturnType<typeof setTimeout> | undefined;
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

  /** The latest item, or null. */
  get primary(): ItemSnapshot | null {
    return this.snapshot.items.at(-1) ?? null;
  }

  /** The latest item's state; with `multiple`, the most pressing of any item's. */
  state(multiple: boolean): UploaderState {
    const primary = this.primary;
    return multiple ? this.snapshot.state : uploaderState(primary ? [primary.state] : []);
  }

  /** The latest item's progress; with `multiple`, of all items together. */
  progress(multiple: boolean): UploadProgress | null {
    return multiple ? this.snapshot.progress : (this.primary?.progress ?? null);
  }

  /** Without `multiple`: one item is on its way, the drop zone takes no other. */
  busy(multiple: boolean): boolean {
    const p = this.primary;
    return !multiple && !!p && (p.state === 'queued' || ACTIVE_STATES.has(p.state));
  }

  /** Retries the failed or cancelled file(s); resolves with the latest one's video id. */
  retryFailed(): Promise<string> {
    const core = this.core;
    const failed = core.getSnapshot().items.filter((i) => i.file && (i.state === 'error' || i.state === 'cancelled'));
    if (failed.length === 0) return Promise.reject(new GcoreUploaderError('aborted', { params: { reason: 'nothing-to-retry' } }));
    failed.forEach((i) => core.retry(i.id));
    return core.settled(failed[failed.length - 1].id);
  }

  /** The views' actions on one item. */
  readonly actions = {
    pause: (id: string) => this.core.pause(id),
    resume: (id: string) => this.core.resume(id),
    cancel: (id: string) => void this.core.cancel(id),
    retry: (id: string) => this.core.retry(id),
    remove: (id: string) => this.core.remove(id),
    answer: (id: string, yes: boolean) => this.core.confirmResume(id, yes),
  };

  private _changed(core: Uploader): void {
    const { items, unfinished } = core.getSnapshot();
    const now = reshaped(this._items, items) || unfinished !== this._unfinished;
    this._items = items;
    this._unfinished = unfinished;
    if (now) this.host.requestUpdate();
    else this._requestFrame();
  }

  /**
   * Progress: one render in the first animation frame at least PROGRESS_RENDER_MS after the last one.
   * Four a second keep the bar moving and the figures readable; each render is a frame the browser styles,
   * lays out, paints and composites, which on a fast link took 3–5 % of a core at 10 a second and slowed the
   * upload beside it (bench/profile.mjs; Uppy's core updates its progress every 500 ms for the same reason).
   * A timer waits until then, not a loop of frames: each frame asked
   * for is one the browser makes (measured in bench/profile.mjs).
   */
  private _requestFrame(): void {
    if (this._frame || this._timer !== undefined) return;
    const wait = PROGRESS_RENDER_MS - (performance.now() - this._rendered);
    if (wait > 1) {
      this._timer = setTimeout(() => {
        this._timer = undefined;
        this._requestFrame();
      }, wait);
      return;
    }
    const raf = globalThis.requestAnimationFrame ?? ((cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16));
    this._frame = raf((now) => {
      this._frame = 0;
      this._rendered = now;
      this.host.requestUpdate();
    }) as unknown as number;
  }

  /** After each render: changed settings reach the core. */
  hostUpdated(): void {
    this.configure();
  }

  hostConnected(): void {
    // The upload engine (tus-js-client) is not part of the first render: fetched when the browser is idle, so that no one waits for it.
    preloadUploadEngine('idle');
    if (!this._core && remembersUploads()) void this.core;
  }

  hostDisconnected(): void {
    if (this._frame) cancelAnimationFrame(this._frame);
    this._frame = 0;
    clearTimeout(this._timer);
    this._timer = undefined;
    // Moving the element (disconnect + connect in one task) must not stop the uploads.
    queueMicrotask(() => {
      if (this.host.isConnected || !this._core) return;
      void this._core.destroy();
      this._core = null;
      this._items = [];
      this._unfinished = EMPTY.unfinished;
    });
  }
}
