/**
 * Subtitles in the preview. Gcore lists every subtitle in the HLS master as a SUBTITLES rendition
 * (`#EXT-X-MEDIA:TYPE=SUBTITLES,…,URI="subs/1.m3u8"`), a media playlist of WebVTT segments.
 *
 * - hls.js (full build) reads them itself; `pickSubtitle` says which one to show.
 * - Native HLS: Safari shows them itself, but Chromium's own HLS player (≈ v141 on) exposes no text
 *   tracks for them. Then `NativeSubtitles` reads the renditions and adds a `<track>` per rendition to the
 *   `<video>` (a WebVTT file made from the segments, as a blob URL), and removes them again on `clear()`.
 *   Cue times are taken as media times less the `X-TIMESTAMP-MAP` LOCAL time: the MPEGTS value Gcore
 *   (and the emulator) write is the first video segment's timestamp, which native players play as 0.
 */

export interface SubtitleRendition {
  name: string;
  /** BCP 47 (`en`), as the master says it. */
  language: string;
  /** The media playlist, absolute. */
  uri: string;
  isDefault: boolean;
}

const attr = (line: string, name: string): string | undefined => {
  const m = new RegExp(`(?:^|[:,])${name}=(?:"([^"]*)"|([^,]*))`).exec(line);
  return m ? (m[1] ?? m[2]) : undefined;
};

/** The SUBTITLES renditions a master playlist lists, with absolute URIs. */
export function parseSubtitleRenditions(master: string, base: string): SubtitleRendition[] {
  const out: SubtitleRendition[] = [];
  for (const line of master.split(/\r?\n/)) {
    if (!line.startsWith('#EXT-X-MEDIA:') || attr(line, 'TYPE') !== 'SUBTITLES') continue;
    const uri = attr(line, 'URI');
    if (!uri) continue;
    let absolute: string;
    try {
      absolute = new URL(uri, base).href;
    } catch {
      continue;
    }
    out.push({ name: attr(line, 'NAME') ?? '', language: attr(line, 'LANGUAGE') ?? '', uri: absolute, isDefault: attr(line, 'DEFAULT') === 'YES' });
  }
  return out;
}

/** Which of `tracks` to show: the page's language, else the default one, else the first; -1 when none. */
export function pickSubtitle(tracks: ReadonlyArray<{ lang?: string; language?: string; default?: boolean; isDefault?: boolean }>, pageLang?: string | null): number {
  if (tracks.length === 0) return -1;
  const primary = (tag: string | undefined) => (tag ?? '').toLowerCase().split(/[-_]/, 1)[0];
  const want = primary(pageLang ?? undefined);
  const byLang = want ? tracks.findIndex((t) => primary(t.lang ?? t.language) === want) : -1;
  if (byLang >= 0) return byLang;
  const byDefault = tracks.findIndex((t) => t.default || t.isDefault);
  return byDefault >= 0 ? byDefault : 0;
}

const TIME = /(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})/;
const seconds = (m: RegExpExecArray | null, at = 1) => (m ? Number(m[at] ?? 0) * 3600 + Number(m[at + 1]) * 60 + Number(m[at + 2]) + Number(m[at + 3]) / 1000 : 0);

const vttTime = (t: number) => {
  const ms = Math.max(0, Math.round(t * 1000));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)}.${p(ms % 1000, 3)}`;
};

/** A WebVTT segment's cue blocks with their times moved by `-LOCAL` of its X-TIMESTAMP-MAP (and the header dropped). */
export function shiftSegment(text: string): string {
  const blocks = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split(/\n{2,}/);
  const header = blocks.shift() ?? '';
  const map = /X-TIMESTAMP-MAP=[^\n]*LOCAL:([0-9:.]+)/.exec(header);
  const local = map ? seconds(TIME.exec(map[1])) : 0;
  const timing = /^((?:\d+:)?\d{2}:\d{2}\.\d{3})[ \t]+-->[ \t]+((?:\d+:)?\d{2}:\d{2}\.\d{3})(.*)$/;
  return blocks
    .filter((b) => b.includes('-->') && !/^(NOTE|STYLE|REGION)\b/.test(b))
    .map((b) =>
      b
        .split('\n')
        .map((line) => {
          const m = timing.exec(line);
          return m ? `${vttTime(seconds(TIME.exec(m[1])) - local)} --> ${vttTime(seconds(TIME.exec(m[2])) - local)}${m[3]}` : line;
        })
        .join('\n'),
    )
    .join('\n\n');
}

/** The segment URIs of a media playlist, absolute. */
export function segmentUris(playlist: string, base: string): string[] {
  return playlist
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => new URL(l, base).href);
}

async function text(url: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** One rendition as one WebVTT text. */
export async function renditionVtt(rendition: SubtitleRendition, signal: AbortSignal): Promise<string> {
  const playlist = await text(rendition.uri, signal);
  const segments = await Promise.all(segmentUris(playlist, rendition.uri).map((u) => text(u, signal)));
  return `WEBVTT\n\n${segments.map(shiftSegment).filter(Boolean).join('\n\n')}\n`;
}

/** `<track>`s for a native HLS player that shows no HLS subtitles itself (Chromium). */
export class NativeSubtitles {
  private tracks: HTMLTrackElement[] = [];
  private urls: string[] = [];
  private run = new AbortController();
  /** How many renditions are shown. */
  count = 0;

  constructor(private readonly video: HTMLVideoElement) {}

  /** Whether the video has text tracks of its own (Safari's, from the master), not ours. */
  hasOwnTracks(): boolean {
    const ours = new Set(this.tracks.map((t) => t.track));
    return [...this.video.textTracks].some((t) => !ours.has(t) && (t.kind === 'subtitles' || t.kind === 'captions'));
  }

  /** Shows `renditions` (replacing what was shown); `pageLang` picks the one shown. */
  async show(renditions: SubtitleRendition[], pageLang?: string | null): Promise<void> {
    this.clear();
    const signal = this.run.signal;
    const texts = await Promise.all(renditions.map((r) => renditionVtt(r, signal).catch(() => null)));
    if (signal.aborted) return;
    const shown = pickSubtitle(renditions, pageLang);
    renditions.forEach((r, i) => {
      const vtt = texts[i];
      if (vtt === null) return;
      const url = URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
      const track = document.createElement('track');
      track.kind = 'subtitles';
      track.label = r.name || r.language;
      if (r.language) track.srclang = r.language;
      track.src = url;
      track.dataset.gcoreSubtitles = '';
      this.video.append(track);
      track.track.mode = i === shown ? 'showing' : 'hidden';
      this.tracks.push(track);
      this.urls.push(url);
    });
    this.count = this.tracks.length;
  }

  clear(): void {
    this.run.abort();
    this.run = new AbortController();
    for (const t of this.tracks) {
      t.track.mode = 'disabled';
      t.remove();
    }
    for (const u of this.urls) URL.revokeObjectURL(u);
    this.tracks = [];
    this.urls = [];
    this.count = 0;
  }
}
