// Video records as the emulator stores them, and their public shape (videoDetails / videoListItem of
// Gcore's streaming-openapi.yaml, seed 004). Stored records keep paths relative to the media directory;
// URLs are made at presentation time from the API origin, so a restart on another port stays consistent.
// Keys starting with "_" are internal and never leave the emulator.
import { randomSlug } from './store.mjs';

/** Fields a client may set at creation (createVideo), with their defaults. */
const CREATE_FIELDS = {
  description: null,
  origin_url: null,
  priority: 0,
  quality_set_id: null,
  clip_start_seconds: null,
  clip_duration_seconds: null,
  directory_id: null,
  screenshot_id: 0,
  client_user_id: null,
  stream_id: null,
  projection: 'regular',
  share_url: null,
  custom_iframe_url: null,
  auto_transcribe_audio_language: 'auto',
  auto_translate_subtitles_language: 'disable',
};

/** Only these may be asked for with `?fields=` (the spec's list). */
export const LIST_FIELDS = ['id', 'name', 'duration', 'status', 'created_at', 'updated_at', 'hls_url', 'screenshots', 'converted_videos', 'priority', 'stream_id'];

/**
 * Checks a createVideo body. Returns {errors} (a 422 body) or {value}.
 * @param {unknown} input
 */
export function validateCreate(input) {
  const v = input && typeof input === 'object' && !Array.isArray(input) ? /** @type {Record<string, any>} */ (input) : {};
  const errors = {};
  if (typeof v.name !== 'string' || v.name.trim() === '') errors.name = ["can't be blank"];
  if (v.origin_url != null && typeof v.origin_url !== 'string') errors.origin_url = ['must be a string'];
  if (v.origin_http_headers != null && typeof v.origin_http_headers !== 'string') errors.origin_http_headers = ['must be a string'];
  for (const key of ['priority', 'clip_start_seconds', 'clip_duration_seconds', 'directory_id', 'screenshot_id', 'client_user_id', 'quality_set_id', 'stream_id']) {
    if (v[key] != null && !Number.isInteger(v[key])) errors[key] = ['must be an integer'];
  }
  if (Number.isInteger(v.priority) && (v.priority < -10 || v.priority > 10)) errors.priority = ['must be in -10..10'];
  // Counting from 0; -1 is "the poster".
  if (Number.isInteger(v.screenshot_id) && v.screenshot_id < -1) errors.screenshot_id = ['must be -1 or more'];
  if (v.description != null && typeof v.description !== 'string') errors.description = ['must be a string'];
  if (v.poster != null && (typeof v.poster !== 'string' || !parsePosterDataUrl(v.poster))) {
    errors.poster = ['must be a data:image/(jpeg|png|webp);base64 URL of such an image, up to 1 MB'];
  }
  if (v.remove_poster != null && typeof v.remove_poster !== 'boolean') errors.remove_poster = ['must be a boolean'];
  for (const key of ['auto_transcribe_audio_language', 'auto_translate_subtitles_language']) {
    if (v[key] != null && (typeof v[key] !== 'string' || !/^(disable|auto|default|[a-z]{3}(,[a-z]{3})*)$/.test(v[key]))) errors[key] = ['is not a valid value'];
  }
  if (v.subtitles != null) {
    if (!Array.isArray(v.subtitles) || v.subtitles.some((s) => !s || typeof s.language !== 'string' || typeof s.vtt !== 'string')) {
      errors.subtitles = ['each subtitle needs language and vtt'];
    }
  }
  return Object.keys(errors).length ? { errors } : { value: v };
}

