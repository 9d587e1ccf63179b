/**
 * What Gcore would refuse, decided before a byte is sent: streaming manifests, non-video types,
 * empty files and files over the size limit (seed 001, "Copy from external storage" › Overview).
 */
import { GcoreUploaderError } from './errors.js';

/** The original-file formats Gcore accepts, as listed in its docs (extensions). */
export const GCORE_VIDEO_EXTENSIONS = [
  '3g2', '3gp', 'asf', 'avi', 'dif', 'dv', 'flv', 'f4v', 'm4v', 'mov', 'mp4', 'mpeg', 'mpg', 'mts', 'm2t',
  'm2ts', 'qt', 'wmv', 'vob', 'mkv', 'ogv', 'webm', 'ogg', 'mxf',
] as const;

/** The `accept` default: any video type plus every extension above (for the file picker and the check). */
export const DEFAULT_ACCEPT = ['video/*', ...GCORE_VIDEO_EXTENSIONS.map((ext) => `.${ext}`)].join(',');

/** HLS and DASH are for delivery, not originals: Gcore refuses them whatever `accept` says. */
const MANIFEST_EXTENSIONS = ['m3u8', 'm3u', 'mpd'];
const MANIFEST_TYPES = ['application/vnd.apple.mpegurl', 'application/x-mpegurl', 'audio/mpegurl', 'audio/x-mpegurl', 'application/dash+xml'];

export interface FileCheckOptions {
  /** Comma-separated like the HTML `accept` attribute: `.ext`, `type/subtype`, `type/*`. */
  accept?: string;
  /** Bytes; no limit when undefined, 0 or negative. */
  maxFileSize?: number;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isManifest(name: string, type = ''): boolean {
  return MANIFEST_EXTENSIONS.includes(extensionOf(name)) || MANIFEST_TYPES.includes(type.toLowerCase());
}

/** Whether a file matches an `accept` list, by extension or by MIME type. */
export function matchesAccept(name: string, type: string, accept: string): boolean {
  const ext = extensionOf(name);
  const mime = type.toLowerCase();
  return accept
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean)
    .some((token) => {
      if (token.startsWith('.')) return token.slice(1) === ext;
      if (token.endsWith('/*')) return mime.startsWith(token.slice(0, -1));
      return token === mime;
    });
}

/** Throws the GcoreUploaderError Gcore's refusal would have caused; returns quietly for a good file. */
export function checkFile(file: Pick<File, 'name' | 'type' | 'size'>, options: FileCheckOptions = {}): void {
  const accept = options.accept?.trim() || DEFAULT_ACCEPT;
  if (isManifest(file.name, file.type)) {
    throw new GcoreUploaderError('invalid-file-type', { params: { reason: 'manifest' } });
  }
  if (!matchesAccept(file.name, file.type, accept)) throw new GcoreUploaderError('invalid-file-type');
  if (file.size === 0) throw new GcoreUploaderError('empty-file');
  if (options.maxFileSize && options.maxFileSize > 0 && file.size > options.maxFileSize) {
    throw new GcoreUploaderError('file-too-large');
  }
}
