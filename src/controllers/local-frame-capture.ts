/**
 * How the local frame is drawn: a chosen file's picture a little way in (past a black start) as a small
 * JPEG data URL, and its duration, read by the browser from the file itself. Two ways, the cheaper first:
 * - an MP4 / MOV in H.264 or HEVC (what cameras, phones and editors write) is decoded with WebCodecs:
 *   mp4-index.ts reads its `moov`, and only the samples from the key frame to the picture are read and
 *   decoded, with no media pipeline behind them (bench/profile.mjs: the `<video>` way cost about 80 ms of
 *   Chromium's CPU per file, on the same cores as the upload beside it); frame-picture.ts scales the
 *   decoded picture down, in a worker when it is larger than Full HD;
 * - anything else a browser may play (and an MP4 where WebCodecs is missing, or refuses its codec) goes
 *   to a `<video>` that is never in the page (muted, `preload="metadata"`) on an object URL of the file;
 *   it seeks a little, the frame is drawn, and the object URL is revoked at once, as it is on an error or
 *   after FRAME_TIMEOUT_MS.
 * The browser reads only what it needs of the file (never all of it). A file whose first bytes are no
 * container a browser plays (`playableContainer`) gets no `<video>`; files that cannot be decoded get no
 * frame (the row shows an icon) and upload as usual.
 */
import { drawHere, pictureOf, type FramePicture } from './frame-picture.js';
import { MAX_DECODE_SAMPLES, readMp4Index, type Mp4Run, type Mp4Sample } from './mp4-index.js';

/** What a capture found: `src` (a JPEG data URL) and `duration` (seconds), each null when it could not. */
export interface FrameCapture {
  src: string | null;
  duration: number | null;
}

export const FRAME_TIMEOUT_MS = 10_000;

/** The bytes `playableContainer` looks at. */
const HEAD_BYTES = 12;
/** ISO BMFF / QuickTime box types a file starts with (at byte 4): MP4, MOV, M4V, 3GP and their audio kin. */
const BMFF_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid']);

/** Whether `head` starts an ISO BMFF / QuickTime file. */
const isBmff = (head: Uint8Array) => head.length >= 8 && BMFF_FIRST_BOXES.has(String.fromCharCode(...head.subarray(4, 8)));

/**
 * Whether a file starting with `head` is in a container some browser's `<video>` plays: ISO BMFF / QuickTime
 * (MP4, MOV, M4V), Matroska / WebM, Ogg, and the audio files browsers play (MP3, WAV, FLAC: a duration,
 * no frame). Anything else (AVI, MPEG-TS, MXF, FLV, WMV, ProRes in MXF, noise) has no frame to show: a
 * `<video>` for it only started the browser's media pipeline, which probed the file and failed, on the
 * CPU the upload beside it needed (bench/profile.mjs: ~70 ms of Chromium's CPU for 16 MiB of noise).
 */
export function playableContainer(head: Uint8Array): boolean {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (isBmff(head)) return true;
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true; // EBML: Matroska, WebM
  const magic = text(0, 4);
  if (magic === 'OggS' || magic === 'fLaC' || magic.startsWith('ID3')) return true;
  if (magic === 'RIFF') return text(8, 12) === 'WAVE';
  return head[0] === 0xff && (head[1] & 0xe0) === 0xe0; // an MPEG audio frame (MP3 without ID3)
}

/** An MP4's samples for one picture are read in one piece while they span no more than this. */
const MAX_SPAN_BYTES = 16 * 1024 * 1024;

/**
 * Draws `file`'s frame at about `at` seconds (less for short files); resolves with what could be read, never
 * rejects. A file in no container a browser plays resolves at once with nothing.
 */
export async function captureFrame(file: Blob, at = 1, timeoutMs = FRAME_TIMEOUT_MS): Promise<FrameCapture> {
  const head = await file.slice(0, HEAD_BYTES).arrayBuffer().then((b) => new Uint8Array(b), () => new Uint8Array(0));
  if (!playableContainer(head)) return { src: null, duration: null };
  const decoded = isBmff(head) ? await decodeFrame(file, at, timeoutMs) : null;
  return decoded ?? drawFrame(file, at, timeoutMs);
}

/**
 * The WebCodecs way, for an MP4 / MOV: null when it cannot tell (no WebCodecs, no index, a codec the
 * decoder refuses, a decoding error), and the `<video>` way is tried instead. The picture is the first
 * key frame alone (one frame decoded); only when that one is blank are the frames up to `at` decoded.
 */
