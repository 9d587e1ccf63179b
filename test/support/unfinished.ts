// Support for test/unfinished.test.ts (issue #17): pages of the element (iframes of this test page: same
// origin, so localStorage, IndexedDB, OPFS and Web Locks are shared as between two tabs) that reload,
// files in a page's own realm, the element's shadow DOM as a user reads it, and the origin's storage
// (what is kept, and that the upload token is in none of it).
import type { GcoreUploader } from '../../src/gcore-uploader.js';
import type { UnfinishedUpload } from '../../src/core/resume/types.js';
import { server } from './helpers.js';
import { page, until, type PageWindow } from './pages.js';

export const MiB = 1024 * 1024;

/** The element from the sources (served and compiled by the test server), as a page's module script. */
export const ELEMENT_MODULE = `<script type="module">import '/src/index.ts';</script>`;

/** The element with what #17 adds (typed here so that this file does not depend on the element's declarations landing first). */
export type Uploader = GcoreUploader & {
  readonly unfinished: readonly UnfinishedUpload[];
  resumeUnfinished(key: string): Promise<string>;
  discardUnfinished(key: string): Promise<void>;
  upload(file: File, options?: { handle?: FileSystemFileHandle | null }): Promise<string>;
};

export interface Page {
  win: PageWindow;
  el: Uploader;
  frame: HTMLIFrameElement;
}

/** A page of its own (an iframe) with one `<gcore-uploader {attributes}>` from the sources. */
export async function openPage(attributes: string): Promise<Page> {
  const { win, el } = await page(ELEMENT_MODULE, { attributes });
  return { win, el: el as Uploader, frame: win.frameElement as HTMLIFrameElement };
}

/** Resolves once `p`'s element is defined and rendered (after a load or a reload). */
async function ready(frame: HTMLIFrameElement): Promise<Page> {
  const win = frame.contentWindow as PageWindow;
  await Promise.race([
    win.customElements.whenDefined('gcore-uploader'),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`not defined after the reload; page errors: ${win.__pageErrors?.join('; ')}`)), 15_000)),
  ]);
  const el = win.document.querySelector('gcore-uploader') as Uploader;
  await el.updateComplete;
  return { win, el, frame };
}

/**
 * Reloads the page as the user's reload button does (`location.reload()`: the document and everything
 * it runs goes away, its requests are cut); resolves with the new document's page. `start` is called
 * in the old document to trigger the reload (default: at once).
 */
export async function reload(p: Page, start: (reloadNow: () => void) => void = (now) => now()): Promise<Page> {
  const oldDocument = p.win.document;
  const loaded = new Promise<void>((resolve) => {
    const on = () => {
      if (p.frame.contentWindow?.document === oldDocument) return;
      p.frame.removeEventListener('load', on);
      resolve();
    };
    p.frame.addEventListener('load', on);
  });
  start(() => p.win.location.reload());
  await loaded;
  return ready(p.frame);
}

/** The same file (bytes, name, type, last change) as an object of the page's own realm, as its picker would give it. */
export function inPage(win: Window, source: File, overrides: { name?: string; lastModified?: number } = {}): File {
  const W = win as Window & typeof globalThis;
  return new W.File([source], overrides.name ?? source.name, { type: source.type, lastModified: overrides.lastModified ?? source.lastModified });
}

/** What the user sees of the element: its shadow root's text, spaces collapsed. */
export function shown(el: GcoreUploader): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function part(el: GcoreUploader, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** Waits until the element renders `[part~=name]`, and returns it. */
export async function partShown(p: Page, name: string, ms = 15_000): Promise<HTMLElement> {
  await until(p.win, () => Boolean(part(p.el, name)), `[part~="${name}"] (the element shows: "${shown(p.el)}")`, ms);
  return part(p.el, name)!;
}

/** The user chooses `file` in the element's file input (what the picker's answer does). */
export function chooseInInput(p: Page, file: File): void {
  const W = p.win as Window & typeof globalThis;
  const input = p.el.shadowRoot!.querySelector('input[type=file]') as HTMLInputElement;
  const transfer = new W.DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new W.Event('change'));
}

