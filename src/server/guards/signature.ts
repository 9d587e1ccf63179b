/**
 * Signatures: a status URL (`GET …/videos/{id}`) and an edit URL (`PATCH …/videos/{id}`, `POST
 * …/videos/{id}/subtitles`) carry `exp` and `sig` for one video and one purpose. Missing, tampered,
 * for another video or another purpose → 403 `invalid-signature`; past `exp` → 403 `expired-signature`.
 */
import { HttpError } from '../responses.js';
import { verifyEditSignature, verifyStatusSignature, type SignaturePurpose } from '../signing.js';

/** Throws 403 unless `url`'s `exp` and `sig` are a valid, unexpired `purpose` signature for video `id`. */
export async function checkSignature(purpose: SignaturePurpose, id: string, url: URL, secret: string): Promise<void> {
  const verify = purpose === 'edit' ? verifyEditSignature : verifyStatusSignature;
  const check = await verify(id, url.searchParams.get('exp'), url.searchParams.get('sig'), secret);
  if (check.ok) return;
  const what = purpose === 'edit' ? 'edit URL' : 'status URL';
  if (check.reason === 'expired') throw new HttpError(403, 'expired-signature', `This ${what} has expired.`);
  throw new HttpError(403, 'invalid-signature', `This ${what} is not valid for this video.`);
}
