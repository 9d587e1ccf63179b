/**
 * Event names and detail types. Every event is a bubbling, composed CustomEvent dispatched by the element.
 */
import type { ErrorDetail, LoadErrorCode, ProcessingErrorCode, UploadErrorCode } from './errors.js';
import type { GcoreVideo } from './status/video.js';
import type { UploadProgress } from './upload/progress.js';

export interface FileSelectDetail {
  file: File;
}
export interface UploadStartDetail {
  file: File;
  videoId: string;
  resumed: boolean;
  offset: number;
}
export interface UploadProgressDetail {
  file: File;
  bytesUploaded: number;
  bytesTotal: number;
  percent: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}
export interface ChunkCompleteDetail {
  file: File;
  chunkSize: number;
  bytesAccepted: number;
  bytesTotal: number;
}
export interface UploadPauseDetail {
  file: File;
  videoId: string | null;
  /** `user` (pause()/resume() or the buttons) or `network` (the browser went offline / online). */
  reason: 'user' | 'network';
}
export type UploadResumeDetail = UploadPauseDetail;
export interface UploadSuccessDetail {
  videoId: string;
  file: File;
}
export interface UploadErrorDetail extends ErrorDetail {
  code: UploadErrorCode;
  file: File | null;
}

export interface StatusChangeDetail {
  status: string;
  video: GcoreVideo;
  /** The uploaded file (null for a video imported from a link). */
  file: File | null;
}
export interface VideoDetail {
  video: GcoreVideo;
  file: File | null;
}
export interface ProcessingErrorDetail {
  code: ProcessingErrorCode;
  message: string;
  video: GcoreVideo | null;
  file: File | null;
}
export interface ImportStartDetail {
  url: string;
  videoId: string;
  video: GcoreVideo | null;
}

/** A part loaded on first use could not be loaded: `asset` is `status.mjs`, `player.mjs`, `hls.mjs` or `locales/xx.mjs`. */
export interface AssetErrorDetail {
  code: LoadErrorCode;
  message: string;
  asset: string;
}

export interface GcoreUploaderEventMap {
  'file-select': CustomEvent<FileSelectDetail>;
  'upload-start': CustomEvent<UploadStartDetail>;
  'upload-progress': CustomEvent<UploadProgressDetail>;
  'chunk-complete': CustomEvent<ChunkCompleteDetail>;
  'upload-pause': CustomEvent<UploadPauseDetail>;
  'upload-resume': CustomEvent<UploadResumeDetail>;
  'upload-success': CustomEvent<UploadSuccessDetail>;
  'upload-error': CustomEvent<UploadErrorDetail>;
  'status-change': CustomEvent<StatusChangeDetail>;
  'video-viewable': CustomEvent<VideoDetail>;
  'video-ready': CustomEvent<VideoDetail>;
  'processing-error': CustomEvent<ProcessingErrorDetail>;
  'import-start': CustomEvent<ImportStartDetail>;
  error: CustomEvent<AssetErrorDetail>;
}

export type GcoreUploaderEventName = keyof GcoreUploaderEventMap;

export function progressDetail(file: File, p: UploadProgress): UploadProgressDetail {
  return {
    file,
    bytesUploaded: p.bytesUploaded,
    bytesTotal: p.bytesTotal,
    percent: p.percent,
    bytesPerSecond: p.bytesPerSecond,
    secondsLeft: p.secondsLeft,
  };
}
