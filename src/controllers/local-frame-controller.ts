/**
 * A preview before the upload ends: each chosen file's first frame (a little way in, past a black
 * start) and its duration, read by the browser from the local file and kept as a JPEG data URL.
 * local-frame-capture.ts draws it (an MP4 / MOV with WebCodecs, anything else a browser may play with
 * a `<video>` that is never in the page), reading only what it needs of the file; files it cannot
 * decode get no frame (the row shows an icon) and upload as usual. One file at a time, each once.
 *
 * The entry of the frame part (lazy.ts `loadFramePart`: `frame.mjs` next to the CDN file, or a chunk;
 * fetched with the upload engine), with what the row shows of it and the leave-page warning: made by
 * frame-part-controller.ts in the element once it shows a file or a link. Until then the row's frame
 * box is empty, as while a frame is drawn.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ACTIVE_STATES } from '../core/machine.js';
import type { ItemSnapshot } from '../core/types.js';
import { captureFrame } from './local-frame-capture.js';
import { LeaveWarningController } from './leave-warning-controller.js';

/** What the item row shows: `src` (a data URL) once drawn, `duration` in seconds once known; `done` when nothing more comes. */
export interface LocalFrame {
  src: string | null;
  duration: number | null;
  done: boolean;
}

/** A media duration as a clock: `0:07`, `1:23`, `1:02:03` (here, not in format.ts, so that only this part carries it). */
function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** For a file the browser shows no frame of: a play sign. */
const NO_FRAME = html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="currentColor" fill-rule="evenodd" d="M3 5h18v14H3zm7 3v8l6-4z" /></svg>`;

export class LocalFrameController implements ReactiveController {
  private readonly _frames = new WeakMap<Blob, LocalFrame>();
  private _queue: Promise<unknown> = Promise.resolve();
  /** In the page: a frame is drawn only for an element that shows it. */
  private _connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The files the element shows (null for a link). */
    private readonly files: () => Iterable<Blob | null>,
  ) {
    host.addController(this);
  }

  /** For the item row: what goes in its frame box (the frame, or the icon once there is none) and after the name (the duration), as far as they are known. */
  readonly view = (file: Blob): readonly [unknown, unknown] => {
    const frame = this._frames.get(file);
    const duration = frame?.duration;
    return [
      frame?.src ? html`<img src=${frame.src} alt="" />` : frame?.done ? NO_FRAME : nothing,
      duration ? html`<time part="local-duration" class="hint" datetime="PT${Math.round(duration)}S">${formatClock(duration)}</time>` : nothing,
    ];
  };

  hostConnected(): void {
    this._connected = true;
  }

  hostDisconnected(): void {
    this._connected = false;
  }

  /**
   * After each render: a file not seen yet is queued. Its capture starts a task later, so that the upload
   * started in the same render's microtasks sends its first request before the browser opens the file for
   * a `<video>` (that held the request back by about 3 ms, measured with bench/profile.mjs). A capture whose
   * element has left the page by then does not start: a removed element's uploads stop, and its rows go.
   */
  hostUpdated(): void {
    if (!this._connected || typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') return;
    for (const file of this.files()) {
      if (!file || this._frames.has(file)) continue;
      const frame: LocalFrame = { src: null, duration: null, done: false };
      this._frames.set(file, frame);
      this._queue = this._queue
        .then(() => new Promise((later) => setTimeout(later, 0)))
        .then(async () => {
          if (!this._connected) return void this._frames.delete(file);
          Object.assign(frame, await captureFrame(file), { done: true });
          this.host.requestUpdate();
        });
    }
  }
}

/** What the frame part reads of the element. */
export interface FramePartDeps {
  /** The items the element shows (a file's or a link's). */
  items(): readonly ItemSnapshot[];
  /** Whether the element warns before the page is left while an upload runs (not with `no-leave-warning`). */
  warns(): boolean;
}

/** The part in the element: the first frame of each file it shows, and the leave-page warning while an upload is on its way (preparing, uploading or paused). Returns the row's view. */
export function framePart(host: ReactiveControllerHost, { items, warns }: FramePartDeps): LocalFrameController['view'] {
  new LeaveWarningController(host, () => warns() && items().some((i) => ACTIVE_STATES.has(i.state)));
  return new LocalFrameController(host, () => items().map((i) => i.file)).view;
}
