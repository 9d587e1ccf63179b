// The emulator's persistent state: one JSON file (store.json) in the data directory, written atomically
// (temp file + rename). Reads are from memory; writes are coalesced and flushed shortly after a change.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * @typedef {object} StoreData
 * @property {number} nextVideoId
 * @property {number} nextRenditionId
 * @property {number} nextSubtitleId
 * @property {string} tokenSecret            generated once, so tokens survive a restart
 * @property {Record<string, object>} videos  video records keyed by id
 */

const SLUG_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random alphanumeric slug like Gcore's ("70NbFUCZyXU2s3tY"). */
export function randomSlug(length = 16) {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) s += SLUG_ALPHABET[b % SLUG_ALPHABET.length];
  return s;
}

/**
 * Opens (or creates) the store in `dataDir`.
 * @param {string} dataDir
 * @param {{flushDelayMs?: number, log?: (...a: unknown[]) => void}} [options]
 */
export async function openStore(dataDir, { flushDelayMs = 50, log = () => {} } = {}) {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'store.json');
  /** @type {StoreData} */
  let data;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if (err?.code !== 'ENOENT') log(`store: ${file} unreadable (${err?.message}); starting empty`);
    data = undefined;
  }
  data = {
    nextVideoId: 1001,
    nextRenditionId: 50001,
    nextSubtitleId: 1,
    tokenSecret: randomBytes(24).toString('base64url'),
    videos: {},
    ...(data ?? {}),
  };

  let timer = null;
  let writing = Promise.resolve();
  let dirty = false;
  let closed = false;

  function schedule() {
    dirty = true;
    // Closed: changes made by work still winding down stay in memory; nothing touches the disk again.
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, flushDelayMs);
  }

  /** Writes pending changes now; resolves when they are on disk. */
  function flush() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (closed) return writing;
    writing = writing.then(async () => {
      if (!dirty || closed) return;
      dirty = false;
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify(data, null, 1));
        await rename(tmp, file);
      } catch (err) {
        log(`store: write failed: ${err?.message}`);
      }
    });
    return writing;
  }

  // The file exists from the first boot on (and keeps the generated token secret).
  dirty = true;
  await flush();

  return {
    file,
    get tokenSecret() {
      return data.tokenSecret;
    },
    /** @returns {object | undefined} */
    get(id) {
      return data.videos[String(id)];
    },
    /** All records, oldest first. */
    all() {
      return Object.values(data.videos).sort((a, b) => a.id - b.id);
    },
    nextVideoId() {
      const id = data.nextVideoId++;
      schedule();
      return id;
    },
    nextRenditionId() {
      const id = data.nextRenditionId++;
      schedule();
      return id;
    },
    nextSubtitleId() {
      const id = data.nextSubtitleId++;
      schedule();
      return id;
    },
    insert(record) {
      data.videos[String(record.id)] = record;
      schedule();
      return record;
    },
    /** Applies `mutate` to a record (when it exists) and schedules a write. Returns the record or undefined. */
    update(id, mutate) {
      const record = data.videos[String(id)];
      if (!record) return undefined;
      mutate(record);
      schedule();
      return record;
    },
    remove(id) {
      const record = data.videos[String(id)];
      delete data.videos[String(id)];
      schedule();
      return record;
    },
    /** Marks the store changed (after mutating a record in place). */
    touch: schedule,
    flush,
    /**
     * Writes what is pending, waits for every write in flight, and stops writing: after this resolves
     * nothing writes into `dataDir` any more, so it may be removed.
     */
    async close() {
      if (closed) return writing;
      await flush();
      closed = true;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await writing;
    },
  };
}
