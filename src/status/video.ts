/**
 * Gcore's video object (`GET /streaming/videos/{id}`, `videoDetails`), the part the widget reads, and
 * small helpers over it. Statuses: `empty` → `pending` → `viewable` → `ready`, or `error`; a video left
 * `empty` with a non-empty `error` (e.g. "File Invalid", seed 001) failed too.
 */

export type GcoreVideoStatus = 'empty' | 'pending' | 'viewable' | 'ready' | 'error';

/** One rendition of the video (`converted_videos[]`), e.g. `vod720p`. */
export interface GcoreConvertedVideo {
  id?: number;
  name?: string;
  width?: number;
  height?: number;
  size?: number;
  /** 0–100. */
  progress?: number;
  status?: 'processing' | 'complete' | 'error' | (string & {});
  error?: string | null;
  mp4_url?: string | null;
  [field: string]: unknown;
}

export interface GcoreVideo {
  id: number | string;
  name?: string;
  status: GcoreVideoStatus | (string & {});
  error?: string | null;
  converted_videos?: GcoreConvertedVideo[];
  /** The master playlist (`master.m3u8`). */
  hls_url?: string | null;
  poster?: string | null;
  poster_thumb?: string | null;
  screenshot?: string | null;
  screenshots?: string[] | null;
  /** Milliseconds. */
  duration?: number | null;
  [field: string]: unknown;
}

/** How far one rendition is, for a progress list. */
export interface RenditionProgress {
  name: string;
  label: string;
  progress: number;
  status: string;
}

/** Whether Gcore gave up on the video: `status: error`, or `empty` with an error text. */
export function isProcessingFailure(video: Pick<GcoreVideo, 'status' | 'error'> | null | undefined): boolean {
  if (!video) return false;
  if (video.status === 'error') return true;
  return video.status === 'empty' && typeof video.error === 'string' && video.error.trim() !== '';
}

/** A short label for a rendition: `vod720p` → `720p`, `vod480n` → `480p`, else `${height}p`, else its name. */
export function renditionLabel(cv: GcoreConvertedVideo): string {
  const match = /(\d{3,4})[a-z]?$/i.exec(cv.name ?? '');
  if (match) return `${match[1]}p`;
  if (typeof cv.height === 'number' && cv.height > 0) return `${cv.height}p`;
  return cv.name ?? '';
}

/** The renditions of a video with their progress (0–100, clamped), in the order Gcore lists them. */
export function renditionProgress(video: Pick<GcoreVideo, 'converted_videos'> | null | undefined): RenditionProgress[] {
  const list = Array.isArray(video?.converted_videos) ? video!.converted_videos! : [];
  return list.map((cv) => {
    const raw = Number(cv.progress);
    const progress = cv.status === 'complete' ? 100 : Number.isFinite(raw) ? Math.min(100, Math.max(0, raw)) : 0;
    return {
      name: cv.name ?? (cv.height ? `${cv.height}p` : ''),
      label: renditionLabel(cv),
      progress,
      status: typeof cv.status === 'string' ? cv.status : 'processing',
    };
  });
}

/** `statusUrlFor('/api/videos/{id}/status', 42)` → `/api/videos/42/status` (the id URL-encoded). */
export function statusUrlFor(template: string, videoId: number | string): string {
  return template.split('{id}').join(encodeURIComponent(String(videoId)));
}
