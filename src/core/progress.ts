/**
 * Progress figures a person reads: percent, bytes, speed and time left, and which chunk is on its way.
 * Speed is measured over a sliding window so that one fast or slow moment does not swing it.
 */
import { estimateChunks } from './chunking.js';
import type { ChunkSizer } from './policy/chunk-size.js';

export interface UploadProgress {
  bytesUploaded: number;
  bytesTotal: number;
  /** 0–100, one decimal. */
  percent: number;
  /** Null until enough has been measured. */
  bytesPerSecond: number | null;
  secondsLeft: number | null;
  /** Bytes the server has confirmed (end of the last complete chunk). */
  bytesAccepted: number;
  /** 1-based number of the chunk being sent. */
  chunk: number;
  /**
   * How many chunks the file takes: exact with a fixed `chunk-size`; with `auto` an estimate from the
   * throughput measured so far (it moves as the sizes change), and null before the first chunk is measured.
   */
  chunks: number | null;
}

/** Which chunk is on its way and how many there are, from the bytes the server accepted and those sent. */
export type ChunkCount = (bytesAccepted: number, bytesUploaded: number) => { chunk: number; chunks: number | null };

/** With a fixed chunk size: counted from the first byte of the file. */
export function fixedChunkCount(bytesTotal: number, chunkSize: number): ChunkCount {
  return (accepted, uploaded) => {
    const chunks = Math.max(1, Math.ceil(bytesTotal / chunkSize));
    const chunk = Math.min(chunks, Math.floor(Math.min(accepted, uploaded) / chunkSize) + 1);
    return { chunk, chunks };
  };
}

/**
 * With `auto`: chunk n counts the job's PATCHes (`done()`); m is "done + an estimate of what is left" once
 * a chunk has been measured, exact when what is left fits in the chunk on its way, else null (unknown).
 */
export function autoChunkCount(total: number, sizer: ChunkSizer, done: () => number): ChunkCount {
  return (accepted) => {
    const n = done();
    const left = Number.isFinite(total) ? Math.max(0, total - accepted) : Infinity;
    if (left === 0) return { chunk: Math.max(1, n), chunks: Math.max(1, n) };
    if (left <= sizer.current) return { chunk: n + 1, chunks: n + 1 };
    return { chunk: n + 1, chunks: sizer.bytesPerSecond !== null && left !== Infinity ? n + estimateChunks(left, sizer) : null };
  };
}

/**
 * `upload-progress` (and the snapshot's change) at most every PROGRESS_EVENT_MS while bytes travel: 20 a
 * second is more than a bar or a figure can show, and on a fast link tus-js-client reports every few
 * milliseconds. The report that completes the file always goes out, and `chunk-complete` still comes for
 * every chunk. The figures themselves (`ProgressMeter`) follow every report.
 */
export const PROGRESS_EVENT_MS = 50;

const WINDOW_MS = 4000;
/** Samples closer together than this replace the newest one: the window holds at most ~WINDOW_MS / SAMPLE_MS of them. */
const SAMPLE_MS = 50;

export class ProgressMeter {
  #samples: Array<{ t: number; bytes: number }> = [];
  #accepted = 0;
  /** The figures, built when read (null: a report came since): tus-js-client reports far more often than anyone reads. */
  #last: UploadProgress | null = null;

  constructor(
    readonly bytesTotal: number,
    private readonly count: ChunkCount,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Forget the speed history (after a pause or a reconnect the old pace says nothing). */
  restart(offset: number): void {
    this.#samples = [{ t: this.now(), bytes: offset }];
    this.#accepted = offset;
    this.#last = null;
  }

  /** The bytes sent so far (a report of tus-js-client's); `current` has the figures. */
  sent(bytesUploaded: number): void {
    const t = this.now();
    const samples = this.#samples;
    const n = samples.length;
    // The speed is the window's first and last sample: one in between every SAMPLE_MS is plenty.
    if (n >= 2 && t - samples[n - 2].t < SAMPLE_MS) samples[n - 1] = { t, bytes: bytesUploaded };
    else samples.push({ t, bytes: bytesUploaded });
    while (samples.length > 2 && t - samples[0].t > WINDOW_MS) samples.shift();
    this.#last = null;
  }

  /** The end of the last chunk the server confirmed. */
  accepted(bytesAccepted: number): void {
    this.#accepted = bytesAccepted;
    this.#last = null;
  }

  /** The figures now (the same object until the next report). */
  get current(): UploadProgress {
    return (this.#last ??= this.#snapshot());
  }

  #snapshot(): UploadProgress {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    // The bytes sent are the newest sample's (0 before any).
    const bytesUploaded = last?.bytes ?? 0;
    const dt = first && last ? (last.t - first.t) / 1000 : 0;
    const bytesPerSecond = dt >= 0.25 && last.bytes > first.bytes ? (last.bytes - first.bytes) / dt : null;
    const left = this.bytesTotal - bytesUploaded;
    const { chunk, chunks } = this.count(this.#accepted, bytesUploaded);
    return {
      bytesUploaded,
      bytesTotal: this.bytesTotal,
      percent: this.bytesTotal ? Math.floor((bytesUploaded / this.bytesTotal) * 1000) / 10 : 0,
      bytesPerSecond,
      secondsLeft: bytesPerSecond ? Math.ceil(left / bytesPerSecond) : left === 0 ? 0 : null,
      bytesAccepted: this.#accepted,
      chunk,
      chunks,
    };
  }
}
