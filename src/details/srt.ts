/**
 * SRT (SubRip) → WebVTT, for subtitles the page adds (Gcore and the backend helper take WebVTT only).
 *
 * An SRT file is blocks separated by blank lines: a cue number, a timing line
 * `00:00:01,000 --> 00:00:04,000` (optionally followed by SubRip's `X1:… Y2:…` box, dropped), then the
 * cue's text. The conversion keeps the numbers as cue identifiers, writes the times with `.` and always
 * with hours, drops ASS-style overrides (`{\an8}`) that WebVTT would show as text, and keeps `<i>`, `<b>`,
 * `<u>` (the tags both formats share; other tags such as `<font>` are dropped, WebVTT has none of them).
 * The input must have passed `checkSrt` (subtitle-check.ts): this function does not look for errors.
 */

/** `H:MM:SS,mmm` (or `.mmm`; 1–3 digit fractions) in an SRT timing line. */
export const SRT_TIME = /(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})/;
/** A whole SRT timing line: two times, `-->`, and maybe SubRip's box coordinates after them. */
export const SRT_TIMING_LINE = new RegExp(`^\\s*${SRT_TIME.source}\\s*-->\\s*${SRT_TIME.source}(?:\\s+.*)?$`);

/** A time as WebVTT writes it: `HH:MM:SS.mmm`. */
function vttTime(h: string, m: string, s: string, fraction: string): string {
  const two = (v: string) => v.padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${fraction.padEnd(3, '0')}`;
}

/** The times of an SRT timing line in milliseconds, or null when it is not one. */
export function srtTimes(line: string): { start: number; end: number } | null {
  const m = SRT_TIMING_LINE.exec(line);
  if (!m) return null;
  const ms = (h: string, min: string, s: string, f: string) => ((Number(h) * 60 + Number(min)) * 60 + Number(s)) * 1000 + Number(f.padEnd(3, '0'));
  return { start: ms(m[1], m[2], m[3], m[4]), end: ms(m[5], m[6], m[7], m[8]) };
}

/** Normalises line ends and drops a BOM. */
export const normaliseText = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/** The cue text of SRT as WebVTT cue text: tags WebVTT knows kept, ASS overrides and other tags dropped, `-->` escaped. */
function cueText(line: string): string {
  return line
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/<\/?([a-z]+)(?:\s[^>]*)?>/gi, (tag, name: string) => (/^[ibu]$/i.test(name) ? tag.toLowerCase().replace(/\s[^>]*>/, '>') : ''))
    .replace(/-->/g, '--&gt;');
}

/** Converts checked SRT text into WebVTT text (`WEBVTT`, a blank line, then the cues). */
export function srtToVtt(srt: string): string {
  const lines = normaliseText(srt).split('\n');
  const out: string[] = ['WEBVTT', ''];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    const id = lines[i].trim();
    const timing = SRT_TIMING_LINE.exec(lines[i + 1] ?? '');
    if (!timing) {
      i++; // not a cue (checkSrt refuses such files): skipped
      continue;
    }
    out.push(id, `${vttTime(timing[1], timing[2], timing[3], timing[4])} --> ${vttTime(timing[5], timing[6], timing[7], timing[8])}`);
    i += 2;
    while (i < lines.length && lines[i].trim() !== '') out.push(cueText(lines[i++]));
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