/** The first bytes of each poster type (WebP: "RIFF" <size> "WEBP"). */
const POSTER_MAGIC = {
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  webp: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** Decodes a poster given as a data URL (RFC 2397) of a JPEG, PNG or WebP up to 1 MB whose bytes are that type, or null. */
export function parsePosterDataUrl(s) {
  const m = /^data:image\/(jpeg|jpg|png|webp);base64,([A-Za-z0-9+/=\s]+)$/.exec(s);
  if (!m) return null;
  const bytes = Buffer.from(m[2], 'base64');
  if (bytes.length === 0 || bytes.length > 1024 * 1024) return null;
  const ext = m[1] === 'jpeg' ? 'jpg' : m[1];
  return POSTER_MAGIC[ext](bytes) ? { ext, bytes } : null;
}

/** The AI captions a createVideo body asks for explicitly ("auto" or a language), or null. */
export function aiCaptionsOf(input) {
  const v = input?.auto_transcribe_audio_language;
  return typeof v === 'string' && (v === 'auto' || /^[a-z]{3}$/.test(v)) ? v : null;
}

/**
 * A new stored record (status `empty`).
 * @param {object} o
 * @param {number} o.id
 * @param {number} o.clientId
 * @param {Record<string, any>} o.input   a validated createVideo body
 */
export function newRecord({ id, clientId, input }) {
  const now = new Date().toISOString();
  const record = {
    id,
    name: input.name,
    client_id: clientId,
    slug: randomSlug(16),
    status: 'empty',
    error: null,
    duration: null,
    origin_size: null,
    origin_video_duration: null,
    origin_audio_channels: null,
    origin_height: null,
    origin_width: null,
    created_at: now,
    updated_at: now,
    views: 0,
    cdn_views: 0,
    converted_videos: [],
    // Internal: relative media paths and processing state.
    _screenshots: [],
    _thumb: null,
    _poster: null,
    _posterThumb: null,
    _posterRev: 0,
    // Only an explicit value asks for captions: the emulator's "account" has AI captions off by default.
    _aiCaptions: aiCaptionsOf(input),
    _source: null,
    _sourceKind: null,
    _uploads: [],
    _renditions: {},
    _subtitles: [],
    _originHeaders: input.origin_http_headers ?? null,
  };
  applyInput(record, input);
  return record;
}

/** Copies the settable fields of a createVideo body onto a record (creation and PATCH). */
export function applyInput(record, input) {
  if (typeof input.name === 'string' && input.name.trim() !== '') record.name = input.name;
  for (const [key, def] of Object.entries(CREATE_FIELDS)) {
    if (key in input) record[key] = input[key];
    else if (!(key in record)) record[key] = def;
  }
  if ('origin_http_headers' in input) record._originHeaders = input.origin_http_headers ?? null;
}

/** The directory name of a video's media, as in Gcore's public URLs: `{client_id}_{slug}`. */
export const mediaKey = (record) => `${record.client_id}_${record.slug}`;

/**
 * The public videoDetails object of a record.
 * @param {Record<string, any>} r
 * @param {string} apiOrigin
 * @param {{details?: boolean}} [o]   false: videoListItem (no sprite, sprite_vtt, iframe_url)
 */
export function present(r, apiOrigin, { details = true } = {}) {
  const base = `${apiOrigin}/videos/${mediaKey(r)}`;
  const screenshots = r._screenshots.map((f) => `${base}/${f}`);
  const poster = r._poster ? `${base}/${r._poster}` : (screenshots[0] ?? null);
  const thumbFile = r._poster ? (r._posterThumb ?? r._poster) : r._thumb;
  const posterThumb = thumbFile ? `${base}/${thumbFile}` : poster;
  let screenshot = null;
  if (r.screenshot_id === -1) screenshot = poster;
  else screenshot = screenshots[r.screenshot_id ?? 0] ?? screenshots[0] ?? (r._poster ? poster : null);
  const video = {
    id: r.id,
    name: r.name,
    description: r.description,
    client_id: r.client_id,
    duration: r.duration,
    slug: r.slug,
    status: r.status,
    error: r.error,
    origin_size: r.origin_size,
    origin_video_duration: r.origin_video_duration,
    origin_audio_channels: r.origin_audio_channels,
    origin_height: r.origin_height,
    origin_width: r.origin_width,
    origin_url: r.origin_url,
    created_at: r.created_at,
    updated_at: r.updated_at,
    clip_start_seconds: r.clip_start_seconds,
    clip_duration_seconds: r.clip_duration_seconds,
    hls_url: `${base}/master.m3u8`,
    // Only HLS with MPEG-TS segments is produced by the emulator.
    hls_cmaf_url: null,
    dash_url: null,
    poster,
    poster_thumb: posterThumb,
    screenshot,
    screenshots,
    screenshot_id: r.screenshot_id,
    views: r.views,
    cdn_views: r.cdn_views,
    projection: r.projection,
    priority: r.priority,
    client_user_id: r.client_user_id,
    directory_id: r.directory_id,
    quality_set_id: r.quality_set_id,
    stream_id: r.stream_id,
    recording_started_at: null,
    record_type: null,
    share_url: r.share_url,
    custom_iframe_url: r.custom_iframe_url,
    ad_id: null,
    converted_videos: r.converted_videos.map((cv) => ({
      id: cv.id,
      name: cv.name,
      width: cv.width,
      height: cv.height,
      size: cv.size,
      progress: cv.progress,
      status: cv.status,
      error: cv.error,
      mp4_url: cv._mp4 ? `${base}/${cv._mp4}` : null,
    })),
  };
  if (details) {
    video.sprite = null;
    video.sprite_vtt = null;
    video.iframe_url = base;
  }
  return video;
}

/** Restricts a presented video to the `?fields=` list (unknown names are ignored). */
export function pickFields(video, fields) {
  if (!fields) return video;
  const wanted = String(fields).split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) return video;
  const out = {};
  for (const f of wanted) if (f in video) out[f] = video[f];
  return out;
}
