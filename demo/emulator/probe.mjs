// Probing an original file with the bundled ffmpeg (no ffprobe ships with @ffmpeg-installer):
// `ffmpeg -i <file>` prints the container and stream description on stderr, which is parsed here.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The bundled ffmpeg binary. */
export const FFMPEG_PATH = require('@ffmpeg-installer/ffmpeg').path;

/**
 * @typedef {object} ProbeResult
 * @property {number} durationMs        integer milliseconds
 * @property {number} size              bytes of the file
 * @property {number} width             display width (rotation applied)
 * @property {number} height            display height (rotation applied)
 * @property {number} audioChannels     0 when there is no audio stream
 * @property {number | null} fps
 * @property {string} format            container name(s) as ffmpeg reports them
 * @property {string} videoCodec
 */

const LAYOUT_CHANNELS = {
  mono: 1, stereo: 2, '2.1': 3, '3.0': 3, '3.0(back)': 3, quad: 4, 'quad(side)': 4, '4.0': 4, '4.1': 5,
  '5.0': 5, '5.0(side)': 5, '5.1': 6, '5.1(side)': 6, '6.0': 6, '6.1': 7, '7.0': 7, '7.1': 8, '7.1(wide)': 8,
};

/** Runs ffmpeg with `args`; resolves with {code, stdout, stderr} (never rejects on exit codes). */
export function runFfmpeg(args, { ffmpegPath = FFMPEG_PATH, signal } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses the stderr of `ffmpeg -i` (exported for tests). Returns null when there is no usable video. */
export function parseFfmpegInfo(text) {
  const input = /Input #0, ([^,\n]+(?:,[^,\n]+)*?), from /.exec(text);
  if (!input) return null;
  const format = input[1];
  if (/^(image2|[a-z0-9]+_pipe|gif|tty|lavfi)$/.test(format.split(',')[0].trim()) && !/gif/.test(format)) return null;

  let durationMs = null;
  const d = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(text);
  if (d) durationMs = Math.round((Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3])) * 1000);

  // The first video stream that is not a cover picture.
  const videoLines = [...text.matchAll(/Stream #0:\d+[^:\n]*: Video: ([^\n]+)/g)].filter((m) => !/attached pic/.test(m[1]));
  if (videoLines.length === 0) return null;
  const v = videoLines[0][1];
  const size = /, (\d{2,5})x(\d{2,5})/.exec(v);
  if (!size) return null;
  let width = Number(size[1]);
  let height = Number(size[2]);
  const fpsMatch = /, ([\d.]+) fps/.exec(v);
  const fps = fpsMatch ? Number(fpsMatch[1]) : null;
  const videoCodec = v.split(/[ ,(]/)[0];

  // A 90/270 degree rotation (phone recordings) swaps the displayed dimensions.
  const start = text.indexOf(videoLines[0][0]);
  const next = text.indexOf('Stream #0:', start + 10);
  const section = text.slice(start, next < 0 ? undefined : next);
  const rot = /rotate\s*:\s*(-?\d+)|rotation of (-?[\d.]+) degrees/.exec(section);
  if (rot) {
    const deg = Math.abs(Math.round(Number(rot[1] ?? rot[2]))) % 180;
    if (deg === 90) [width, height] = [height, width];
  }

  let audioChannels = 0;
  const a = /Stream #0:\d+[^:\n]*: Audio: ([^\n]+)/.exec(text);
  if (a) {
    const parts = a[1].split(',').map((s) => s.trim());
    const layout = parts[2] ?? '';
    const n = /^(\d+) channels/.exec(layout);
    audioChannels = n ? Number(n[1]) : (LAYOUT_CHANNELS[layout] ?? 2);
  }
  return { durationMs, width, height, audioChannels, fps, format, videoCodec };
}

/**
 * Probes `file`. Resolves with a ProbeResult, or null when the file is not a readable video
 * (Gcore then leaves the video `empty` with error "File Invalid").
 * @returns {Promise<ProbeResult | null>}
 */
export async function probe(file, { ffmpegPath = FFMPEG_PATH } = {}) {
  const { size } = await stat(file);
  if (size === 0) return null;
  const { stderr } = await runFfmpeg(['-hide_banner', '-nostdin', '-i', file], { ffmpegPath });
  const info = parseFfmpegInfo(stderr);
  if (!info) return null;
  if (info.durationMs === null) {
    // No duration in the header (raw streams): read the whole file once and take the last timestamp.
    const full = await runFfmpeg(['-hide_banner', '-nostdin', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], { ffmpegPath });
    const times = [...full.stderr.matchAll(/time=(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/g)];
    const t = times.at(-1);
    if (t) info.durationMs = Math.round((Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3])) * 1000);
  }
  if (!info.durationMs || info.durationMs < 100) return null;
  return { ...info, size };
}
