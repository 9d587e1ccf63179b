// The ffmpeg work of the emulator: the quality ladder, one HLS rendition (H.264 + AAC, ~2 s MPEG-TS
// segments, VOD playlist) with progress, its MP4 (a remux of the same segments), screenshots, a
// poster's thumbnail and the master playlist that lists the finished renditions (and the subtitles).
import { spawn } from 'node:child_process';
import { readFile, readdir, rename, stat, writeFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { FFMPEG_PATH, runFfmpeg } from './probe.mjs';

/** Gcore-like rendition names; nothing above the source height is made (no upscaling). */
export const DEFAULT_LADDER = Object.freeze([
  { name: 'vod240p', height: 240 },
  { name: 'vod360p', height: 360 },
  { name: 'vod720p', height: 720 },
]);

const even = (n) => Math.max(2, 2 * Math.round(n / 2));

/** A bitrate cap per height (kbit/s) for the video track. */
function videoMaxrateKbps(height) {
  if (height <= 240) return 400;
  if (height <= 360) return 800;
  if (height <= 480) return 1200;
  if (height <= 720) return 2500;
  if (height <= 1080) return 4500;
  return 8000;
}

/** H.264 level for baseline profile by height (RFC 6381 hex in the CODECS attribute). */
function h264Level(height) {
  if (height <= 480) return { level: '3.0', hex: '1e' };
  if (height <= 720) return { level: '3.1', hex: '1f' };
  if (height <= 1080) return { level: '4.0', hex: '28' };
  return { level: '5.1', hex: '33' };
}

/**
 * The renditions to make for a source: every rung not above the source height; when the source is smaller
 * than the smallest rung, one rendition at the source height.
 * @param {{name: string, height: number}[]} ladder
 * @param {{width: number, height: number}} source
 * @returns {{name: string, width: number, height: number}[]}  ascending height
 */
export function planRenditions(ladder, source) {
  const rungs = [...ladder].sort((a, b) => a.height - b.height);
  const fit = rungs.filter((r) => r.height <= source.height);
  const chosen = fit.length > 0 ? fit : [{ name: `vod${even(source.height)}p`, height: source.height }];
  return chosen.map((r) => {
    const height = even(r.height);
    return { name: r.name, height, width: even((source.width * height) / source.height) };
  });
}

/** Parses `ffmpeg -progress` output: seconds of output written so far, or null. */
function outTimeSeconds(block) {
  const t = /out_time=(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(block);
  if (!t || t[1]) return null;
  return Number(t[2]) * 3600 + Number(t[3]) * 60 + Number(t[4]);
}

/**
 * Transcodes one rendition to HLS in `outDir` (index.m3u8 + seg_NNN.ts), then remuxes an MP4 beside it.
 * @param {object} o
 * @param {string} o.source
 * @param {string} o.outDir             the rendition's directory (created, emptied first)
 * @param {string} o.mp4Path            where the MP4 goes
 * @param {{name: string, width: number, height: number}} o.rendition
 * @param {{durationMs: number, audioChannels: number, fps: number | null}} o.probe
 * @param {number} [o.clipStartSeconds]
 * @param {number} [o.clipDurationSeconds]
 * @param {number} [o.segmentSeconds]
 * @param {(percent: number) => void} [o.onProgress]
 * @param {AbortSignal} [o.signal]
 * @param {string} [o.ffmpegPath]
 * @param {number} [o.threads]          0 = ffmpeg's choice
 * @returns {Promise<{size: number, bandwidth: number, averageBandwidth: number, codecs: string, frameRate: number | null, kbps: number, startPts: number | null}>}
 */
export async function transcodeRendition({
  source, outDir, mp4Path, rendition, probe, clipStartSeconds, clipDurationSeconds, segmentSeconds = 2,
  onProgress, signal, ffmpegPath = FFMPEG_PATH, threads = 0,
}) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const hasAudio = probe.audioChannels > 0;
  const { level, hex } = h264Level(rendition.height);
  const maxrate = videoMaxrateKbps(rendition.height);
  const fps = probe.fps && probe.fps > 0 && probe.fps <= 120 ? probe.fps : null;
  const totalMs = clipDurationSeconds ? Math.min(clipDurationSeconds * 1000, probe.durationMs - (clipStartSeconds ?? 0) * 1000) : probe.durationMs - (clipStartSeconds ?? 0) * 1000;

  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'];
  if (clipStartSeconds) args.push('-ss', String(clipStartSeconds));
  if (clipDurationSeconds) args.push('-t', String(clipDurationSeconds));
  args.push('-i', source, '-map', '0:v:0');
  if (hasAudio) args.push('-map', '0:a:0');
  args.push(
    '-vf', `scale=${rendition.width}:${rendition.height},setsar=1`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-level', level, '-pix_fmt', 'yuv420p',
    '-crf', '23', '-maxrate', `${maxrate}k`, '-bufsize', `${maxrate * 2}k`,
    '-force_key_frames', `expr:gte(t,n_forced*${segmentSeconds})`, '-sc_threshold', '0',
  );
  if (threads) args.push('-threads', String(threads));
  if (hasAudio) args.push('-c:a', 'aac', '-b:a', rendition.height <= 360 ? '96k' : '128k', '-ac', String(Math.min(2, probe.audioChannels)));
  args.push(
    '-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_playlist_type', 'vod', '-hls_list_size', '0',
    '-hls_segment_filename', path.join(outDir, 'seg_%03d.ts'), path.join(outDir, 'index.m3u8'),
  );

  await new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffer = '';
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d) => {
      buffer += d;
      let i;
      while ((i = buffer.indexOf('progress=')) >= 0) {
        const end = buffer.indexOf('\n', i);
        if (end < 0) break;
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        const t = outTimeSeconds(block);
        if (t !== null && totalMs > 0) onProgress?.(Math.max(0, Math.min(99, Math.floor((t * 1000 * 100) / totalMs))));
      }
    });
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      else if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${code ?? sig}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });

  // Bandwidth for the master playlist: peak and average bitrate of the segments.
  const playlist = await readFile(path.join(outDir, 'index.m3u8'), 'utf8');
  let peak = 0;
  let totalBytes = 0;
  let totalSeconds = 0;
  const lines = playlist.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^#EXTINF:([\d.]+)/.exec(lines[i]);
    if (!m) continue;
    const seg = lines.slice(i + 1).find((l) => l && !l.startsWith('#'));
    const { size } = await stat(path.join(outDir, seg));
    const seconds = Number(m[1]) || segmentSeconds;
    peak = Math.max(peak, (size * 8) / seconds);
    totalBytes += size;
    totalSeconds += seconds;
  }
  const averageBandwidth = Math.ceil(totalSeconds > 0 ? (totalBytes * 8) / totalSeconds : 0);

  // Where the segments' timestamps start (90 kHz), for the subtitles' X-TIMESTAMP-MAP.
  const first = lines.find((l) => l && !l.startsWith('#'));
  const head = first ? await runFfmpeg(['-hide_banner', '-nostdin', '-i', path.join(outDir, first)], { ffmpegPath, signal }) : null;
  const start = head ? /start: (\d+(?:\.\d+)?)/.exec(head.stderr) : null;
  const startPts = start ? Math.round(Number(start[1]) * 90000) : null;

  // The MP4 of the rendition: the same streams, remuxed (no second encode).
  const tmp = `${mp4Path}.part.mp4`;
  const remuxArgs = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', path.join(outDir, 'index.m3u8'), '-c', 'copy'];
  if (hasAudio) remuxArgs.push('-bsf:a', 'aac_adtstoasc');
  remuxArgs.push('-movflags', '+faststart', tmp);
  const remux = await runFfmpeg(remuxArgs, { ffmpegPath, signal });
  if (remux.code !== 0) throw new Error(`ffmpeg remux exited with ${remux.code}: ${remux.stderr.trim().split('\n').at(-1)}`);
  await rename(tmp, mp4Path);
  const { size } = await stat(mp4Path);

  return {
    size,
    bandwidth: Math.ceil(peak * 1.1) || averageBandwidth,
    averageBandwidth,
    codecs: hasAudio ? `avc1.42e0${hex},mp4a.40.2` : `avc1.42e0${hex}`,
    frameRate: fps,
    kbps: Math.round(totalSeconds > 0 ? (totalBytes * 8) / totalSeconds / 1000 : 0),
    startPts,
  };
}

