/**
 * Where an unfinished upload's file comes back from after a reload, by upload URL, in IndexedDB
 * (database `gcore-uploader`, store `files`): the `FileSystemFileHandle` it was chosen with (Chromium)
 * or the name of its copy in the Origin Private File System (copy.ts). Never the token. In memory where
 * there is no IndexedDB (Node), one store per process.
 */
import type { FileHandleLike } from '../source.js';

export interface FileRecord {
  uploadUrl: string;
  handle?: FileHandleLike;
  /** The OPFS copy's file name (in the `gcore-uploader` directory) and until when it is kept (ms since 1970). */
  copy?: string;
  copyUntil?: number;
  /** When it was kept (ms since 1970): a record younger than ORPHAN_GRACE_MS is no orphan yet (its URL may not be stored yet). */
  keptAt?: number;
}

/** How long a kept record may wait for its upload URL to be stored before a sweep takes it for an orphan. */
export const ORPHAN_GRACE_MS = 60_000;

export interface FileStore {
  get(uploadUrl: string): Promise<FileRecord | undefined>;
  put(record: FileRecord): Promise<void>;
  delete(uploadUrl: string): Promise<void>;
  all(): Promise<FileRecord[]>;
}

const DB = 'gcore-uploader';
const STORE = 'files';

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

function indexedDbStore(idb: IDBFactory): FileStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = idb.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'uploadUrl' });
      request.onsuccess = () => {
        const opened = request.result;
        opened.onversionchange = () => (opened.close(), (db = null)); // a test or another version deleting it is not blocked
        resolve(opened);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('IndexedDB blocked'));
    }).catch((err) => {
      db = null;
      throw err;
    }));
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>) => done(fn((await open()).transaction(STORE, mode).objectStore(STORE)));
  return {
    get: (url) => run('readonly', (s) => s.get(url) as IDBRequest<FileRecord | undefined>),
    put: async (record) => void (await run('readwrite', (s) => s.put(record))),
    delete: async (url) => void (await run('readwrite', (s) => s.delete(url))),
    all: () => run('readonly', (s) => s.getAll() as IDBRequest<FileRecord[]>),
  };
}

function memoryFileStore(): FileStore {
  const map = new Map<string, FileRecord>();
  return {
    get: async (url) => map.get(url),
    put: async (record) => void map.set(record.uploadUrl, record),
    delete: async (url) => void map.delete(url),
    all: async () => [...map.values()],
  };
}

/** A store that never fails: a broken IndexedDB (private modes, quota) only means nothing comes back after a reload. */
function forgiving(store: FileStore): FileStore {
  return {
    get: (url) => store.get(url).catch(() => undefined),
    put: (record) => store.put(record).catch(() => {}),
    delete: (url) => store.delete(url).catch(() => {}),
    all: () => store.all().catch(() => []),
  };
}

let shared: FileStore | null = null;

export function fileStore(): FileStore {
  if (shared) return shared;
  let idb: IDBFactory | undefined;
  try {
    idb = typeof indexedDB !== 'undefined' ? indexedDB : undefined;
  } catch {
    idb = undefined;
  }
  return (shared = forgiving(idb ? indexedDbStore(idb) : memoryFileStore()));
}
