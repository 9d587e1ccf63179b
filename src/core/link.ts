/** "Paste a link": what link Gcore can import (http, https, sftp; no streaming manifest). */
import { GcoreUploaderError } from '../errors.js';
import { isManifest } from '../file-check.js';

/** The link as a URL; throws `invalid-url`, or `invalid-file-type` for an HLS/DASH manifest. */
export function checkLink(link: string): URL {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new GcoreUploaderError('invalid-url');
  }
  if (!['http:', 'https:', 'sftp:'].includes(url.protocol)) throw new GcoreUploaderError('invalid-url');
  if (isManifest(url.pathname)) throw new GcoreUploaderError('invalid-file-type', { params: { reason: 'manifest' } });
  return url;
}