/** Resolves with the first `name` event of the page's element (that `filter` accepts). */
export function pageEvent<T = any>(p: Page, name: string, filter: (detail: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const on = (e: Event) => {
      const detail = (e as CustomEvent<T>).detail;
      if (!filter(detail)) return;
      p.el.removeEventListener(name, on);
      resolve(detail);
    };
    p.el.addEventListener(name, on);
  });
}

/** Collects the page element's `names` events. */
export function pageLog(p: Page, names: string[]): Array<{ type: string; detail: any }> {
  const log: Array<{ type: string; detail: any }> = [];
  for (const name of names) p.el.addEventListener(name, (e) => log.push({ type: name, detail: (e as CustomEvent).detail }));
  return log;
}

// ── the server, from a test's point of view ───────────────────────────────────────────────────

type Request = Awaited<ReturnType<typeof server.stats>>['requests'][number];

/** Requests of `method` that reached the upload server at or after `since` (Date.now(), the same clock). */
export async function requestsSince(since: number, method?: string): Promise<Request[]> {
  return (await server.stats()).requests.filter((r) => r.t >= since && (!method || r.method === method));
}

/** PATCH body bytes sent from `since` on (re-sent bytes included). */
export async function patchBytesSince(since: number): Promise<number> {
  return (await requestsSince(since, 'PATCH')).reduce((sum, r) => sum + r.length, 0);
}

/** Polls until `check` holds, for what sends no event to wait on (the test server's log, OPFS). */
export async function pollUntil(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

// ── the origin's storage ─────────────────────────────────────────────────────────────────────

export const DB = 'gcore-uploader';
export const COPY_DIR = 'gcore-uploader';
/** Files this test writes itself at the OPFS root (the files "on disk" that handles point to). */
export const HANDLE_PREFIX = 'unfinished-test-';

/** Whether this engine's Origin Private File System works here (WebKitGTK's automation session rejects it). */
export async function opfsWorks(): Promise<boolean> {
  try {
    await navigator.storage.getDirectory();
    return typeof FileSystemFileHandle !== 'undefined' && 'createWritable' in FileSystemFileHandle.prototype;
  } catch {
    return false;
  }
}

/** Whether this engine gives file handles (showOpenFilePicker, getAsFileSystemHandle: Chromium). */
export const handlesWork = () => typeof (window as { showOpenFilePicker?: unknown }).showOpenFilePicker === 'function';

const gone = (err: unknown) => (err as DOMException)?.name === 'NotFoundError';

/** A directory's entries; what the element deletes meanwhile is left out. */
async function entriesOf(dir: FileSystemDirectoryHandle): Promise<Array<[string, FileSystemHandle]>> {
  const out: Array<[string, FileSystemHandle]> = [];
  try {
    for await (const entry of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) out.push(entry);
  } catch (err) {
    if (!gone(err)) throw err;
  }
  return out;
}

/** The file of a handle, or null when it was deleted meanwhile. */
async function fileOf(handle: FileSystemFileHandle): Promise<File | null> {
  try {
    return await handle.getFile();
  } catch (err) {
    if (gone(err)) return null;
    throw err;
  }
}

/** The copies the element keeps (`gcore-uploader` in OPFS): names and sizes; [] when the directory is not there. */
export async function opfsCopies(): Promise<Array<{ name: string; size: number }>> {
  const root = await navigator.storage.getDirectory();
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await root.getDirectoryHandle(COPY_DIR);
  } catch {
    return [];
  }
  const out: Array<{ name: string; size: number }> = [];
  for (const [name, handle] of await entriesOf(dir)) {
    const file = handle.kind === 'file' ? await fileOf(handle as FileSystemFileHandle) : null;
    if (file) out.push({ name, size: file.size });
  }
  return out;
}

