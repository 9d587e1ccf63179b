/**
 * Subtitle files the page adds, checked before anything is sent: a `.vtt` must be WebVTT (first line
 * `WEBVTT`, every cue's timing line well formed), a `.srt` must be SRT (blocks of a cue number, then a
 * timing line, then text), either at most 2 000 000 bytes as WebVTT (UTF-8). SRT is converted to WebVTT.
 * A refusal is `invalid-subtitle` whose `params.line` names the 1-based line that is wrong, or
 * `subtitle-too-large`. Text is read as UTF-8 (UTF-16 with a BOM too; a file that is not UTF-8 is read
 * as Windows-1252, as SRT files often are).
 */
import { detailsError, MAX_SUBTITLE_BYTES } from './codes.js';
import { normaliseText, srtTimes, srtToVtt } from './srt.js';

export type SubtitleFormat = 'vtt' | 'srt';

export interface CheckedSubtitle {
  /** The WebVTT text to send. */
  vtt: string;
  /** What the file was. */
  format: SubtitleFormat;
  /** How many cues it has. */
  cues: number;
}

/** `HH:MM:SS.mmm` or `MM:SS.mmm`, as WebVTT writes times. */
const VTT_TIME = /(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})/;
const VTT_TIMING_LINE = new RegExp(`^${VTT_TIME.source}[ \\t]+-->[ \\t]+${VTT_TIME.source}(?:[ \\t].*)?$`);

function vttTimes(line: string): { start: number; end: number } | null {
  const m = VTT_TIMING_LINE.exec(line);
  if (!m) return null;
  const ms = (h: string | undefined, min: string, s: string, f: string) => ((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(s)) * 1000 + Number(f);
  return { start: ms(m[1], m[2], m[3], m[4]), end: ms(m[5], m[6], m[7], m[8]) };
}

const invalid = (reason: 'encoding' | 'empty' | 'no-header' | 'cue-number' | 'timing' | 'no-cues' | 'file-type', line?: number, detail?: string) =>
  detailsError('invalid-subtitle', { reason, ...(line !== undefined ? { line } : {}), ...(detail ? { detail } : {}) });

/** The line (1-based) of the first NUL or other control character that text never has, or 0. */
function binaryLine(text: string): number {
  const at = text.search(/[\u0000-\u0008\u000b\u000e-\u001f]/);
  return at < 0 ? 0 : text.slice(0, at).split('\n').length;
}

/** Checks WebVTT text; returns it (BOM and CR dropped) or throws `invalid-subtitle` naming the line. */
export function checkVtt(input: string): CheckedSubtitle {
  const text = normaliseText(input);
  if (text.trim() === '') throw invalid('empty');
  const nul = binaryLine(text);
  if (nul) throw invalid('encoding', nul);
  const lines = text.split('\n');
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0])) throw invalid('no-header', 1, 'the first line must be "WEBVTT"');
  let cues = 0;
  let i = 1;
  // The header's own lines, up to the first blank line.
  while (i < lines.length && lines[i].trim() !== '') i++;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    const start = i;
    const block: string[] = [];
    while (i < lines.length && lines[i].trim() !== '') block.push(lines[i++]);
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0])) continue;
    // A cue: an optional identifier (without "-->"), then its timing line.
    const timingAt = block[0].includes('-->') ? 0 : 1;
    const timing = block[timingAt];
    const times = timing === undefined ? null : vttTimes(timing.trim());
    if (!times || times.end < times.start) throw invalid('timing', start + timingAt + 1, `expected "00:00:01.000 --> 00:00:04.000", got ${JSON.stringify(timing ?? '')}`);
    cues++;
  }
  if (cues === 0) throw invalid('no-cues');
  return { vtt: text, format: 'vtt', cues };
}

/** Checks SRT text; throws `invalid-subtitle` naming the line that is wrong. Returns the number of cues. */
export function checkSrt(input: string): number {
  const text = normaliseText(input);
  if (text.trim() === '') throw invalid('empty');
  const nul = binaryLine(text);
  if (nul) throw invalid('encoding', nul);
  const lines = text.split('\n');
  let cues = 0;
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    if (!/^\d+$/.test(lines[i].trim())) throw invalid('cue-number', i + 1, `expected a cue number, got ${JSON.stringify(lines[i])}`);
    const timing = lines[i + 1] ?? '';
    const times = srtTimes(timing);
    if (!times || times.end < times.start) throw invalid('timing', i + 2, `expected "00:00:01,000 --> 00:00:04,000", got ${JSON.stringify(timing)}`);
    cues++;
    i += 2;
    while (i < lines.length && lines[i].trim() !== '') i++;
  }
  if (cues === 0) throw invalid('no-cues');
  return cues;
}

/** Which format a file is by its name (`.vtt`, `.srt`), else null. */
export function subtitleFormatOf(name: string): SubtitleFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'vtt' || ext === 'webvtt' ? 'vtt' : ext === 'srt' ? 'srt' : null;
}

/** The file's `accept` for a picker. */
export const SUBTITLE_ACCEPT = '.vtt,.srt,text/vtt,application/x-subrip';

/** Checks subtitle text of `format` and gives the WebVTT to send; throws `invalid-subtitle` / `subtitle-too-large`. */
export function checkSubtitleText(text: string, format: SubtitleFormat): CheckedSubtitle {
  let checked: CheckedSubtitle;
  if (format === 'vtt') checked = checkVtt(text);
  else {
    // A ".srt" that is WebVTT already is taken as such.
    if (/^WEBVTT(?:[ \t\n]|$)/.test(normaliseText(text))) checked = checkVtt(text);
    else {
      const cues = checkSrt(text);
      checked = { vtt: srtToVtt(text), format: 'srt', cues };
    }
  }
  if (utf8Length(checked.vtt) > MAX_SUBTITLE_BYTES) throw detailsError('subtitle-too-large', { reason: 'file', limit: MAX_SUBTITLE_BYTES });
  return checked;
}

/** UTF-8 bytes of a string. */
export const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** Bytes as text: UTF-8, UTF-16 with a BOM, or else Windows-1252. */
export function decodeSubtitleBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Checks a chosen file (`File` or anything with name, size and arrayBuffer) before anything is sent. */
export async function checkSubtitleFile(file: Pick<Blob, 'size' | 'arrayBuffer'> & { name: string }): Promise<CheckedSubtitle> {
  const format = subtitleFormatOf(file.name);
  if (!format) throw invalid('file-type', undefined, `${file.name}: choose a .vtt or .srt file`);
  // Refused before it is read: a file over the limit (its WebVTT would be about as large).
  if (file.size > MAX_SUBTITLE_BYTES) throw detailsError('subtitle-too-large', { reason: 'file', limit: MAX_SUBTITLE_BYTES });
  const text = decodeSubtitleBytes(new Uint8Array(await file.arrayBuffer()));
  return checkSubtitleText(text, format);
}
