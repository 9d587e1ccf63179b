// Subtitles of a video, as Gcore keeps them (`subtitle` of streaming-openapi.yaml: {id, name, language,
// vtt}) and as its players get them: every subtitle is a rendition of the HLS master playlist
// (`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs"`, the variants say `SUBTITLES="subs"`), a media playlist
// with one WebVTT segment ("segmented WebVTT", enough for hls.js and Safari).
//
// The emulator cannot transcribe: a video created with `auto_transcribe_audio_language` ("auto" or a
// language) gets, once transcoded, a subtitle "English (AI-generated)" whose cues say they are a placeholder.
import { mkdir, readdir, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { writeMasterPlaylist } from './transcoder.mjs';

/** Gcore's limit for subtitles (POST /subtitles: "Size must be up to 5Mb"). */
export const MAX_SUBTITLE_BYTES = 5 * 1024 * 1024;
/** Where ffmpeg's MPEG-TS segments start (its default 1.4 s at 90 kHz), when no rendition says otherwise. */
export const DEFAULT_START_PTS = 126_000;

/** English names of some ISO 639-2 codes, for "{language} (AI-generated)" names and NAME attributes. */
const LANGUAGE_NAMES = {
  eng: 'English', ger: 'German', deu: 'German', fre: 'French', fra: 'French', spa: 'Spanish', ita: 'Italian',
  por: 'Portuguese', rus: 'Russian', ukr: 'Ukrainian', pol: 'Polish', dut: 'Dutch', nld: 'Dutch', tur: 'Turkish',
  jpn: 'Japanese', chi: 'Chinese', zho: 'Chinese', kor: 'Korean', ara: 'Arabic', hin: 'Hindi', ltz: 'Luxembourgish',
};
/** ISO 639-1 for the same codes: the LANGUAGE attribute of HLS is a BCP 47 tag (Gcore's example says "en"). */
const LANGUAGE_TAGS = {
  eng: 'en', ger: 'de', deu: 'de', fre: 'fr', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', rus: 'ru', ukr: 'uk',
  pol: 'pl', dut: 'nl', nld: 'nl', tur: 'tr', jpn: 'ja', chi: 'zh', zho: 'zh', kor: 'ko', ara: 'ar', hin: 'hi', ltz: 'lb',
};

export const languageName = (code) => LANGUAGE_NAMES[code] ?? code;

const SRT_TIME = /(\d{1,2}:\d{2}:\d{2}),(\d{1,3})/g;

/** SRT → WebVTT (times with "." and the header); what Gcore does with an SRT it is given. */
export function srtToVtt(srt) {
  const body = srt.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(SRT_TIME, (_m, hms, ms) => `${hms.padStart(8, '0')}.${ms.padEnd(3, '0')}`);
  return `WEBVTT\n\n${body.trim()}\n`;
}

const isVtt = (text) => /^WEBVTT(?:[ \t][^\n]*)?(?:\r?\n|$)/.test(text.replace(/^\uFEFF/, ''));
const isSrt = (text) => /^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2},\d{1,3}\s*-->/.test(text.replace(/^\uFEFF/, ''));

/**
 * Checks a subtitleCreate (or, with `partial`, a subtitleBodyPatch) body. Returns {error} (a 422
 * `subtitleerror422` message) or {value: {name?, language?, vtt?, ai?}} with SRT converted to WebVTT.
 */
export function checkSubtitle(input, { partial = false } = {}) {
  const v = input && typeof input === 'object' && !Array.isArray(input) ? input : {};
  const value = {};
  if (v.language !== undefined || !partial) {
    if (typeof v.language !== 'string' || !/^[a-z]{3}$/.test(v.language)) return { error: 'Unprocessable Entity. Language code is not recognized.' };
    value.language = v.language;
  }
  if (v.name !== undefined && v.name !== null) {
    if (typeof v.name !== 'string') return { error: 'Unprocessable Entity. Name must be a string.' };
    value.name = v.name;
  }
  const ai = typeof v.auto_transcribe_audio_language === 'string' && v.auto_transcribe_audio_language !== '';
  if (ai && !partial) value.ai = v.auto_transcribe_audio_language;
  if (v.vtt !== undefined || (!partial && !ai)) {
    if (typeof v.vtt !== 'string') return { error: 'Unprocessable Entity. Subtitles text (vtt) is required.' };
    if (Buffer.byteLength(v.vtt) > MAX_SUBTITLE_BYTES) return { error: 'Unprocessable Entity. Subtitles must be up to 5Mb.' };
    if (isVtt(v.vtt)) value.vtt = v.vtt.replace(/^\uFEFF/, '');
    else if (isSrt(v.vtt)) value.vtt = srtToVtt(v.vtt);
    else return { error: 'Unprocessable Entity. Subtitles must be WebVTT (starting "WEBVTT") or SRT (starting with a sequence number).' };
  }
  return { value };
}

