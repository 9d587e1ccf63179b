/**
 * Signed capability URLs, `<mount>/videos/<id>?exp=<unix seconds>&sig=<base64url HMAC-SHA256>`, for one
 * purpose each: a status URL reads one video's status (GET), an edit URL changes its title,
 * description and poster (PATCH) and adds subtitles (POST …/subtitles). The MAC covers the purpose,
 * the video id and the expiry, so a URL is good for one video and one purpose until it expires: a
 * status signature never edits, an edit signature never reads.
 * Uses Web Crypto (`crypto.subtle`), available in Node 20+, Deno, Bun and edge runtimes.
 */

export const DEFAULT_STATUS_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_EDIT_TTL_SECONDS = 24 * 60 * 60;

/** What a signature is good for. */
export type SignaturePurpose = 'status' | 'edit';
/** The shortest `secret` accepted. */
export const MIN_SECRET_LENGTH = 16;

export interface SignOptions {
  /** Lifetime in seconds (default 24 h). */
  ttlSeconds?: number;
  /** The current time in ms (for tests). */
  now?: number;
}

export type SignatureCheck = { ok: true; expiresAt: number } | { ok: false; reason: 'malformed' | 'invalid' | 'expired' };

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`The signing secret must be a string of at least ${MIN_SECRET_LENGTH} characters.`);
  }
}

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

/** What is signed: a prefix naming the purpose (so a MAC serves no other), the id and the expiry. */
const message = (purpose: SignaturePurpose, videoId: string, exp: number) => encoder.encode(`gcore-uploader/${purpose}\n${videoId}\n${exp}`);

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

async function signVideo(purpose: SignaturePurpose, videoId: number | string, secret: string, options: SignOptions): Promise<{ exp: number; sig: string }> {
  checkSecret(secret);
  const ttl = options.ttlSeconds ?? (purpose === 'edit' ? DEFAULT_EDIT_TTL_SECONDS : DEFAULT_STATUS_TTL_SECONDS);
  if (!Number.isFinite(ttl) || ttl <= 0) throw new TypeError('ttlSeconds must be a positive number.');
  const exp = Math.floor((options.now ?? Date.now()) / 1000 + ttl);
  const mac = await crypto.subtle.sign('HMAC', await keyFor(secret), message(purpose, String(videoId), exp));
  return { exp, sig: toBase64Url(new Uint8Array(mac)) };
}

const videoUrl = (mountPath: string, videoId: number | string, { exp, sig }: { exp: number; sig: string }) =>
  `${mountPath.replace(/\/+$/, '')}/videos/${encodeURIComponent(String(videoId))}?exp=${exp}&sig=${sig}`;

/** Signs access to one video's status: `{exp, sig}` for the query string. */
export function signVideoStatus(videoId: number | string, secret: string, options: SignOptions = {}): Promise<{ exp: number; sig: string }> {
  return signVideo('status', videoId, secret, options);
}

/** Signs the editing of one video (title, description, poster, subtitles): `{exp, sig}` for the query string. */
export function signVideoEdit(videoId: number | string, secret: string, options: SignOptions = {}): Promise<{ exp: number; sig: string }> {
  return signVideo('edit', videoId, secret, options);
}

/**
 * A status URL for `videoId` under `mountPath` (the path or absolute URL the handler is reached at,
 * e.g. `/api/gcore`): `/api/gcore/videos/42?exp=…&sig=…`.
 */
export async function signStatusUrl(mountPath: string, videoId: number | string, secret: string, options: SignOptions = {}): Promise<string> {
  return videoUrl(mountPath, videoId, await signVideoStatus(videoId, secret, options));
}

/**
 * An edit URL for `videoId` under `mountPath`: `/api/gcore/videos/42?exp=…&sig=…` (default 24 h).
 * `PATCH` it to change the video; `POST` to the same path plus `/subtitles` (same query) to add one.
 */
export async function signEditUrl(mountPath: string, videoId: number | string, secret: string, options: SignOptions = {}): Promise<string> {
  return videoUrl(mountPath, videoId, await signVideoEdit(videoId, secret, options));
}

async function verifyVideo(
  purpose: SignaturePurpose,
  videoId: number | string,
  exp: string | number | null | undefined,
  sig: string | null | undefined,
  secret: string,
  options: { now?: number },
): Promise<SignatureCheck> {
  checkSecret(secret);
  const expText = exp == null ? '' : String(exp);
  if (!/^\d{1,15}$/.test(expText) || typeof sig !== 'string' || sig.length > 128) return { ok: false, reason: 'malformed' };
  const mac = fromBase64Url(sig);
  if (!mac || mac.length !== 32) return { ok: false, reason: 'malformed' };
  const expNumber = Number(expText);
  const valid = await crypto.subtle.verify('HMAC', await keyFor(secret), mac, message(purpose, String(videoId), expNumber));
  if (!valid) return { ok: false, reason: 'invalid' };
  if (expNumber * 1000 <= (options.now ?? Date.now())) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt: expNumber * 1000 };
}

/** Checks a status URL's `exp` and `sig` (as found in the query string) for `videoId`, in constant time. */
export function verifyStatusSignature(
  videoId: number | string,
  exp: string | number | null | undefined,
  sig: string | null | undefined,
  secret: string,
  options: { now?: number } = {},
): Promise<SignatureCheck> {
  return verifyVideo('status', videoId, exp, sig, secret, options);
}

/** Checks an edit URL's `exp` and `sig` for `videoId`; a status URL's signature does not verify here. */
export function verifyEditSignature(
  videoId: number | string,
  exp: string | number | null | undefined,
  sig: string | null | undefined,
  secret: string,
  options: { now?: number } = {},
): Promise<SignatureCheck> {
  return verifyVideo('edit', videoId, exp, sig, secret, options);
}
