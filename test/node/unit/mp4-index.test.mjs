// The local frame's MP4 / MOV reader (src/controllers/mp4-index.ts) on files a real ffmpeg wrote, as
// cameras, phones and editors write them: moov after the media or before it (faststart), H.264 with and
// without B-frames, HEVC in a .mov, an audio file, a fragmented MP4 and damaged files. What a user sees
// of it is the right picture in the row, so the samples it points at must be whole NAL units of the
// video track, starting with a key frame, up to the asked-for time.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FFMPEG_PATH } from '../../../demo/emulator/probe.mjs';
import { readMp4Index, MAX_DECODE_SAMPLES } from '../../../src/controllers/mp4-index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gcore-mp4-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A file made by ffmpeg from test sources: `video` / `audio` are its encoder options (null: none). */
function make(name, { seconds = 4, video = ['-c:v', 'libx264', '-preset', 'ultrafast'], audio = ['-c:a', 'aac'], extra = [] } = {}) {
  const file = path.join(dir, name);
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  if (video) args.push('-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${seconds}`);
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`);
  if (video) args.push(...video, '-pix_fmt', 'yuv420p');
  if (audio) args.push(...audio);
  args.push(...extra, file);
  const r = spawnSync(FFMPEG_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  assert.equal(r.status, 0, `ffmpeg: ${r.stderr}`);
  return new Blob([readFileSync(file)]);
}

/** The NAL unit types in `sample` (length-prefixed, as MP4 stores them); throws unless they fill it exactly. */
async function nalTypes(file, sample, hevc = false) {
  const bytes = new Uint8Array(await file.slice(sample.offset, sample.offset + sample.size).arrayBuffer());
  const types = [];
  for (let at = 0; at < bytes.length; ) {
    const length = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
    assert.ok(length > 0 && at + 4 + length <= bytes.length, `a NAL unit of ${length} bytes at ${at} of a ${bytes.length}-byte sample`);
    types.push(hevc ? (bytes[at + 4] >> 1) & 0x3f : bytes[at + 4] & 0x1f);
    at += 4 + length;
  }
  return types;
}

describe('the local frame reads an MP4 / MOV index', () => {
  test('H.264 + AAC with moov after the media (ffmpeg\'s default): duration, codec, size, and the samples up to 1 s from the key frame', async () => {
    const file = make('end.mp4');
    const index = await readMp4Index(file);
    assert.ok(index, 'an index');
    assert.ok(Math.abs(index.duration - 4) < 0.1, `duration ${index.duration}`);
    assert.match(index.video.codec, /^avc1\.[0-9a-f]{6}$/);
    assert.deepEqual([index.video.codedWidth, index.video.codedHeight], [320, 180]);
    assert.equal(index.video.description[0], 1, 'an avcC record');
    const { samples, wanted } = index.samplesFor(1);
    assert.equal(samples[0].key, true);
    assert.equal(samples[0].timestamp, 0);
    assert.equal(wanted, 1_000_000);
    assert.deepEqual(await nalTypes(file, samples[0]).then((t) => t.includes(5)), true, 'the first sample is an IDR picture');
    for (const s of samples.slice(1)) assert.ok((await nalTypes(file, s)).every((t) => t !== 5 && t >= 1), 'then pictures of the same track');
    // 25 fps: frames 0..25 reach 1 s; four more for reordering.
    assert.equal(samples.length, 26 + 4);
    assert.ok(samples.some((s) => s.timestamp === 1_000_000), 'the frame at 1 s is among them');
    assert.ok(samples.every((s) => s.duration === 40_000));
  });

  test('faststart (moov first) reads the same', async () => {
    const end = await readMp4Index(make('end2.mp4'));
    const first = await readMp4Index(make('first.mp4', { extra: ['-movflags', '+faststart'] }));
    assert.equal(first.video.codec, end.video.codec);
    assert.equal(first.samplesFor(1).samples.length, end.samplesFor(1).samples.length);
    assert.notEqual(first.samplesFor(1).samples[0].offset, end.samplesFor(1).samples[0].offset, 'the media moved behind moov');
  });

  test('B-frames: presentation times from ctts, the key frame first in decode order', async () => {
    const file = make('bframes.mp4', { video: ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '3'] });
    const index = await readMp4Index(file);
    const { samples, wanted } = index.samplesFor(1);
    const times = samples.map((s) => s.timestamp);
    assert.notDeepEqual(times, [...times].sort((a, b) => a - b), 'decode order is not presentation order');
    assert.equal(wanted, 1_000_000 + times[0], 'the picture at 1 s is the key frame\'s time plus 1 s');
    assert.ok(times.includes(wanted), 'and it is decoded');
    for (const s of samples) await nalTypes(file, s);
  });

  test('a key frame every second: the samples start at the one at or before the time', async () => {
    const index = await readMp4Index(make('gop.mp4', { video: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25'] }));
    const { samples } = index.samplesFor(2.5);
    assert.equal(samples[0].key, true);
    assert.equal(samples[0].timestamp, 2_000_000);
    assert.equal(samples.length, 13 + 4);
  });

  test('a long group of pictures is cut at MAX_DECODE_SAMPLES', async () => {
    const index = await readMp4Index(make('long-gop.mp4', { seconds: 8, audio: null, video: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '300'] }));
    assert.equal(index.samplesFor(7).samples.length, MAX_DECODE_SAMPLES);
  });

  test('a long video: its duration whole, its first second indexed (the tables are not expanded for all of it)', async () => {
    // 4800 samples (more than are indexed): 80 s at 60 fps, a key frame every second.
    const file = make('long.mp4', { seconds: 80, audio: null, video: ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-r', '60'] });
    const index = await readMp4Index(file);
    assert.ok(Math.abs(index.duration - 80) < 0.1, `duration ${index.duration}`);
    const { samples, wanted } = index.samplesFor(1.5);
    assert.equal(samples[0].timestamp, 1_000_000);
    assert.equal(wanted, 1_500_000);
    assert.equal(samples.length, 30 + 1 + 4);
    for (const s of samples) await nalTypes(file, s);
  });

  test('HEVC in a .mov (hvc1), as phones record', async () => {
    const file = make('phone.mov', { video: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none', '-tag:v', 'hvc1'] });
    const index = await readMp4Index(file);
    assert.match(index.video.codec, /^hvc1\.1\.6\.L\d+(\.[0-9A-F]{2})*$/);
    const [first] = index.samplesFor(1).samples;
    const types = await nalTypes(file, first, true);
    assert.ok(types.some((t) => t >= 16 && t <= 21), `a key picture (IRAP) first: ${types}`);
  });

  test('whether the stream says its colours (the SPS\'s VUI), for the browsers\' guess where it does not', async () => {
    const colour = async (name, video) => {
      const { colourDescribed, fullRange } = (await readMp4Index(make(name, { seconds: 1, audio: null, video }))).video;
      return { colourDescribed, fullRange };
    };
    const x264 = (...more) => ['-c:v', 'libx264', '-preset', 'ultrafast', ...more];
    const bt709 = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'];
    assert.deepEqual(await colour('untagged.mp4', x264()), { colourDescribed: false, fullRange: false });
    assert.deepEqual(await colour('tagged.mp4', x264(...bt709)), { colourDescribed: true, fullRange: false });
    // High profile with scaling matrices before the VUI, and a full-range one.
    assert.deepEqual(await colour('high-cqm.mp4', x264('-profile:v', 'high', '-x264-params', 'cqm=jvt', ...bt709)), { colourDescribed: true, fullRange: false });
    assert.deepEqual(await colour('high-untagged.mp4', x264('-profile:v', 'high', '-x264-params', 'cqm=jvt')), { colourDescribed: false, fullRange: false });
    assert.deepEqual(await colour('full.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-color_range', 'pc']), { colourDescribed: false, fullRange: true });
  });

  test('an audio file has a duration and no video', async () => {
    const index = await readMp4Index(make('song.m4a', { seconds: 2, video: null }));
    assert.ok(Math.abs(index.duration - 2) < 0.1);
    assert.equal(index.video, null);
  });

  test('what it cannot read answers null, for the <video> to decide: fragmented MP4, VP9, a cut-off file, noise', async () => {
    assert.equal(await readMp4Index(make('frag.mp4', { extra: ['-movflags', 'frag_keyframe+empty_moov'] })), null);
    assert.equal(await readMp4Index(make('vp9.mp4', { seconds: 1, video: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime'], audio: null })), null);
    const whole = new Uint8Array(await make('cut.mp4').arrayBuffer());
    assert.equal(await readMp4Index(new Blob([whole.subarray(0, whole.length - 2000)])), null, 'moov cut off');
    const noise = new Uint8Array(1 << 16).map((_, i) => (i * 2654435761) >>> 24);
    assert.equal(await readMp4Index(new Blob([noise])), null);
    assert.equal(await readMp4Index(new Blob([])), null);
  });
});
