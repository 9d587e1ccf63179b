/**
 * The part of a file's fingerprint that its bytes give: the SHA-256 of its first and last SAMPLE_BYTES, so
 * that a file chosen again after a reload is known to be the same without reading it whole. Empty where it
 * cannot be computed (no Blob, no `crypto.subtle` outside secure contexts): then name, size and last
 * change are the fingerprint.
 */

/**
 * 64 KiB from each end: with the name, size and last change beside it, enough to tell two files apart (a
 * video's container header and its last frames). The first and last MiB, as before, were read through the
 * browser's blob store and hashed while the first chunks travelled: 20 ms of the renderer's thread-pool CPU
 * per loopback upload against the same element without a digest; at 64 KiB the difference is within noise
 * (bench/profile.mjs, variant noDigest).
 */
const SAMPLE_BYTES = 64 * 1024;

export async function sampleDigest(input: unknown): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || typeof Blob === 'undefined' || !(input instanceof Blob)) return '';
  const tail = input.size > SAMPLE_BYTES ? input.slice(Math.max(SAMPLE_BYTES, input.size - SAMPLE_BYTES)) : new Blob([]);
  try {
    const bytes = await new Blob([input.slice(0, SAMPLE_BYTES), tail]).arrayBuffer();
    const hash = new Uint8Array(await subtle.digest('SHA-256', bytes));
    return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return ''; // an unreadable file fails at the upload, with its own error
  }
}
