/**
 * What the local frame needs of an MP4 / MOV file, read from its `moov` box alone: the duration, the
 * first video track's codec (H.264 or HEVC, as WebCodecs names it, with its decoder configuration) and
 * where the samples to decode for the picture at a given time are in the file. A few small reads of
 * the file (the top-level box headers, then `moov`), never the media data. Anything else (fragmented
 * MP4, other codecs, encrypted tracks, a damaged or oversized `moov`) answers null, and the local frame
 * falls back to a `<video>`. No DOM: Blob and DataView only.
 */

/** A `moov` larger than this is not read (a two-hour 60 fps video's is about 8 MiB). */
const MAX_MOOV_BYTES = 32 * 1024 * 1024;
/** Top-level boxes looked at before giving up on finding `moov`. */
const MAX_TOP_BOXES = 64;
/** Samples decoded at most for one picture: with a longer run from the key frame, the picture is the last of them (earlier than asked). */
export const MAX_DECODE_SAMPLES = 120;
/** Samples indexed from the start of a track (over a minute at 60 fps): the picture looked for is at most a second in. */
const MAX_INDEXED_SAMPLES = 4096;

export interface Mp4VideoTrack {
  /** The WebCodecs codec string: `avc1.64001f`, `hvc1.1.6.L93.B0`. */
  codec: string;
  /** The decoder configuration record (`avcC` / `hvcC` body), WebCodecs' `description`. */
  description: Uint8Array;
  codedWidth: number;
  codedHeight: number;
  /**
   * Whether the bitstream says which colours it is in (H.264: the SPS's VUI colour description; HEVC:
   * assumed so). Where it does not, a browser's `<video>` guesses by the size (Chromium: BT.601 below
   * 720 lines) and its WebCodecs may guess otherwise.
   */
  colourDescribed: boolean;
  /** Full-range samples (H.264's VUI `video_full_range_flag`). */
  fullRange: boolean;
}

export interface Mp4Sample {
  offset: number;
  size: number;
  /** Presentation time in microseconds. */
  timestamp: number;
  /** In microseconds. */
  duration: number;
  key: boolean;
}

/** What to decode for one picture: `samples` in decode order, the first a key frame; `wanted` is the picture's presentation time (µs). */
export interface Mp4Run {
  samples: Mp4Sample[];
  wanted: number;
}

export interface Mp4Index {
  /** In seconds, or null when the file does not say. */
  duration: number | null;
  /** The first video track, or null (an audio file, or a codec this reader does not know). */
  video: Mp4VideoTrack | null;
  /** The samples that give the picture at `seconds`: from the key frame at or before it (none when the track starts with no key frame). */
  samplesFor(seconds: number): Mp4Run;
}

interface Box {
  type: string;
  /** Where its body starts and ends, in the view it was read from. */
  start: number;
  end: number;
}

/** The boxes in `view` between `from` and `to`. */
function boxes(view: DataView, from = 0, to = view.byteLength): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    const type = fourcc(view, at + 4);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) break;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) break;
    out.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return out;
}

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function child(view: DataView, parent: Box | undefined, type: string): Box | undefined {
  return parent && boxes(view, parent.start, parent.end).find((b) => b.type === type);
}

function path(view: DataView, parent: Box | undefined, ...types: string[]): Box | undefined {
  let box = parent;
  for (const type of types) box = child(view, box, type);
  return box;
}

/** A full box's version byte; its fields start 4 bytes into the body. */
const version = (view: DataView, box: Box) => view.getUint8(box.start);

/** `mvhd` / `mdhd`: timescale and duration (version 0 or 1). */
function timing(view: DataView, box: Box): { timescale: number; duration: number } {
  const v1 = version(view, box) === 1;
  const at = box.start + 4 + (v1 ? 16 : 8);
  const timescale = view.getUint32(at);
  const duration = v1 ? Number(view.getBigUint64(at + 4)) : view.getUint32(at + 4);
  return { timescale, duration };
}

/** Where `moov` is in `file`, found from the top-level box headers (it may follow `mdat`). */
async function findMoov(file: Blob): Promise<DataView | null> {
  let at = 0;
  for (let i = 0; i < MAX_TOP_BOXES && at + 8 <= file.size; i++) {
    const head = new DataView(await file.slice(at, at + 16).arrayBuffer());
    if (head.byteLength < 8) return null;
    let size = head.getUint32(0);
    const type = fourcc(head, 4);
    let header = 8;
    if (size === 1) {
      if (head.byteLength < 16) return null;
      size = Number(head.getBigUint64(8));
      header = 16;
    } else if (size === 0) size = file.size - at;
    if (size < header) return null;
    if (type === 'moov') {
      if (size > MAX_MOOV_BYTES || at + size > file.size) return null;
      return new DataView(await file.slice(at, at + size).arrayBuffer());
    }
    at += size;
  }
  return null;
}