/** A file "on the user's disk" with a handle to it (written at the OPFS root, from the page's realm); its permission is granted. */
export async function fileWithHandle(win: Window, source: File): Promise<{ handle: FileSystemFileHandle; file: File }> {
  const root = await (win as Window & typeof globalThis).navigator.storage.getDirectory();
  const handle = await root.getFileHandle(`${HANDLE_PREFIX}${source.name}`, { create: true });
  const writable = await (handle as FileSystemFileHandle & { createWritable(): Promise<FileSystemWritableFileStream> }).createWritable();
  await writable.write(source);
  await writable.close();
  return { handle, file: await handle.getFile() };
}

/** localStorage entries of remembered uploads. */
export function rememberedKeys(): string[] {
  return Object.keys(localStorage).filter((k) => k.startsWith('gcore-uploader::'));
}

function openDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every value of every store of every IndexedDB database of this origin. */
export async function idbValues(): Promise<Array<{ db: string; store: string; value: unknown }>> {
  const out: Array<{ db: string; store: string; value: unknown }> = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await openDb(name);
    try {
      for (const store of [...db.objectStoreNames]) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const value of values) out.push({ db: name, store, value });
      }
    } finally {
      db.close();
    }
  }
  return out;
}

/** JSON of a stored value: a file handle or a Blob by its kind and name (their contents are the user's file, not ours to read). */
export function asJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (typeof FileSystemHandle !== 'undefined' && v instanceof FileSystemHandle) return `[${v.kind} handle ${v.name}]`;
    if (v instanceof File) return `[File ${v.name} ${v.size}]`;
    if (v instanceof Blob) return `[Blob ${v.type} ${v.size}]`;
    return v;
  });
}

/**
 * Everything this origin keeps, as text: localStorage and sessionStorage (keys and values), cookies,
 * every IndexedDB store's values, OPFS names (and the contents of files under 1 MiB), Cache Storage
 * request URLs. `areas` says what could be read here.
 */
export async function storageText(): Promise<{ text: string; areas: string[] }> {
  const parts: string[] = [];
  const areas: string[] = [];
  for (const [label, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]] as const) {
    for (const key of Object.keys(store)) parts.push(`${label} ${key}=${store.getItem(key)}`);
    areas.push(label);
  }
  parts.push(`cookie ${document.cookie}`);
  for (const { db, store, value } of await idbValues()) parts.push(`indexedDB ${db}/${store} ${asJson(value)}`);
  areas.push('indexedDB');
  if (await opfsWorks()) {
    const walk = async (dir: FileSystemDirectoryHandle, path: string): Promise<void> => {
      for (const [name, handle] of await entriesOf(dir)) {
        parts.push(`opfs ${path}${name}`);
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${path}${name}/`);
        else {
          const file = await fileOf(handle as FileSystemFileHandle);
          if (file && file.size < MiB) parts.push(`opfs ${path}${name}: ${await file.text()}`);
        }
      }
    };
    await walk(await navigator.storage.getDirectory(), '/');
    areas.push('opfs');
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) {
      parts.push(`cache ${name}`);
      for (const request of await (await caches.open(name)).keys()) parts.push(`cache ${name} ${request.url}`);
    }
    areas.push('caches');
  }
  return { text: parts.join('\n'), areas };
}

/** Removes what #17 keeps: localStorage entries, the IndexedDB database, the OPFS copies and this test's own files. */
export async function cleanStorage(): Promise<void> {
  for (const key of rememberedKeys()) localStorage.removeItem(key);
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB);
    const timer = setTimeout(() => reject(new Error(`IndexedDB ${DB} could not be deleted within 10 s (still open somewhere)`)), 10_000);
    request.onsuccess = () => (clearTimeout(timer), resolve());
    request.onerror = () => (clearTimeout(timer), reject(request.error));
  });
  if (!(await opfsWorks())) return;
  const root = await navigator.storage.getDirectory();
  const names: string[] = [];
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  for (const name of names) {
    if (name !== COPY_DIR && !name.startsWith(HANDLE_PREFIX)) continue;
    // A copy still being written by a page that just went away may be busy for a moment.
    for (let attempt = 0; ; attempt++) {
      try {
        await root.removeEntry(name, { recursive: true });
        break;
      } catch (err) {
        if ((err as DOMException).name === 'NotFoundError') break;
        if (attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