async function decodeFrame(file: Blob, at: number, timeoutMs: number): Promise<FrameCapture | null> {
  if (typeof VideoDecoder !== 'function' || typeof EncodedVideoChunk !== 'function') return null;
  const index = await readMp4Index(file);
  if (!index) return null;
  const duration = index.duration;
  const track = index.video;
  if (!track) return { src: null, duration }; // an audio file: its duration, no picture
  const config: VideoDecoderConfig = { codec: track.codec, description: track.description, codedWidth: track.codedWidth, codedHeight: track.codedHeight, optimizeForLatency: true };
  // A stream that does not say its colours is shown as the browsers' players show it: BT.601 below 720 lines (else WebCodecs' BT.709).
  if (!track.colourDescribed && track.codedHeight < 720) config.colorSpace = { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: track.fullRange };
  const supported = await VideoDecoder.isConfigSupported(config).then((s) => s.supported, () => false);
  if (!supported) return null;
  const deadline = Date.now() + timeoutMs;
  const first = await decodeRun(file, config, index.samplesFor(0), deadline);
  if (first === 'late') return { src: null, duration };
  if (!first || !first.blank) return first && { src: first.src, duration };
  const later = await decodeRun(file, config, index.samplesFor(startAt(at, duration)), deadline);
  return later === 'late' ? { src: first.src, duration } : { src: (later ?? first).src, duration };
}

/** Where the picture is looked for past a blank start: `at`, or a tenth of a short file. */
const startAt = (at: number, duration: number | null) => Math.min(at, (duration ?? 10 * at) / 10);

/** Decodes `run` (the first sample only, when its picture is at the key frame) and draws the picture closest to its wanted time. */
async function decodeRun(file: Blob, config: VideoDecoderConfig, run: Mp4Run, deadline: number): Promise<FramePicture | null | 'late'> {
  const { wanted } = run;
  const samples = run.samples[0]?.timestamp === wanted ? run.samples.slice(0, 1) : run.samples;
  if (samples.length === 0 || samples.length > MAX_DECODE_SAMPLES) return null;
  let best: VideoFrame | null = null;
  const decoder = new VideoDecoder({
    // The picture closest to the wanted time; the others go at once.
    output: (frame) => {
      if (best && Math.abs(best.timestamp - wanted) <= Math.abs(frame.timestamp - wanted)) return frame.close();
      best?.close();
      best = frame;
    },
    error: () => undefined, // flush() rejects with it
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    decoder.configure(config);
    for (const [sample, data] of await readSamples(file, samples)) {
      decoder.decode(new EncodedVideoChunk({ type: sample.key ? 'key' : 'delta', timestamp: sample.timestamp, duration: sample.duration, data }));
    }
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))));
    if ((await Promise.race([decoder.flush(), late])) === 'late') return 'late';
    const frame = best as VideoFrame | null;
    return frame && (await pictureOf(frame, deadline));
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    (best as VideoFrame | null)?.close();
    if (decoder.state !== 'closed') decoder.close();
  }
}

/** The bytes of `samples`: one read when they lie close together (they are interleaved with the audio), else one each. */
async function readSamples(file: Blob, samples: Mp4Sample[]): Promise<Array<[Mp4Sample, Uint8Array]>> {
  const start = Math.min(...samples.map((s) => s.offset));
  const end = Math.max(...samples.map((s) => s.offset + s.size));
  if (end - start <= MAX_SPAN_BYTES) {
    const span = new Uint8Array(await file.slice(start, end).arrayBuffer());
    return samples.map((s) => [s, span.subarray(s.offset - start, s.offset - start + s.size)]);
  }
  return Promise.all(samples.map(async (s) => [s, new Uint8Array(await file.slice(s.offset, s.offset + s.size).arrayBuffer())] as [Mp4Sample, Uint8Array]));
}

function drawFrame(file: Blob, at: number, timeoutMs: number): Promise<FrameCapture> {
  return new Promise((resolve) => {
    const result: FrameCapture = { src: null, duration: null };
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    const end = () => {
      clearTimeout(timer);
      video.onloadedmetadata = video.onseeked = video.onloadeddata = video.oncanplay = video.onerror = null;
      video.removeAttribute('src');
      video.load(); // lets the decoder go
      URL.revokeObjectURL(url);
      resolve(result);
    };
    const timer = setTimeout(end, timeoutMs);
    // The first picture, unless it is blank: then the one at `at`. Each is sought, even the first: a
    // picture drawn at `loadeddata` may not be painted yet (Chromium draws nothing then).
    let seeks = 0;
    const seek = (time: number) => {
      seeks++;
      video.currentTime = time;
    };
    const draw = () => {
      const { videoWidth: w, videoHeight: h } = video;
      if (seeks === 0) return;
      if (!w || !h) return end(); // no picture (an audio file)
      if (video.readyState < 2 || video.seeking) return; // the frame is not there yet: `seeked`, `loadeddata` or `canplay` follows
      const picture = drawHere(video, w, h);
      result.src = picture?.src ?? result.src;
      if (!picture?.blank || seeks > 1) return end();
      seek(startAt(at, result.duration));
    };
    video.muted = true;
    video.preload = 'metadata';
    video.onerror = end;
    video.onloadedmetadata = () => {
      const d = video.duration;
      result.duration = d > 0 && d < Infinity ? d : null;
      seek(0);
    };
    video.onseeked = video.onloadeddata = video.oncanplay = draw;
    video.src = url;
  });
}

