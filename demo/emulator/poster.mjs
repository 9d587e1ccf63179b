// A video's own poster (createVideo/PATCH `poster`, a data URL of a JPEG, PNG or WebP up to 1 MB), kept
// in the video's media directory as `poster_{rev}.{ext}` with a 200 px high `poster_{rev}_thumb.jpg`
// (`poster_thumb`), and served by the media origin like the HLS files. A new poster gets a new name,
// so a cached old one is never shown for it; the old files are removed.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mediaKey } from './model.mjs';
import { makeThumbnail } from './transcoder.mjs';

/**
 * Writes `poster` (from parsePosterDataUrl) for `record`; resolves the fields to set on the record.
 * @param {{mediaRoot: string, record: Record<string, any>, poster: {ext: string, bytes: Buffer}}} o
 */
export async function writePoster({ mediaRoot, record, poster }) {
  const dir = path.join(mediaRoot, mediaKey(record));
  await mkdir(dir, { recursive: true });
  const rev = (record._posterRev ?? 0) + 1;
  const file = `poster_${rev}.${poster.ext}`;
  await writeFile(path.join(dir, file), poster.bytes);
  const thumb = `poster_${rev}_thumb.jpg`;
  const made = await makeThumbnail({ source: path.join(dir, file), target: path.join(dir, thumb) });
  await removePosterFiles(mediaRoot, record);
  return { _poster: file, _posterThumb: made ? thumb : null, _posterRev: rev };
}

/** Removes the files of `record`'s current poster (not the record's fields). */
export async function removePosterFiles(mediaRoot, record) {
  const dir = path.join(mediaRoot, mediaKey(record));
  for (const f of [record._poster, record._posterThumb]) if (f) await rm(path.join(dir, f), { force: true });
}
