/**
 * The poster the page sends: a frame of the local preview (drawn from the `<video>` to a canvas and
 * encoded as JPEG), or an image file (JPEG, PNG or WebP). Either is at most 1 000 000 bytes, as the
 * helper and Gcore take it: a frame is encoded at a lower quality, then at a smaller size, until it
 * fits, and never sent larger; an image file over the limit or of another type is refused with
 * `poster-too-large` / `invalid-poster` before any request.
 */
import { detailsError, MAX_POSTER_BYTES } from './codes.js';

export type PosterType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface Poster {
  /** `data:image/…;base64,…`: what is sent as `poster`. */
  dataUrl: string;
  type: PosterType;
  /** Decoded bytes (≤ MAX_POSTER_BYTES). */
  bytes: number;
  width?: number;
  height?: number;
  /** Where it came from. */
  source: 'frame' | 'file';
}

/** The image type of `bytes` by its first bytes (what the helper checks too), or null. */
export function sniffImageType(bytes: Uint8Array): PosterType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Base64 of bytes, in slices (no call with a million arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const dataUrlOf = (type: PosterType, bytes: Uint8Array) => `data:${type};base64,${toBase64(bytes)}`;

const ACCEPTED: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];
/** The picker's `accept` for a poster image. */
export const POSTER_ACCEPT = 'image/jpeg,image/png,image/webp';

/**
 * Checks an image file for the poster and reads it: refused with `invalid-poster` (`reason: 'type'`)
 * when it is not a JPEG, PNG or WebP (by its declared type and by its bytes), `poster-too-large`
 * (`reason: 'file'`) above 1 000 000 bytes — the size is checked before the file is read.
 */
export async function posterFromFile(file: Pick<Blob, 'size' | 'type' | 'arrayBuffer'> & { name?: string }): Promise<Poster> {
  if (file.type && !ACCEPTED.includes(file.type)) throw detailsError('invalid-poster', { reason: 'type', detail: `${file.name ?? 'file'}: ${file.type}` });
  if (file.size > MAX_POSTER_BYTES) throw detailsError('poster-too-large', { reason: 'file', limit: MAX_POSTER_BYTES, detail: `${file.size} bytes` });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (!type) throw detailsError('invalid-poster', { reason: 'type', detail: `${file.name ?? 'file'} is not a JPEG, PNG or WebP image` });
  return { dataUrl: dataUrlOf(type, bytes), type, bytes: bytes.length, source: 'file' };
}

/** Encodes a frame of `width`×`height` at `quality` (0–1); resolves the JPEG's bytes, or null when it cannot. */
export type FrameEncoder = (width: number, height: number, quality: number) => Promise<Uint8Array | null>;

export interface FitOptions {
  maxBytes?: number;
  /** Qualities tried at each size, best first. */
  qualities?: readonly number[];
  /** Each smaller size is this much of the one before. */
  scale?: number;
  /** The smallest width tried. */
  minWidth?: number;
}

/**
 * The largest, best JPEG of a frame that fits in `maxBytes`: at the full size each quality from best
 * to worst, then at ¾ of the size, and so on; never anything over the limit. Throws
 * `poster-too-large` (`reason: 'frame'`) when not even the smallest fits.
 */
export async function fitJpeg(encode: FrameEncoder, width: number, height: number, options: FitOptions = {}): Promise<{ bytes: Uint8Array; width: number; height: number; quality: number }> {
  const { maxBytes = MAX_POSTER_BYTES, qualities = [0.92, 0.85, 0.75, 0.6, 0.45], scale = 0.75, minWidth = 64 } = options;
  let w = Math.max(1, Math.round(width));
  let h = Math.max(1, Math.round(height));
  for (;;) {
    for (const quality of qualities) {
      const bytes = await encode(w, h, quality);
      if (!bytes) throw detailsError('invalid-poster', { reason: 'unreadable', detail: 'the frame could not be encoded' });
      if (bytes.length <= maxBytes) return { bytes, width: w, height: h, quality };
    }
    if (w <= minWidth) throw detailsError('poster-too-large', { reason: 'frame', limit: maxBytes });
    w = Math.max(minWidth, Math.round(w * scale));
    h = Math.max(1, Math.round((height * w) / width));
  }
}

/** The largest edge of a frame poster before anything else is tried (Gcore shows posters up to 1080p). */
export const MAX_FRAME_WIDTH = 1920;

/**
 * The frame the `<video>` shows now, as a JPEG poster of at most 1 000 000 bytes. The video must have
 * a frame (`readyState` ≥ HAVE_CURRENT_DATA) and be same-origin (an object URL of the chosen file is).
 */
export async function posterFromVideo(video: HTMLVideoElement, options: FitOptions = {}): Promise<Poster> {
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  if (!vw || !vh || video.readyState < 2) throw detailsError('invalid-poster', { reason: 'unreadable', detail: 'the video has no frame to draw yet' });
  const ratio = Math.min(1, MAX_FRAME_WIDTH / Math.max(vw, vh));
  const canvas = document.createElement('canvas');
  const encode: FrameEncoder = async (width, height, quality) => {
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    if (!g) return null;
    g.drawImage(video, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => {
      try {
        canvas.toBlob(resolve, 'image/jpeg', quality);
      } catch {
        resolve(null); // a tainted canvas
      }
    });
    return blob && blob.type === 'image/jpeg' ? new Uint8Array(await blob.arrayBuffer()) : null;
  };
  const fit = await fitJpeg(encode, vw * ratio, vh * ratio, options);
  canvas.width = canvas.height = 0;
  return { dataUrl: dataUrlOf('image/jpeg', fit.bytes), type: 'image/jpeg', bytes: fit.bytes.length, width: fit.width, height: fit.height, source: 'frame' };
}

/** Decoded bytes of a `data:…;base64,` URL (for checks and tests). */
export function dataUrlBytes(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
