/**
 * The part of a file's fingerprint that its bytes give: the SHA-256 of its first and last MiB, so that a
 * file chosen again after a reload is known to be the same without reading it whole. Empty where it
 * cannot be computed (no Blob, no `crypto.subtle` outside secure contexts): then name, size and last
 * change are the fingerprint.
 */
const MIB = 1024 * 1024;

export async function sampleDigest(input: unknown): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || typeof Blob === 'undefined' || !(input instanceof Blob)) return '';
  const tail = input.size > MIB ? input.slice(Math.max(MIB, input.size - MIB)) : new Blob([]);
  try {
    const bytes = await new Blob([input.slice(0, MIB), tail]).arrayBuffer();
    const hash = new Uint8Array(await subtle.digest('SHA-256', bytes));
    return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return ''; // an unreadable file fails at the upload, with its own error
  }
}
