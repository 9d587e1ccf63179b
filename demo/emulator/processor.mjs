// What happens to a video after its file arrives (TUS upload or origin_url download), as Gcore
// describes it (seeds 000/001): probe → `empty` + "File Invalid", or `pending` → renditions one after
// another → `viewable` (first rendition listed in master.m3u8) → `ready` (all of them). A video that
// asked for AI captions gets its placeholder subtitle (subtitles.mjs) just before `ready`.
// One video is transcoded at a time (a queue, highest priority first); probing and downloads run at once.
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mediaKey } from './model.mjs';
import { FFMPEG_PATH, probe } from './probe.mjs';
import { aiPlaceholder, refreshHls } from './subtitles.mjs';
import { planRenditions, takeScreenshots, transcodeRendition } from './transcoder.mjs';

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (!ms) return resolve();
    if (signal?.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });
const exists = (p) => stat(p).then(() => true, () => false);

/** "Authorization: Bearer x" (one header a line) → {Authorization: "Bearer x"}. */
export function parseHeaderLines(text) {
  const headers = {};
  for (const line of String(text ?? '').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** True when a file starts like an HLS/DASH manifest (not an original file, seed 001). */
async function looksLikeManifest(file) {
  const fh = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').trimStart();
    return head.startsWith('#EXTM3U') || /^(<\?xml[^>]*>\s*)?<MPD/.test(head);
  } finally {
    await fh.close();
  }
}

/**
 * @param {object} o
 * @param {ReturnType<typeof import('./store.mjs').openStore> extends Promise<infer S> ? S : never} o.store
 * @param {string} o.mediaRoot                 where `{client}_{slug}/` media directories go
 * @param {string} o.originRoot                where origin_url downloads go
 * @param {{name: string, height: number}[]} o.ladder
 * @param {(record: object) => void} o.notify  called on every status (or error) change
 * @param {(...a: unknown[]) => void} o.log
 * @param {{pendingDelayMs?: number, renditionDelayMs?: number}} [o.timing]
 * @param {number} [o.downloadAttempts]
 * @param {number} [o.downloadRetryDelayMs]
 * @param {number} [o.downloadTimeoutMs]
 * @param {number} [o.segmentSeconds]
 * @param {number} [o.screenshotCount]
 * @param {number} [o.ffmpegThreads]
 * @param {string} [o.ffmpegPath]
 */
export function createProcessor({
  store, mediaRoot, originRoot, ladder, notify, log, timing = {}, downloadAttempts = 3, downloadRetryDelayMs = 1000,
  downloadTimeoutMs = 10 * 60_000, segmentSeconds = 2, screenshotCount = 5, ffmpegThreads = 0, ffmpegPath = FFMPEG_PATH,
}) {
  const queue = [];
  /** @type {{id: number, controller: AbortController, done: Promise<void>} | null} */
  let running = null;
  const downloads = new Map();
  const probing = new Set();
  const closing = new AbortController();
  const background = new Set();

  /** Tracks a background task so close() can wait for it; never rejects. */
  function track(promise, what) {
    const p = promise.catch((err) => {
      if (err?.name !== 'AbortError') log(`${what} failed: ${err?.stack ?? err}`);
    });
    background.add(p);
    p.finally(() => background.delete(p));
    return p;
  }

  /** Mutates a record; notifies when its status or error changed. */
  function change(id, mutate) {
    let before;
    const record = store.update(id, (r) => {
      before = { status: r.status, error: r.error };
      mutate(r);
      r.updated_at = new Date().toISOString();
    });
    if (record && (record.status !== before.status || record.error !== before.error)) {
      log(`video ${id}: ${record.status}${record.error ? ` (${record.error})` : ''}`);
      try {
        notify(record);
      } catch (err) {
        log(`notify failed: ${err?.message}`);
      }
    }
    return record;
  }

  /** Why an upload for this video may not start now, or null. */
  function uploadRefusal(id) {
    const r = store.get(id);
    if (!r) return { status: 404, body: `video (${id}) not found` };
    if (r.status !== 'empty') return { status: 405, body: `video (${id}) already has a file (status ${r.status})` };
    if (downloads.has(r.id)) return { status: 405, body: `video (${id}) is being downloaded from origin_url` };
    if (probing.has(r.id)) return { status: 405, body: `video (${id}) is being checked` };
    return null;
  }

  /** The file of a video arrived: probe it and queue it. */
  async function ingest(id, file, kind) {
    id = Number(id);
    const r = store.get(id);
    if (!r) return log(`video ${id}: file arrived for an unknown video; ignored`);
    if (r.status !== 'empty' || probing.has(id)) return log(`video ${id}: file arrived while ${r.status}; ignored`);
    probing.add(id);
    try {
      store.update(id, (rec) => {
        rec._source = file;
        rec._sourceKind = kind;
      });
      let info = null;
      try {
        info = (await looksLikeManifest(file)) ? null : await probe(file, { ffmpegPath });
      } catch (err) {
        log(`video ${id}: probe failed: ${err?.message}`);
      }
      const now = store.get(id);
      if (!now || now.status !== 'empty') return;
      if (!info) {
        change(id, (rec) => {
          rec.error = 'File Invalid';
          rec._source = null;
        });
        return;
      }
      const start = (now.clip_start_seconds ?? 0) * 1000;
      let duration = Math.max(0, info.durationMs - Math.min(start, info.durationMs));
      if (now.clip_duration_seconds) duration = Math.min(duration, now.clip_duration_seconds * 1000);
      const plan = planRenditions(ladder, info);
      change(id, (rec) => {
        rec.status = 'pending';
        rec.error = null;
        rec.origin_size = info.size;
        rec.origin_video_duration = info.durationMs;
        rec.origin_audio_channels = info.audioChannels;
        rec.origin_width = info.width;
        rec.origin_height = info.height;
        rec.duration = duration;
        rec._probe = info;
        rec._renditions = {};
        rec.converted_videos = plan.map((p) => ({
          id: store.nextRenditionId(),
          name: p.name,
          width: p.width,
          height: p.height,
          size: null,
          progress: 0,
          status: 'processing',
          error: '',
          _mp4: null,
        }));
      });
      enqueue(id);
    } finally {
      probing.delete(id);
    }
  }

  function enqueue(id) {
    if (closing.signal.aborted) return;
    if (!queue.includes(id) && running?.id !== id) queue.push(id);
    pump();
  }

  function pump() {
    if (running || closing.signal.aborted || queue.length === 0) return;
    // Highest priority first, then the oldest.
    queue.sort((a, b) => (store.get(b)?.priority ?? 0) - (store.get(a)?.priority ?? 0) || a - b);
    const id = queue.shift();
    const controller = new AbortController();
    const done = track(transcode(id, controller.signal), `video ${id}: transcoding`).finally(() => {
      running = null;
      pump();
    });
    running = { id, controller, done };
  }

  async function transcode(id, signal) {
    let r = store.get(id);
    if (!r || !['pending', 'viewable'].includes(r.status)) return;
    if (!r._source || !(await exists(r._source))) {
      change(id, (rec) => {
        rec.status = 'error';
        rec.error = 'Source file is missing';
      });
      return;
    }
    await sleep(timing.pendingDelayMs ?? 0, signal);
    const dir = path.join(mediaRoot, mediaKey(r));
    await mkdir(dir, { recursive: true });

    if (r._screenshots.length === 0) {
      const shots = await takeScreenshots({ source: r._source, dir, durationMs: r._probe.durationMs, count: screenshotCount, ffmpegPath, signal });
      r = store.update(id, (rec) => {
        rec._screenshots = shots.screenshots;
        rec._thumb = shots.thumb;
      });
      if (!r) return;
    }

    const ids = r.converted_videos.map((cv) => cv.id);
    for (const [index, cvId] of ids.entries()) {
      r = store.get(id);
      if (!r) return;
      const cv = r.converted_videos.find((c) => c.id === cvId);
      if (!cv || (cv.status === 'complete' && r._renditions[cv.name])) continue;
      store.update(id, () => Object.assign(cv, { status: 'processing', progress: 0, error: '' }));
      let result;
      const tmpMp4 = path.join(dir, `${cv.name}.mp4`);
      try {
        result = await transcodeRendition({
          source: r._source,
          outDir: path.join(dir, cv.name),
          mp4Path: tmpMp4,
          rendition: cv,
          probe: r._probe,
          clipStartSeconds: r.clip_start_seconds ?? undefined,
          clipDurationSeconds: r.clip_duration_seconds ?? undefined,
          segmentSeconds,
          ffmpegPath,
          threads: ffmpegThreads,
          signal,
          onProgress: (p) => {
            if (p !== cv.progress) store.update(id, () => (cv.progress = p));
          },
        });
      } catch (err) {
        if (signal.aborted) throw err;
        log(`video ${id}: ${cv.name} failed: ${err?.message}`);
        store.update(id, () => Object.assign(cv, { status: 'error', error: String(err?.message ?? err).slice(0, 500) }));
        continue;
      }
      const mp4 = `qid${cv.id}v1_h264_${result.kbps}_${cv.height}.mp4`;
      await rename(tmpMp4, path.join(dir, mp4));
      if (!store.get(id)) return;
      const after = store.update(id, (rec) => {
        Object.assign(cv, { status: 'complete', progress: 100, size: result.size, error: '', _mp4: mp4 });
        rec._renditions[cv.name] = {
          path: `${cv.name}/index.m3u8`,
          width: cv.width,
          height: cv.height,
          bandwidth: result.bandwidth,
          averageBandwidth: result.averageBandwidth,
          codecs: result.codecs,
          frameRate: result.frameRate,
          startPts: result.startPts,
        };
      });
      // The master lists the finished renditions (and the subtitles) before the status says so.
      await refreshHls(dir, after);
      const remaining = after.converted_videos.filter((c) => c.status === 'processing').length;
      if (remaining > 0) {
        change(id, (rec) => (rec.status = 'viewable'));
        if (index < ids.length - 1) await sleep(timing.renditionDelayMs ?? 0, signal);
      }
    }

    r = store.get(id);
    if (!r) return;
    const complete = r.converted_videos.filter((c) => c.status === 'complete');
    if (complete.length > 0) {
      if (r._aiCaptions && !r._aiCaptionsDone) {
        // Gcore runs its speech recognition after transcoding and attaches the result as a subtitle.
        const ai = aiPlaceholder(r._aiCaptions, r.duration);
        r = store.update(id, (rec) => {
          rec._subtitles.push({ id: store.nextSubtitleId(), rev: 0, ...ai });
          rec._aiCaptionsDone = true;
        });
        if (!r) return;
        await refreshHls(dir, r);
        log(`video ${id}: added "${ai.name}" (a placeholder: the emulator cannot transcribe)`);
      }
      change(id, (rec) => (rec.status = 'ready'));
    } else {
      const first = r.converted_videos.find((c) => c.error)?.error ?? 'no rendition';
      change(id, (rec) => {
        rec.status = 'error';
        rec.error = `Transcoding failed: ${first}`;
      });
    }
  }

  /** Copies origin_url (HTTP/HTTPS) with up to `downloadAttempts` attempts, then ingests it. */
  function startDownload(id) {
    id = Number(id);
    if (downloads.has(id) || closing.signal.aborted) return;
    const controller = new AbortController();
    downloads.set(id, controller);
    track(
      download(id, controller.signal).finally(() => downloads.delete(id)),
      `video ${id}: download`,
    );
  }

  async function download(id, signal) {
    const r = store.get(id);
    if (!r?.origin_url) return;
    const url = r.origin_url;
    const fail = (msg) => change(id, (rec) => (rec.error = `Download failed: ${msg}`));
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      return fail(`invalid origin_url (${url})`);
    }
    if (parsed.protocol === 'sftp:') return fail('sftp:// origins are not supported by the emulator');
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail(`unsupported protocol ${parsed.protocol}`);

    await mkdir(originRoot, { recursive: true });
    const file = path.join(originRoot, String(id));
    let lastError = '';
    for (let attempt = 1; attempt <= downloadAttempts; attempt++) {
      if (attempt > 1) await sleep(downloadRetryDelayMs, signal);
      try {
        const res = await fetch(url, {
          headers: parseHeaderLines(r._originHeaders),
          redirect: 'follow',
          signal: AbortSignal.any([signal, AbortSignal.timeout(downloadTimeoutMs)]),
        });
        // Gcore expects 200 OK (seed 000).
        if (res.status !== 200 || !res.body) {
          await res.body?.cancel().catch(() => {});
          throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
        }
        await pipeline(Readable.fromWeb(res.body), createWriteStream(`${file}.part`));
        await rename(`${file}.part`, file);
        log(`video ${id}: downloaded ${url} (attempt ${attempt})`);
        downloads.delete(id);
        await ingest(id, file, 'origin');
        return;
      } catch (err) {
        if (signal.aborted) throw abortError();
        lastError = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(err);
        log(`video ${id}: download attempt ${attempt}/${downloadAttempts} of ${url} failed: ${lastError}`);
        await rm(`${file}.part`, { force: true });
      }
      if (!store.get(id)) return;
    }
    fail(`${lastError} (${downloadAttempts} attempts)`);
  }

  return {
    uploadRefusal,
    /** A TUS upload finished (from createUploadServer's onUploadFinish). */
    acceptUpload({ id: uploadId, metadata, file }) {
      const videoId = Number(metadata?.video_id);
      if (!store.update(videoId, (rec) => rec._uploads.push(uploadId))) {
        // The video was deleted while its file was uploading: drop the file.
        log(`video ${videoId}: upload finished for a deleted video; file dropped`);
        track(Promise.all([rm(file, { force: true }), rm(`${file}.json`, { force: true })]), 'drop upload');
        return;
      }
      track(ingest(videoId, file, 'upload'), `video ${videoId}: ingest`);
    },
    startDownload,
    /** Picks up what a previous run left unfinished. */
    resumeAll() {
      for (const r of store.all()) {
        if (r.status === 'pending' || r.status === 'viewable') {
          store.update(r.id, (rec) => {
            for (const cv of rec.converted_videos) if (cv.status === 'processing') cv.progress = 0;
          });
          log(`video ${r.id}: resuming transcoding (${r.status})`);
          enqueue(r.id);
        } else if (r.status === 'empty' && !r.error && r._source) {
          track(
            (async () => {
              const file = r._source;
              store.update(r.id, (rec) => (rec._source = null));
              await ingest(r.id, file, r._sourceKind);
            })(),
            `video ${r.id}: ingest`,
          );
        } else if (r.status === 'empty' && !r.error && r.origin_url) {
          startDownload(r.id);
        }
      }
    },
    /** Stops all work on a deleted video; resolves when its ffmpeg (if any) has stopped. */
    async forget(id) {
      id = Number(id);
      const i = queue.indexOf(id);
      if (i >= 0) queue.splice(i, 1);
      downloads.get(id)?.abort();
      if (running?.id === id) {
        const { controller, done } = running;
        controller.abort();
        await done;
      }
    },
    /** Status of the machinery (for tests). */
    get busy() {
      return { running: running?.id ?? null, queued: [...queue], downloads: [...downloads.keys()] };
    },
    async close() {
      closing.abort();
      running?.controller.abort();
      for (const c of downloads.values()) c.abort();
      await Promise.allSettled([...background]);
    },
  };
}
