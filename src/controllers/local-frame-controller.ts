/**
 * A preview before the upload ends: each chosen file's first frame (a little way in, past a black
 * start) and its duration, read by the browser from the local file. A `<video>` that is never in the
 * page (muted, `preload="metadata"`) plays an object URL of the file; it seeks a little, the frame is
 * drawn to a small canvas and kept as a JPEG data URL, and the object URL is revoked at once, as it is
 * on an error or after FRAME_TIMEOUT_MS. The browser reads only what it needs of the file (never all of
 * it); files it cannot decode get no frame (the row shows an icon) and upload as usual. A file whose
 * first bytes are no container a browser plays (`playableContainer`) gets the icon without a `<video>`.
 * One file at a time, each once.
 *
 * The entry of the frame part (lazy.ts `loadFramePart`: `frame.mjs` next to the CDN file, or a chunk;
 * fetched with the upload engine), with what the row shows of it and the leave-page warning: made by
 * frame-part-controller.ts in the element once it shows a file or a link. Until then the row's frame
 * box is empty, as while a frame is drawn.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ACTIVE_STATES } from '../core/machine.js';
import type { ItemSnapshot } from '../core/types.js';
import { LeaveWarningController } from './leave-warning-controller.js';

/** What the item row shows: `src` (a data URL) once drawn, `duration` in seconds once known; `done` when nothing more comes. */
export interface LocalFrame {
  src: string | null;
  duration: number | null;
  done: boolean;
}

export const FRAME_TIMEOUT_MS = 10_000;
/** The drawn frame's width in pixels (the row shows it at about 80 CSS px, so twice that for dense screens). */
const FRAME_WIDTH = 160;

/** The bytes `playableContainer` looks at. */
const HEAD_BYTES = 12;
/** ISO BMFF / QuickTime box types a file starts with (at byte 4): MP4, MOV, M4V, 3GP and their audio kin. */
const BMFF_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid']);

/**
 * Whether a file starting with `head` is in a container some browser's `<video>` plays: ISO BMFF / QuickTime
 * (MP4, MOV, M4V), Matroska / WebM, Ogg, and the audio files browsers play (MP3, WAV, FLAC: a duration,
 * no frame). Anything else (AVI, MPEG-TS, MXF, FLV, WMV, ProRes in MXF, noise) has no frame to show: a
 * `<video>` for it only started the browser's media pipeline, which probed the file and failed, on the
 * CPU the upload beside it needed (bench/profile.mjs: ~70 ms of Chromium's CPU for 16 MiB of noise).
 */
export function playableContainer(head: Uint8Array): boolean {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 8 && BMFF_FIRST_BOXES.has(text(4, 8))) return true;
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true; // EBML: Matroska, WebM
  const magic = text(0, 4);
  if (magic === 'OggS' || magic === 'fLaC' || magic.startsWith('ID3')) return true;
  if (magic === 'RIFF') return text(8, 12) === 'WAVE';
  return head[0] === 0xff && (head[1] & 0xe0) === 0xe0; // an MPEG audio frame (MP3 without ID3)
}

/**
 * Draws `file`'s frame at about `at` seconds (less for short files); resolves with what could be read, never
 * rejects. A file in no container a browser plays resolves at once with nothing.
 */
export async function captureFrame(file: Blob, at = 1, timeoutMs = FRAME_TIMEOUT_MS): Promise<Omit<LocalFrame, 'done'>> {
  const head = await file.slice(0, HEAD_BYTES).arrayBuffer().then((b) => new Uint8Array(b), () => new Uint8Array(0));
  return playableContainer(head) ? drawFrame(file, at, timeoutMs) : { src: null, duration: null };
}

function drawFrame(file: Blob, at: number, timeoutMs: number): Promise<Omit<LocalFrame, 'done'>> {
  return new Promise((resolve) => {
    const result: Omit<LocalFrame, 'done'> = { src: null, duration: null };
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    const end = () => {
      clearTimeout(timer);
      video.onloadedmetadata = video.onseeked = video.onloadeddata = video.oncanplay = video.onerror = null;
      video.removeAttribute('src');
      video.load(); // lets the decoder go
      URL.revokeObjectURL(url);
      resolve(result);
    };
    const timer = setTimeout(end, timeoutMs);
    const draw = () => {
      const { videoWidth: w, videoHeight: h } = video;
      if (!w || !h) return end(); // no picture (an audio file)
      if (video.readyState < 2) return; // the frame is not there yet: `loadeddata` or `canplay` follows
      try {
        const canvas = document.createElement('canvas');
        canvas.width = FRAME_WIDTH;
        canvas.height = Math.round((FRAME_WIDTH * h) / w);
        canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
        result.src = canvas.toDataURL('image/jpeg', 0.8);
      } catch {
        // no 2D canvas, or a frame that cannot be read: the icon instead
      }
      end();
    };
    video.muted = true;
    video.preload = 'metadata';
    video.onerror = end;
    video.onloadedmetadata = () => {
      const d = video.duration;
      result.duration = d > 0 && d < Infinity ? d : null;
      video.currentTime = Math.min(at, (result.duration ?? 10 * at) / 10);
    };
    video.onseeked = draw;
    video.onloadeddata = video.oncanplay = () => video.seeking || draw();
    video.src = url;
  });
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