/**
 * Writes `master.m3u8` in `dir` listing `renditions` (only the finished ones) and the subtitle
 * renditions `subtitles` (`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs"` lines), atomically.
 * @param {string} dir
 * @param {{path: string, width: number, height: number, bandwidth: number, averageBandwidth: number, codecs: string, frameRate: number | null}[]} renditions
 * @param {string[]} [subtitles]
 */
export async function writeMasterPlaylist(dir, renditions, subtitles = []) {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS', ...subtitles];
  for (const r of [...renditions].sort((a, b) => a.bandwidth - b.bandwidth)) {
    const attrs = [
      `BANDWIDTH=${r.bandwidth}`,
      `AVERAGE-BANDWIDTH=${r.averageBandwidth}`,
      `RESOLUTION=${r.width}x${r.height}`,
      `CODECS="${r.codecs}"`,
    ];
    if (r.frameRate) attrs.push(`FRAME-RATE=${r.frameRate.toFixed(3)}`);
    if (subtitles.length > 0) attrs.push('SUBTITLES="subs"');
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, r.path);
  }
  const file = path.join(dir, 'master.m3u8');
  await writeFile(`${file}.tmp`, `${lines.join('\n')}\n`);
  await rename(`${file}.tmp`, file);
}

/**
 * Takes up to `count` JPEG screenshots at fixed offsets spread over the video (Gcore makes 5), plus a
 * thumbnail (200 px high) of the first.
 * @returns {Promise<{screenshots: string[], thumb: string | null}>} file names inside `dir`
 */
