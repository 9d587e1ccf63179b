// Upload tokens as Gcore issues them: a JWT (HS256) naming the video and the client, valid 4 hours.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOKEN_TTL_SECONDS = 4 * 60 * 60;

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** Signs a token for one video of one client. */
export function signUploadToken({ videoId, clientId, secret, ttlSeconds = TOKEN_TTL_SECONDS, now = Date.now() }) {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const payload = b64url(JSON.stringify({ video_id: Number(videoId), client_id: Number(clientId), exp }));
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** The token's claims, or null when it is missing, forged, malformed or expired. */
export function verifyUploadToken(token, secret, now = Date.now()) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now) return null;
    return claims;
  } catch {
    return null;
  }
}

/**
 * Gcore's check at TUS creation (seed 001): the texts are Gcore's own.
 * Returns null when the upload may start, or the body of Gcore's HTTP 500.
 */
export function checkUploadMetadata(metadata, secret, now = Date.now()) {
  const token = metadata?.token ?? null;
  const claims = verifyUploadToken(token, secret, now);
  if (!claims) return `token invalid (${token === null || token === '' ? 'null' : abbreviate(token)})`;
  if (String(claims.video_id) !== String(metadata.video_id)) {
    return `token video (${claims.video_id}) does not match this video (${metadata.video_id ?? 'null'})`;
  }
  if (String(claims.client_id) !== String(metadata.client_id)) {
    return `token client (${claims.client_id}) does not match this client (${metadata.client_id ?? 'null'})`;
  }
  return null;
}

function abbreviate(token) {
  return token.length > 10 ? `${token.slice(0, 10)}...` : token;
}
