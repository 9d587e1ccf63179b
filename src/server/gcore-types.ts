/**
 * Gcore's shapes, as `streaming-openapi.yaml` gives them, for the fields this package reads or sends
 * (type-only): a video, what creates or imports one, a subtitle, and a TUS upload session.
 */

/** `videoListItem.status`. */
export type GcoreVideoStatus = 'empty' | 'pending' | 'viewable' | 'ready' | 'error';

/** Gcore's `videoDetails`, the fields this package reads; the rest is kept as given. */
export interface GcoreVideo {
  id: number;
  name: string;
  client_id?: number;
  status?: GcoreVideoStatus | (string & {});
  error?: string | null;
  duration?: number | null;
  hls_url?: string | null;
  poster?: string | null;
  screenshot?: string | null;
  screenshots?: string[] | null;
  converted_videos?: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** `createVideo` of the spec; `name` is required. */
export interface CreateVideoInput {
  name: string;
  description?: string | null;
  origin_url?: string | null;
  origin_http_headers?: string | null;
  priority?: number;
  quality_set_id?: number | null;
  clip_start_seconds?: number | null;
  clip_duration_seconds?: number | null;
  directory_id?: number | null;
  projection?: string;
  client_user_id?: number | null;
  stream_id?: number | null;
  poster?: string | null;
  screenshot_id?: number;
  share_url?: string | null;
  custom_iframe_url?: string | null;
  auto_transcribe_audio_language?: string;
  auto_translate_subtitles_language?: string;
  [field: string]: unknown;
}

/** A video to import: `createVideo` with a required `origin_url` (http, https or sftp). */
export interface ImportVideoInput extends CreateVideoInput {
  origin_url: string;
  /** `Authorization: <scheme> <credentials>` sent by Gcore when it downloads `origin_url`. */
  origin_http_headers?: string | null;
}

/** `createVideoBatch`: `createVideo` plus optional subtitles. */
export interface BatchVideoInput extends CreateVideoInput {
  subtitles?: Array<{ name?: string; language: string; vtt: string }>;
}

/** `subtitleBody`: what adds a subtitle (`language` is a three-letter ISO 639-2 code). */
export interface GcoreSubtitleInput {
  name?: string;
  language: string;
  vtt: string;
}

/** `subtitle`: a subtitle of a video. */
export interface GcoreSubtitle {
  id: number;
  name?: string;
  language?: string;
  vtt?: string;
  [field: string]: unknown;
}

/** A TUS upload server of the session (seed 001). */
export interface GcoreUploadServerInfo {
  id?: number;
  role?: string;
  hostname: string;
  active?: boolean;
  ssl?: boolean;
}

/** `getUrlAndTokenToUploadVideo`: the answer of `GET /streaming/videos/{id}/upload`. */
export interface GcoreUploadSessionInfo {
  servers: GcoreUploadServerInfo[];
  token: string;
  video: GcoreVideo;
}
