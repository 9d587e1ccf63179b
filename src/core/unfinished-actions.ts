/**
 * `unfinished`, `resumeUnfinished()`, `discardUnfinished()` and `refreshUnfinished()`: the uploads an
 * earlier page left unfinished (issue #17), listed (resume/unfinished.ts) within `resumeScope` and
 * `resumeTtlHours`, and turned back into items here. Part of the upload engine (engine.ts, loaded on
 * first use): the uploader makes it when the engine is there. The file
 * comes from what resume/ kept (resume/kept.ts: a handle or an OPFS copy) or is given by the app (chosen
 * again); the job checks it against the fingerprint before a byte is sent.
 */
import { GcoreUploaderError } from '../errors.js';
import type { EngineParts } from './item-runner.js';
import type { Entry, ItemContext } from './item.js';
import type { FileHandleLike } from './source.js';
import { followOtherTab } from './resume/locks.js';
import type { OtherTabProgress, UnfinishedUpload } from './resume/types.js';
import type { Uploader } from './types.js';

const DEFAULT_TTL_HOURS = 24;

export interface UnfinishedActions<F> extends Pick<Uploader<F>, 'resumeUnfinished' | 'discardUnfinished' | 'refreshUnfinished'> {
  /** The list as the snapshot shows it: without the uploads an item of this uploader has taken on. */
  visible(entries: readonly Entry<F>[]): readonly UnfinishedUpload[];
  /** An item let go of its upload for good (cancelled, removed): it is not listed any more. */
  drop(uploadUrl: string | null): void;
  /** Options changed: the list is made again when what it depends on (scope, time to live) changed. */
  reconsider(): void;
  /** The uploader is destroyed: no more following of other tabs. */
  stop(): void;
}

type AddItem<F> = (input: F, resume: { resumeKey: string; handle: FileHandleLike | null }) => string;

export function unfinishedActions<F>(ctx: ItemContext<F>, parts: EngineParts, addItem: AddItem<F>): UnfinishedActions<F> {
  const { engine, storage, files } = parts;
  const { o, changed } = ctx;
  let list: readonly UnfinishedUpload[] = Object.freeze([]);
  let refreshing: Promise<readonly UnfinishedUpload[]> | null = null;
  let visibleCache: { entries: readonly Entry<F>[]; states: string; list: readonly UnfinishedUpload[]; result: readonly UnfinishedUpload[] } | null = null;


  /** `session`: the current session's video, else uploads started through the same `sessionUrl`; `origin`: all. */
  function scope(): { videoId?: string; from?: string } | null {
    if (o.resumeScope === 'origin') return null;
    const session = typeof o.session === 'string' ? safeJson(o.session) : o.session;
    const videoId = (session as { video?: { id?: unknown } } | null)?.video?.id;
    if (videoId !== undefined && videoId !== null) return { videoId: String(videoId) };
    if (!o.getSession && o.sessionUrl) return { from: o.sessionUrl };
    return null;
  }

  /** What the list depends on, as it was when it was last made. */
  let listedFor: string | null = null;
  const basis = () => JSON.stringify([scope(), o.resumeTtlHours ?? DEFAULT_TTL_HOURS]);

  /** The listed uploads another tab is uploading: their progress as it comes, and the list made again once that tab lets go. */
  let following = new AbortController();
  let stopped = false;
  function follow(): void {
    following.abort();
    following = new AbortController();
    if (stopped) return;
    for (const u of list) {
      if (!u.otherTab) continue;
      const setProgress = (otherTab: OtherTabProgress) => {
        if (!list.some((x) => x.key === u.key && x.otherTab)) return;
        list = Object.freeze(list.map((x) => (x.key === u.key ? Object.freeze({ ...x, otherTab: Object.freeze({ ...otherTab }) }) : x)));
        changed();
      };
      followOtherTab(u.uploadUrl, following.signal, setProgress, () => void refreshUnfinished().catch(() => {}));
    }
  }

  const refreshUnfinished = (): Promise<readonly UnfinishedUpload[]> =>
    (refreshing ??= (async () => {
      try {
        listedFor = basis();
        list = Object.freeze(await engine.listUnfinished({ storage, files, scope: scope(), ttlHours: o.resumeTtlHours ?? DEFAULT_TTL_HOURS }));
        follow();
        changed();
        return list;
      } finally {
        refreshing = null;
      }
    })());

  /** Whether an item of this uploader has taken this upload on (and not failed or stopped). */
  const taken = (entries: readonly Entry<F>[], u: UnfinishedUpload) =>
    entries.some((e) => (e.resumeKey === u.key || e.uploadUrl === u.uploadUrl) && e.state !== 'error' && e.state !== 'cancelled');

  return {
    visible(entries) {
      const states = entries.map((e) => e.state).join();
      if (visibleCache && visibleCache.entries === entries && visibleCache.list === list && visibleCache.states === states) return visibleCache.result;
      const result = list.length ? Object.freeze(list.filter((u) => !taken(entries, u))) : list;
      visibleCache = { entries, states, list, result };
      return result;
    },
    drop(uploadUrl) {
      if (!uploadUrl || !list.some((u) => u.uploadUrl === uploadUrl)) return;
      list = Object.freeze(list.filter((u) => u.uploadUrl !== uploadUrl));
      changed();
    },
    refreshUnfinished,
    stop() {
      stopped = true;
      following.abort();
    },
    reconsider() {
      if (listedFor !== null && listedFor !== basis()) void refreshUnfinished().catch(() => {});
    },
    async resumeUnfinished(key, file, options) {
      const u = list.find((x) => x.key === key);
      if (!u || u.expired) throw new GcoreUploaderError('resume-file-unavailable', { params: { detail: `no unfinished upload ${key}` } });
      if (file !== undefined) return addItem(file, { resumeKey: key, handle: options?.handle ?? null });
      const kept = await engine.keptFile(files, u);
      return addItem(kept.file as F, { resumeKey: key, handle: kept.handle });
    },
    async discardUnfinished(key) {
      const u = list.find((x) => x.key === key);
      list = Object.freeze(list.filter((x) => x.key !== key));
      changed();
      // Expired: forgotten already, and gone from the server. Uploading in another tab: only this list forgets it.
      if (!u || u.expired || u.otherTab) return;
      await engine.discardUpload(storage, files, u.uploadUrl);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
