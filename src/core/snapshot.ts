/** What a snapshot says across items: which have a video, and all their bytes together. */
import type { UploadProgress } from './progress.js';
import type { ItemSnapshot } from './types.js';

/** Bytes up (or imported), with a video id. */
export const hasVideo = (i: ItemSnapshot<unknown>) => Boolean(i.videoId) && (i.state === 'success' || i.state === 'processing' || i.state === 'ready');

/** All items' progress together (null before any file has started). */
export function totalProgress(items: readonly ItemSnapshot<unknown>[]): UploadProgress | null {
  const withFiles = items.filter((i) => i.file !== null && i.state !== 'cancelled' && i.state !== 'error');
  if (!withFiles.some((i) => i.progress)) return null;
  let bytesUploaded = 0;
  let bytesTotal = 0;
  let bytesPerSecond = 0;
  for (const item of withFiles) {
    const p = item.progress;
    bytesTotal += item.size ?? 0;
    bytesUploaded += p ? p.bytesUploaded : 0;
    bytesPerSecond += p?.bytesPerSecond && item.state === 'uploading' ? p.bytesPerSecond : 0;
  }
  const left = bytesTotal - bytesUploaded;
  return {
    bytesUploaded,
    bytesTotal,
    percent: bytesTotal ? Math.floor((bytesUploaded / bytesTotal) * 1000) / 10 : 0,
    bytesPerSecond: bytesPerSecond || null,
    secondsLeft: bytesPerSecond ? Math.ceil(left / bytesPerSecond) : left === 0 ? 0 : null,
    bytesAccepted: bytesUploaded,
    chunk: 1,
    chunks: 1,
  };
}
