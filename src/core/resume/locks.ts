/**
 * One tab at a time per upload: a Web Lock named after the upload URL (`navigator.locks`). The tab that
 * holds it sends its progress on the BroadcastChannel `gcore-uploader`; a tab that finds the lock taken
 * shows that progress and waits, taking over when the holder lets go (it finished, or its tab closed).
 * Where there are no Web Locks (Node), every upload has its lock at once.
 */
import type { OtherTabProgress } from './types.js';

const CHANNEL = 'gcore-uploader';
/** At most this often (ms), a tab tells the waiting ones its progress. */
const ANNOUNCE_MS = 200;

export interface UploadLock {
  /** Tells waiting tabs how far this one is. */
  progress(bytesUploaded: number, bytesTotal: number): void;
  release(): void;
}

interface Message {
  url: string;
  ask?: boolean;
  bytesUploaded?: number;
  bytesTotal?: number;
}

const lockName = (url: string) => `gcore-uploader:${url}`;

const channel = (): BroadcastChannel | null => (typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null);

const locks = (): LockManager | undefined => (typeof navigator !== 'undefined' ? navigator.locks : undefined);

/**
 * Resolves once this tab holds the lock of `url`. While another tab holds it, `onOtherTab` gets that
 * tab's progress (null once the lock is ours). Rejects when `signal` aborts while waiting.
 */
export async function lockUpload(url: string, signal: AbortSignal, onOtherTab: (progress: OtherTabProgress | null) => void): Promise<UploadLock> {
  const manager = locks();
  if (!manager) return { progress() {}, release() {} };
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const name = lockName(url);
  const got = await new Promise<boolean>((resolve, reject) => {
    manager.request(name, { ifAvailable: true }, (lock) => (resolve(lock !== null), lock ? held : undefined)).catch(reject);
  });
  if (!got) {
    const listening = listen(url, onOtherTab);
    try {
      await new Promise<void>((resolve, reject) => {
        manager.request(name, { signal }, () => (resolve(), held)).catch(reject);
      });
    } finally {
      listening.close();
      onOtherTab(null);
    }
  }
  // Only when another tab listens (it asked): progress goes out at most every ANNOUNCE_MS, the last figure always.
  const announce = channel();
  let latest: Message = { url };
  let listened = false;
  let sentAt = 0;
  if (announce)
    announce.onmessage = ({ data }: MessageEvent<Message>) => {
      if (data?.url !== url || !data.ask) return;
      listened = true;
      announce.postMessage(latest);
    };
  return {
    progress(bytesUploaded, bytesTotal) {
      latest = { url, bytesUploaded, bytesTotal };
      const now = Date.now();
      if (!listened || (now - sentAt < ANNOUNCE_MS && bytesUploaded < bytesTotal)) return;
      sentAt = now;
      announce?.postMessage(latest);
    },
    release() {
      announce?.close();
      release();
    },
  };
}

/**
 * Hears the progress of the tab that holds `url`'s lock (it announces only once asked, so this asks at
 * once and again every second, in case the holder opened its channel after the first question).
 */
function listen(url: string, onProgress: (progress: OtherTabProgress) => void): { close(): void } {
  const listening = channel();
  onProgress({ bytesUploaded: 0, bytesTotal: 0 });
  if (!listening) return { close() {} };
  listening.onmessage = ({ data }: MessageEvent<Message>) => {
    if (data?.url !== url || data.ask || typeof data.bytesUploaded !== 'number') return;
    onProgress({ bytesUploaded: data.bytesUploaded, bytesTotal: data.bytesTotal ?? 0 });
  };
  const ask = () => listening.postMessage({ url, ask: true } satisfies Message);
  ask();
  const asking = setInterval(ask, 1000);
  return {
    close() {
      clearInterval(asking);
      listening.close();
    },
  };
}

/**
 * For a listed upload another tab is uploading: that tab's progress as it goes, and `onLetGo` once it
 * lets go of the lock (it finished, or its tab closed), until `signal` aborts. The lock is only looked
 * at: taken and given back at once, never held.
 */
export function followOtherTab(url: string, signal: AbortSignal, onProgress: (progress: OtherTabProgress) => void, onLetGo: () => void): void {
  const manager = locks();
  if (!manager || signal.aborted) return;
  const listening = listen(url, (progress) => {
    if (!signal.aborted && progress.bytesTotal > 0) onProgress(progress);
  });
  signal.addEventListener('abort', () => listening.close(), { once: true });
  manager
    .request(lockName(url), { signal }, () => undefined)
    .then(
      () => {
        listening.close();
        if (!signal.aborted) onLetGo();
      },
      () => listening.close(), // aborted: no longer followed
    );
}

/** The upload URLs whose lock some tab of this origin holds now. */
export async function lockedUrls(): Promise<Set<string>> {
  const manager = locks();
  const urls = new Set<string>();
  if (!manager?.query) return urls;
  try {
    const { held = [] } = await manager.query();
    for (const lock of held) if (lock.name?.startsWith('gcore-uploader:')) urls.add(lock.name.slice('gcore-uploader:'.length));
  } catch {
    // unknown: listed as not uploading elsewhere
  }
  return urls;
}
