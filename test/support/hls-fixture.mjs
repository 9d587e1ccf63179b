// Real HLS for the preview tests: a short testsrc + sine clip encoded by the real ffmpeg
// (@ffmpeg-installer/ffmpeg) into one rendition per height (H.264 baseline + AAC in MPEG-TS, 1 s segments,
// VOD playlists) and a master.m3u8 that lists a chosen subset, as Gcore's does while it still converts.
import { spawn } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const FFMPEG_PATH = process.env.FFMPEG_PATH ?? require('@ffmpeg-installer/ffmpeg').path;

const even = (n) => Math.max(2, 2 * Math.round(n / 2));

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr}`))));
  });
}

/** RFC 6381 level byte for H.264 baseline by height. */
function levelFor(height) {
  if (height <= 480) return { level: '3.0', hex: '1e' };
  if (height <= 720) return { level: '3.1', hex: '1f' };
  return { level: '4.0', hex: '28' };
}

async function encodeRendition(dir, { name, height }, seconds) {
  const width = even((height * 16) / 9);
  const outDir = path.join(dir, name);
  await mkdir(outDir, { recursive: true });
  const { level, hex } = levelFor(height);
  // prettier-ignore
  await run([
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    '-map', '0:v', '-map', '1:a', '-shortest',
    // AAC's encoder delay (1024 samples) would start the audio 23 ms before the video, and the muxer then
    // shifts the video to 0.023 s: playback from 0 first needs a seek over that gap. Delaying the audio's input
    // by as much makes both streams start at 0, as in a clean encode.
    '-af', 'asetpts=PTS+1024',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-level', level, '-pix_fmt', 'yuv420p',
    '-g', '25', '-keyint_min', '25', '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '64k', '-ac', '2',
    '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod', '-hls_list_size', '0',
    '-hls_segment_filename', path.join(outDir, 'seg_%03d.ts'),
    path.join(outDir, 'index.m3u8'),
  ]);
  let bytes = 0;
  for (const file of await readdir(outDir)) if (file.endsWith('.ts')) bytes += (await stat(path.join(outDir, file))).size;
  return {
    name,
    width,
    height,
    uri: `${name}/index.m3u8`,
    bandwidth: Math.ceil(((bytes * 8) / seconds) * 1.2),
    codecs: `avc1.42e0${hex},mp4a.40.2`,
  };
}

/** The text of a master playlist listing `renditions` (lowest first, as Gcore lists them). */
export function masterText(renditions) {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of [...renditions].sort((a, b) => a.height - b.height)) {
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${r.codecs}",FRAME-RATE=25.000`, r.uri);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Encodes every rendition of `renditions` into `dir` and writes `dir/master.m3u8` listing those named in
 * `listed` (all by default). Returns what it made, and `list(names)` to rewrite the master.
 * @param {string} dir
 * @param {{renditions?: {name: string, height: number}[], seconds?: number, listed?: string[]}} options
 */
export async function makeHls(dir, { renditions = [{ name: 'vod240p', height: 240 }], seconds = 3, listed } = {}) {
  await mkdir(dir, { recursive: true });
  const made = [];
  for (const r of renditions) made.push(await encodeRendition(dir, r, seconds));
  const hls = {
    dir,
    seconds,
    renditions: made,
    masterPath: path.join(dir, 'master.m3u8'),
    listed: [],
    /** Rewrites the master to list exactly these renditions (by name). */
    async list(names) {
      const chosen = made.filter((r) => names.includes(r.name));
      const unknown = names.filter((n) => !made.some((r) => r.name === n));
      if (unknown.length) throw new Error(`No such rendition: ${unknown.join(', ')}`);
      await writeMaster(dir, chosen);
      hls.listed = chosen.map((r) => r.name);
      return hls.listed;
    },
  };
  await hls.list(listed ?? made.map((r) => r.name));
  return hls;
}

/** Writes `dir/master.m3u8` listing `renditions` (as returned by makeHls). */
export async function writeMaster(dir, renditions) {
  await writeFile(path.join(dir, 'master.m3u8'), masterText(renditions));
}
