/**
 * What the core says about uploads left unfinished by an earlier page (a reload, a crash, a closed tab):
 * the public shapes of issue #17. Where the bytes come back from is one of three sources, best first:
 * a file handle kept in IndexedDB (Chromium's File System Access), a copy of the file in the Origin
 * Private File System (`keepCopy`), or the user choosing the file again (checked against its fingerprint).
 * The upload token is never kept anywhere: resuming needs only the upload URL.
 */

/** `session`: only uploads into the current session's video (when there is a session), `origin`: every one this origin remembers. */
export type ResumeScope = 'session' | 'origin';

/** Where a remembered upload's bytes come back from on resume. */
export type UnfinishedSource = 'handle' | 'copy' | 'pick';

/** Another tab of this origin uploading the same upload now (its progress, through BroadcastChannel). */
export interface OtherTabProgress {
  readonly bytesUploaded: number;
  readonly bytesTotal: number;
}

/** One upload an earlier page left unfinished (`UploaderSnapshot.unfinished`). */
export interface UnfinishedUpload {
  /** Stable id of the remembered upload (its upload URL): what resumeUnfinished / discardUnfinished take. */
  readonly key: string;
  readonly uploadUrl: string;
  readonly videoId: string;
  readonly name: string;
  readonly size: number | null;
  readonly type: string;
  /** The file's last change (ms since 1970), as it was when the upload started. */
  readonly lastModified: number | null;
  /** When the upload was created (ISO 8601). */
  readonly createdAt: string;
  /** Bytes the server holds (a HEAD to the upload URL), or null while not known (not asked yet, or unreachable). */
  readonly offset: number | null;
  /** `handle` and `copy` resume in one click; `pick` asks the user to choose the file again. */
  readonly source: UnfinishedSource;
  /** The server no longer has it (404/410): it is forgotten already and must start again; listed once so the UI can say so. */
  readonly expired: boolean;
  /** Being uploaded by another tab of this origin right now, else null. */
  readonly otherTab: OtherTabProgress | null;
}
