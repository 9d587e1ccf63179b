/**
 * What can be uploaded: a File or Blob in browsers; in Node also a Buffer or a readable stream (with its
 * size), as tus-js-client's Node entry takes them, and a Node Blob/File read in chunks.
 */
import type { FileMeta } from './resume/store.js';

/** A readable byte stream (Node `Readable`, or a web stream reader). */
export type StreamInput = { pipe(...args: never[]): unknown } | Pick<ReadableStreamDefaultReader, 'read'>;

export type UploadInput = Blob | Uint8Array | StreamInput;

/** What `add()` needs to know of an input that is not a File: its name and type (and size, for a stream). */
export type FileOptions = Partial<FileMeta> & {
  /**
   * Where the file came from (`showOpenFilePicker()`, a drop's `getAsFileSystemHandle()`): kept in IndexedDB
   * beside the upload URL, so that after a reload the upload resumes in one click (Chromium).
   */
  handle?: FileHandleLike | null;
};

/** A `FileSystemFileHandle`, as much of it as the core uses. */
export interface FileHandleLike {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<File>;
  queryPermission?(descriptor?: { mode?: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(descriptor?: { mode?: 'read' | 'readwrite' }): Promise<PermissionState>;
}

const isBlob = (v: unknown): v is Blob => typeof Blob !== 'undefined' && v instanceof Blob;

/** Name, size, type and last change: the file check and the resume fingerprint read these. */
export function metaOf(input: unknown, given: FileOptions = {}): FileMeta {
  const file = input as Partial<File>;
  const size = isBlob(input) ? input.size : input instanceof Uint8Array ? input.byteLength : Number(given.size ?? NaN);
  return {
    name: given.name ?? (typeof file.name === 'string' ? file.name : ''),
    size: given.size ?? size,
    type: given.type ?? (typeof file.type === 'string' ? file.type : ''),
    lastModified: given.lastModified ?? (typeof file.lastModified === 'number' ? file.lastModified : undefined),
  };
}

const inNode = () => {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown };
  return Boolean(g.process?.versions?.node) && g.document === undefined;
};

/** tus-js-client's Node entry reads Buffers and streams only: a Blob there is read slice by slice (a chunk browsers never load). */
export async function blobReaderFor(input: unknown): Promise<{ openFile(input: Blob): Promise<unknown> } | undefined> {
  if (typeof __GCORE_CDN__ !== 'undefined' && __GCORE_CDN__) return undefined; // the CDN file runs in browsers only
  return isBlob(input) && inNode() ? (await import('./node-blob.js')).blobReader : undefined;
}
