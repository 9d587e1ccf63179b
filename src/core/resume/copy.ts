/**
 * `keepCopy`: a copy of the file in the Origin Private File System (directory `gcore-uploader`), written
 * while it uploads, so that after a reload the upload goes on from the copy without choosing the file
 * again (Firefox and Safari, which keep no file handles). Written only when `navigator.storage.estimate()`
 * shows room for it; persistence is asked for, never waited on (browsers may prompt). Deleted when the
 * upload is complete, discarded or forgotten, and after `keepCopyDays`.
 */
const DIR = 'gcore-uploader';
/** Room left beside a copy, so that a copy never fills the origin's quota. */
const HEADROOM = 16 * 1024 * 1024;

type Directory = FileSystemDirectoryHandle;

async function directory(create: boolean): Promise<Directory | null> {
  try {
    const root = await navigator.storage.getDirectory();
    return await root.getDirectoryHandle(DIR, { create });
  } catch {
    return null; // no OPFS here (Node, old browsers, WebKitGTK's automation session)
  }
}

/** Copies `file` to `name`; false when there is no room or no OPFS (the upload goes on all the same). */
export async function writeCopy(file: Blob, name: string, signal: AbortSignal): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return false;
  try {
    const { quota = 0, usage = 0 } = await navigator.storage.estimate();
    if (quota - usage < file.size + HEADROOM) return false;
    void navigator.storage.persist?.().catch(() => {});
    const dir = await directory(true);
    if (!dir || signal.aborted) return false;
    const handle = await dir.getFileHandle(name, { create: true });
    const writable = await (handle as FileSystemFileHandle & { createWritable(): Promise<FileSystemWritableFileStream> }).createWritable();
    try {
      await file.stream().pipeTo(writable, { signal });
    } catch (err) {
      await deleteCopy(name);
      throw err;
    }
    return true;
  } catch {
    return false;
  }
}

export async function readCopy(name: string): Promise<Blob | null> {
  try {
    const dir = await directory(false);
    return dir ? await (await dir.getFileHandle(name)).getFile() : null;
  } catch {
    return null;
  }
}

export async function deleteCopy(name: string | undefined): Promise<void> {
  if (!name) return;
  try {
    await (await directory(false))?.removeEntry(name);
  } catch {
    // already gone
  }
}

/** The names of every copy kept (to delete those nothing remembers any more). */
export async function listCopies(): Promise<string[]> {
  const dir = await directory(false);
  const names: string[] = [];
  if (!dir) return names;
  try {
    for await (const key of (dir as Directory & { keys(): AsyncIterable<string> }).keys()) names.push(key);
  } catch {
    // unreadable: nothing to clean
  }
  return names;
}
