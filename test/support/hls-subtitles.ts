// A master playlist with a WebVTT subtitles rendition, made in the page from a real HLS fixture
// (wtr-hls-plugin.mjs / hls-fixture.mjs): the same variants (absolute URLs on the HLS server), plus an
// `#EXT-X-MEDIA:TYPE=SUBTITLES` rendition whose playlist and cue file are blob: URLs. What Gcore's
// master looks like once a video has subtitles; what hls.js light cannot play (it has no subtitles).

/** A WebVTT file with one cue per second for `seconds`, timed like HLS subtitles (X-TIMESTAMP-MAP). */
export function webvtt(seconds: number): string {
  const at = (s: number) => `00:00:${String(s).padStart(2, '0')}.000`;
  const cues = Array.from({ length: seconds }, (_, i) => `${at(i)} --> ${at(i + 1)}\nCue ${i + 1}`);
  return `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n${cues.join('\n\n')}\n`;
}

const blobUrl = (text: string, type: string) => URL.createObjectURL(new Blob([text], { type }));

/**
 * The master at `masterUrl` with a subtitles rendition (English, default) added to every variant:
 * resolves with the new master's blob: URL. Revoke the URLs with `revoke()`.
 */
export async function masterWithSubtitles(masterUrl: string, seconds: number): Promise<{ url: string; text: string; revoke(): void }> {
  const original = await (await fetch(masterUrl)).text();
  const vtt = blobUrl(webvtt(seconds), 'text/vtt');
  const subtitles = blobUrl(
    ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${seconds}`, '#EXT-X-PLAYLIST-TYPE:VOD', `#EXTINF:${seconds}.0,`, vtt, '#EXT-X-ENDLIST', ''].join('\n'),
    'application/vnd.apple.mpegurl',
  );
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="${subtitles}"`];
  const rest = original.split(/\r?\n/).filter((l) => l && !l.startsWith('#EXTM3U') && !l.startsWith('#EXT-X-VERSION'));
  for (const line of rest) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) lines.push(`${line},SUBTITLES="subs"`);
    else if (line.startsWith('#')) lines.push(line);
    else lines.push(new URL(line, masterUrl).href);
  }
  const text = `${lines.join('\n')}\n`;
  const url = blobUrl(text, 'application/vnd.apple.mpegurl');
  return { url, text, revoke: () => [vtt, subtitles, url].forEach((u) => URL.revokeObjectURL(u)) };
}