export async function takeScreenshots({ source, dir, durationMs, count = 5, ffmpegPath = FFMPEG_PATH, signal }) {
  await mkdir(dir, { recursive: true });
  const screenshots = [];
  let thumb = null;
  for (let i = 0; i < count; i++) {
    const at = ((durationMs / 1000) * (i + 1)) / (count + 1);
    const name = `screenshot_${i}.jpg`;
    const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-ss', at.toFixed(3), '-i', source, '-frames:v', '1', '-q:v', '3', path.join(dir, name)];
    if (i === 0) args.push('-frames:v', '1', '-q:v', '4', '-vf', 'scale=-2:200', path.join(dir, 'thumb_0.jpg'));
    const { code } = await runFfmpeg(args, { ffmpegPath, signal });
    if (code !== 0) continue;
    const exists = await stat(path.join(dir, name)).then(() => true, () => false);
    if (exists) screenshots.push(name);
    if (i === 0 && (await stat(path.join(dir, 'thumb_0.jpg')).then(() => true, () => false))) thumb = 'thumb_0.jpg';
  }
  return { screenshots, thumb };
}

/**
 * A thumbnail of an image (Gcore's `poster_thumb`: "proportionally scaled to a size of 200 pixels in
 * height"), as JPEG. Resolves true when it was made.
 */
export async function makeThumbnail({ source, target, ffmpegPath = FFMPEG_PATH, signal }) {
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', source, '-frames:v', '1', '-vf', 'scale=-2:200', '-q:v', '4', target];
  const { code } = await runFfmpeg(args, { ffmpegPath, signal }).catch(() => ({ code: -1 }));
  return code === 0 && (await stat(target).then((s) => s.size > 0, () => false));
}

/** Lists files of a directory, or [] when it does not exist. */
export async function listDir(dir) {
  return readdir(dir).catch(() => []);
}