/** The public `subtitle` of a stored one. */
export const presentSubtitle = (s) => ({ id: s.id, name: s.name, language: s.language, vtt: s.vtt });
/** `subtitlePatched`, the answer to a PATCH: the subtitle's fields without its id. */
export const presentPatched = (s) => ({ name: s.name, language: s.language, vtt: s.vtt });

const vttTime = (ms) => {
  const t = Math.max(0, Math.round(ms));
  const h = String(Math.floor(t / 3_600_000)).padStart(2, '0');
  const m = String(Math.floor(t / 60_000) % 60).padStart(2, '0');
  const s = String(Math.floor(t / 1000) % 60).padStart(2, '0');
  return `${h}:${m}:${s}.${String(t % 1000).padStart(3, '0')}`;
};

/**
 * The placeholder Gcore's AI would fill: a subtitle "{Language} (AI-generated)" in `language` ("auto":
 * English), whose cues, over the whole video, say that the emulator does not transcribe.
 */
export function aiPlaceholder(request, durationMs) {
  const language = /^[a-z]{3}$/.test(request ?? '') ? request : 'eng';
  const end = Math.max(1000, durationMs ?? 0);
  const half = Math.round(end / 2);
  const vtt = [
    'WEBVTT',
    '',
    '1',
    `${vttTime(0)} --> ${vttTime(half)}`,
    '[AI-generated subtitles placeholder: the emulator cannot transcribe audio]',
    '',
    '2',
    `${vttTime(half)} --> ${vttTime(end)}`,
    "[Gcore's AI speech recognition would put the transcript here]",
    '',
  ].join('\n');
  return { name: `${languageName(language)} (AI-generated)`, language, vtt };
}

/** The end of the last cue in ms (0 when there is none). */
function lastCueEndMs(vtt) {
  let end = 0;
  for (const m of vtt.matchAll(/-->\s*(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})/g)) {
    end = Math.max(end, (Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + Number(m[4]));
  }
  return end;
}

/** The WebVTT segment: the text with `X-TIMESTAMP-MAP` after its first line, so cue times are media times. */
function segmentText(vtt, startPts) {
  const text = vtt.replace(/\r\n?/g, '\n');
  if (/^X-TIMESTAMP-MAP=/m.test(text.split('\n\n')[0])) return text;
  const nl = text.indexOf('\n');
  const head = nl < 0 ? text : text.slice(0, nl);
  const rest = nl < 0 ? '\n' : text.slice(nl);
  return `${head}\nX-TIMESTAMP-MAP=MPEGTS:${startPts},LOCAL:00:00:00.000${rest}`;
}

/** A quoted-string attribute value of a playlist: no `"`, no line breaks, no control characters. */
const quoted = (s) => `"${String(s).replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || 'Subtitles'}"`;

async function writeAtomic(file, text) {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

/**
 * Writes `subs/{id}_{rev}.vtt` and `subs/{id}.m3u8` for every subtitle of `record` into `dir` and
 * removes those of subtitles gone; returns the SUBTITLES renditions for the master playlist.
 */
export async function writeSubtitleFiles(dir, record) {
  const subsDir = path.join(dir, 'subs');
  const subtitles = record._subtitles ?? [];
  const keep = new Set();
  const startPts = Object.values(record._renditions ?? {}).find((r) => Number.isInteger(r.startPts))?.startPts ?? DEFAULT_START_PTS;
  const tracks = [];
  if (subtitles.length > 0) await mkdir(subsDir, { recursive: true });
  for (const s of subtitles) {
    const segment = `${s.id}_${s.rev ?? 0}.vtt`;
    const playlist = `${s.id}.m3u8`;
    const seconds = Math.max(1, (record.duration ?? 0) / 1000, lastCueEndMs(s.vtt) / 1000);
    await writeAtomic(path.join(subsDir, segment), segmentText(s.vtt, startPts));
    const media = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${Math.ceil(seconds)}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
    media.push(`#EXTINF:${seconds.toFixed(3)},`, segment, '#EXT-X-ENDLIST');
    await writeAtomic(path.join(subsDir, playlist), `${media.join('\n')}\n`);
    keep.add(segment).add(playlist);
    tracks.push(
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME=${quoted(s.name || languageName(s.language))},` +
        `LANGUAGE=${quoted(LANGUAGE_TAGS[s.language] ?? s.language)},DEFAULT=NO,AUTOSELECT=YES,URI=${quoted(`subs/${playlist}`)}`,
    );
  }
  for (const f of await readdir(subsDir).catch(() => [])) if (!keep.has(f)) await rm(path.join(subsDir, f), { force: true });
  return tracks;
}

/** Brings a video's HLS up to date with its subtitles: their files, then (once a rendition exists) the master. */
export async function refreshHls(dir, record) {
  const tracks = await writeSubtitleFiles(dir, record);
  const renditions = Object.values(record._renditions ?? {});
  if (renditions.length > 0) await writeMasterPlaylist(dir, renditions, tracks);
}