const hex = (n: number, digits = 2) => n.toString(16).padStart(digits, '0');

/** `avc1.PPCCLL` from an `avcC` body (profile, constraint flags, level). */
function avcCodec(type: string, body: Uint8Array): string | null {
  if (body.length < 4 || body[0] !== 1) return null;
  return `${type}.${hex(body[1])}${hex(body[2])}${hex(body[3])}`;
}

/** `hvc1.P.C.TL.B…` from an `hvcC` body (ISO/IEC 14496-15 Annex E). */
function hevcCodec(type: string, body: Uint8Array): string | null {
  if (body.length < 23 || body[0] !== 1) return null;
  const space = body[1] >> 6;
  const tier = (body[1] >> 5) & 1;
  const profile = body[1] & 0x1f;
  let compat = ((body[2] << 24) | (body[3] << 16) | (body[4] << 8) | body[5]) >>> 0;
  let reversed = 0;
  for (let i = 0; i < 32; i++, compat >>>= 1) reversed = ((reversed << 1) | (compat & 1)) >>> 0;
  const constraints = [...body.subarray(6, 12)];
  while (constraints.length && constraints[constraints.length - 1] === 0) constraints.pop();
  const parts = [`${type}`, `${space ? 'ABC'[space - 1] : ''}${profile}`, reversed.toString(16), `${tier ? 'H' : 'L'}${body[12]}`, ...constraints.map((c) => hex(c).toUpperCase())];
  return parts.join('.');
}

/** Reads Exp-Golomb coded fields from an H.264 RBSP. */
class Bits {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  bit(): number {
    if (this.at >= this.bytes.length * 8) throw new RangeError('past the end');
    const bit = (this.bytes[this.at >> 3] >> (7 - (this.at & 7))) & 1;
    this.at++;
    return bit;
  }
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) if (++zeros > 31) throw new RangeError('not Exp-Golomb');
    return 2 ** zeros - 1 + this.bits(zeros);
  }
  se(): number {
    const v = this.ue();
    return v & 1 ? (v + 1) / 2 : -v / 2;
  }
}

/** Profiles whose SPS carries chroma format, bit depths and scaling matrices (H.264 7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** The colour facts of an H.264 SPS (its NAL unit, header byte included): read up to the VUI's video signal type. */
export function spsColour(nal: Uint8Array): { colourDescribed: boolean; fullRange: boolean } {
  // The RBSP: emulation prevention bytes (00 00 03) dropped.
  const rbsp: number[] = [];
  for (let i = 1; i < nal.length; i++) {
    if (i >= 3 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0 && rbsp.length >= 2 && rbsp[rbsp.length - 1] === 0 && rbsp[rbsp.length - 2] === 0) continue;
    rbsp.push(nal[i]);
  }
  const r = new Bits(Uint8Array.from(rbsp));
  const profile = r.bits(8);
  r.bits(16); // constraint flags, level
  r.ue(); // seq_parameter_set_id
  if (HIGH_PROFILES.has(profile)) {
    if (r.ue() === 3) r.bit(); // chroma_format_idc, separate_colour_plane_flag
    r.ue(); // bit depths
    r.ue();
    r.bit(); // qpprime_y_zero_transform_bypass_flag
    if (r.bit()) {
      for (let i = 0; i < 8; i++) {
        if (!r.bit()) continue;
        for (let j = 0, last = 8, next = 8; j < (i < 6 ? 16 : 64) && next !== 0; j++) {
          next = (last + r.se() + 256) % 256;
          if (next !== 0) last = next;
        }
      }
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.bit();
    r.se();
    r.se();
    for (let n = r.ue(), i = 0; i < n; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.bit(); // gaps_in_frame_num_value_allowed_flag
  r.ue(); // pic_width_in_mbs_minus1
  r.ue(); // pic_height_in_map_units_minus1
  if (!r.bit()) r.bit(); // frame_mbs_only_flag, mb_adaptive_frame_field_flag
  r.bit(); // direct_8x8_inference_flag
  if (r.bit()) for (let i = 0; i < 4; i++) r.ue(); // frame cropping
  const none = { colourDescribed: false, fullRange: false };
  if (!r.bit()) return none; // no VUI
  if (r.bit() && r.bits(8) === 255) r.bits(32); // aspect ratio (255: extended SAR)
  if (r.bit()) r.bit(); // overscan
  if (!r.bit()) return none; // no video signal type
  r.bits(3); // video_format
  const fullRange = r.bit() === 1;
  return { colourDescribed: r.bit() === 1, fullRange };
}

/** The first SPS in an `avcC` body, or null. */
function avcSps(body: Uint8Array): Uint8Array | null {
  if (body.length < 8 || (body[5] & 0x1f) === 0) return null;
  const length = (body[6] << 8) | body[7];
  return body.length >= 8 + length ? body.subarray(8, 8 + length) : null;
}

/** The first entry of `stsd`, if it is H.264 or HEVC: codec, configuration and coded size. */
function videoEntry(view: DataView, stsd: Box): Mp4VideoTrack | null {
  const entry = boxes(view, stsd.start + 8, stsd.end)[0];
  // A VisualSampleEntry: 8 bytes of SampleEntry, then 70 of its own before its child boxes.
  if (!entry || entry.end - entry.start < 78) return null;
  const codedWidth = view.getUint16(entry.start + 24);
  const codedHeight = view.getUint16(entry.start + 26);
  const config = boxes(view, entry.start + 78, entry.end);
  const bytes = (box: Box) => new Uint8Array(view.buffer, view.byteOffset + box.start, box.end - box.start).slice();
  let codec: string | null = null;
  let description: Uint8Array | null = null;
  let colour = { colourDescribed: true, fullRange: false };
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    const avcC = config.find((b) => b.type === 'avcC');
    if (avcC) codec = avcCodec(entry.type, (description = bytes(avcC)));
    const sps = description && avcSps(description);
    if (sps) {
      try {
        colour = spsColour(sps);
      } catch {
        // an SPS cut short: the decoder reads it in-band
      }
    }
  } else if (entry.type === 'hvc1' || entry.type === 'hev1') {
    const hvcC = config.find((b) => b.type === 'hvcC');
    if (hvcC) codec = hevcCodec(entry.type, (description = bytes(hvcC)));
  }
  return codec && description && codedWidth && codedHeight ? { codec, description, codedWidth, codedHeight, ...colour } : null;
}

/** A table box's entries: its count at body + 4, entries of `width` bytes after. */
function table(view: DataView, box: Box | undefined, width: number, header = 8): { count: number; at: (i: number) => number } | null {
  if (!box) return null;
  const count = view.getUint32(box.start + header - 4);
  const first = box.start + header;
  if (first + count * width > box.end) return null;
  return { count, at: (i: number) => first + i * width };
}

/** The sample table of a video track, with what `samplesFor` needs; null when it lists no samples (fragmented MP4). */
function sampleTable(view: DataView, stbl: Box, timescale: number): Mp4Index['samplesFor'] | null {
  const stsz = child(view, stbl, 'stsz');
  const stts = table(view, child(view, stbl, 'stts'), 8);
  const stsc = table(view, child(view, stbl, 'stsc'), 12);
  const stco = child(view, stbl, 'stco');
  const co64 = child(view, stbl, 'co64');
  const chunks = stco ? table(view, stco, 4) : table(view, co64, 8);
  const cttsBox = child(view, stbl, 'ctts');
  const ctts = table(view, cttsBox, 8);
  const stssBox = child(view, stbl, 'stss');
  const stss = table(view, stssBox, 4);
  if (!stsz || !stts || !stsc || !chunks || !timescale) return null;
  const fixedSize = view.getUint32(stsz.start + 4);
  const sampleCount = view.getUint32(stsz.start + 8);
  if (sampleCount === 0 || (fixedSize === 0 && stsz.start + 12 + sampleCount * 4 > stsz.end)) return null;
  // The pictures looked for are within the first seconds: the tables are expanded that far, not for hours of video.
  const count = Math.min(sampleCount, MAX_INDEXED_SAMPLES);
  if (stssBox && !stss) return null;
  const sizeOf = (i: number) => (fixedSize || view.getUint32(stsz.start + 12 + i * 4));
  const signedCtts = cttsBox !== undefined && version(view, cttsBox) === 1;
  const chunkOffset = (c: number) => (stco ? view.getUint32(chunks.at(c)) : Number(view.getBigUint64(chunks.at(c))));

  // Per sample, in decode order: file offset, decode time, composition offset, duration.
  const offsets = new Float64Array(count);
  const times = new Float64Array(count);
  const durations = new Float64Array(count);
  const shifts = new Float64Array(count);
  let sample = 0;
  for (let e = 0; e < stsc.count && sample < count; e++) {
    const firstChunk = view.getUint32(stsc.at(e)) - 1;
    const perChunk = view.getUint32(stsc.at(e) + 4);
    const lastChunk = e + 1 < stsc.count ? view.getUint32(stsc.at(e + 1)) - 1 : chunks.count;
    for (let c = firstChunk; c < lastChunk && c < chunks.count && sample < count; c++) {
      let offset = chunkOffset(c);
      for (let k = 0; k < perChunk && sample < count; k++, sample++) {
        offsets[sample] = offset;
        offset += sizeOf(sample);
      }
    }
  }
  if (sample < count) return null;
  let time = 0;
  sample = 0;
  for (let e = 0; e < stts.count && sample < count; e++) {
    const n = view.getUint32(stts.at(e));
    const delta = view.getUint32(stts.at(e) + 4);
    for (let k = 0; k < n && sample < count; k++, sample++, time += delta) {
      times[sample] = time;
      durations[sample] = delta;
    }
  }
  if (ctts) {
    sample = 0;
    for (let e = 0; e < ctts.count && sample < count; e++) {
      const n = view.getUint32(ctts.at(e));
      const shift = signedCtts ? view.getInt32(ctts.at(e) + 4) : view.getUint32(ctts.at(e) + 4);
      for (let k = 0; k < n && sample < count; k++, sample++) shifts[sample] = shift;
    }
  }
  let keys: Set<number> | null = null;
  if (stss) {
    keys = new Set();
    for (let i = 0, key = 0; i < stss.count && (key = view.getUint32(stss.at(i)) - 1) < count; i++) keys.add(key);
  }
  const isKey = (i: number) => !keys || keys.has(i);
  const micros = (t: number) => Math.round((t * 1_000_000) / timescale);

  return (seconds: number) => {
    const target = seconds * timescale;
    // The last key frame whose decode time is at or before the target, then every sample up to the target (and a few past it, for B-frames' reordering).
    let from = 0;
    for (let i = 0; i < count && times[i] <= target; i++) if (isKey(i)) from = i;
    if (!isKey(from)) return { samples: [], wanted: 0 };
    let to = from;
    while (to + 1 < count && times[to + 1] <= target) to++;
    to = Math.min(count - 1, to + 4, from + MAX_DECODE_SAMPLES - 1);
    const out: Mp4Sample[] = [];
    for (let i = from; i <= to; i++) out.push({ offset: offsets[i], size: sizeOf(i), timestamp: micros(times[i] + shifts[i]), duration: micros(durations[i]), key: i === from });
    // Presentation times are shifted by the first sample's composition offset (B-frames): so is the picture's.
    return { samples: out, wanted: micros(Math.min(target, times[count - 1]) + shifts[0]) };
  };
}

/** Reads `file`'s MP4 / MOV index, or null when it has none this reader understands. Never rejects. */
export async function readMp4Index(file: Blob): Promise<Mp4Index | null> {
  try {
    const view = await findMoov(file);
    if (!view) return null;
    const moov = boxes(view)[0];
    const mvhd = child(view, moov, 'mvhd');
    const movie = mvhd && timing(view, mvhd);
    const duration = movie && movie.timescale && movie.duration && movie.duration < 2 ** 52 ? movie.duration / movie.timescale : null;
    for (const trak of boxes(view, moov.start, moov.end).filter((b) => b.type === 'trak')) {
      const mdia = child(view, trak, 'mdia');
      const hdlr = child(view, mdia, 'hdlr');
      if (!hdlr || fourcc(view, hdlr.start + 8) !== 'vide') continue;
      const mdhd = child(view, mdia, 'mdhd');
      const stbl = path(view, mdia, 'minf', 'stbl');
      const stsd = child(view, stbl, 'stsd');
      const video = stsd && videoEntry(view, stsd);
      const samplesFor = video && mdhd && stbl ? sampleTable(view, stbl, timing(view, mdhd).timescale) : null;
      return video && samplesFor ? { duration, video, samplesFor } : null;
    }
    return { duration, video: null, samplesFor: () => ({ samples: [], wanted: 0 }) };
  } catch {
    return null; // a damaged box (a read past its end): the `<video>` decides
  }
}
