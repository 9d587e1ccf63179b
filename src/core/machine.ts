/**
 * An item's states and the one table that says which transition is possible. Any other transition is a
 * bug and throws. The uploader's own state is derived from its items' in `uploaderState`.
 */

export type ItemState =
  | 'queued'
  | 'preparing'
  | 'confirm-resume'
  | 'uploading'
  | 'paused'
  | 'success'
  | 'processing'
  | 'ready'
  | 'error'
  | 'cancelled';

export type UploaderState = 'idle' | 'preparing' | 'confirm-resume' | 'uploading' | 'paused' | 'success' | 'processing' | 'ready' | 'error';

/** From each state, where an item may go next. */
export const TRANSITIONS: Readonly<Record<ItemState, readonly ItemState[]>> = {
  queued: ['preparing', 'cancelled'],
  // checked, looked for a resumable upload, asked for a session, or sent an import
  preparing: ['confirm-resume', 'uploading', 'processing', 'success', 'error', 'cancelled'],
  'confirm-resume': ['preparing', 'uploading', 'error', 'cancelled'],
  // back to preparing when the remembered upload is gone from the server (start afresh)
  uploading: ['paused', 'preparing', 'success', 'error', 'cancelled'],
  paused: ['uploading', 'error', 'cancelled'],
  success: ['processing'],
  processing: ['ready', 'error'],
  ready: [],
  // retry(): the same file again, resuming what the server has
  error: ['queued'],
  cancelled: ['queued'],
};

export class TransitionError extends Error {
  override name = 'TransitionError';
}

/** Returns `to` when `from → to` is in the table; throws otherwise. */
export function transition(from: ItemState, to: ItemState): ItemState {
  if (!TRANSITIONS[from].includes(to)) throw new TransitionError(`gcore-uploader: no transition from "${from}" to "${to}"`);
  return to;
}

/** States that hold a concurrency slot. */
export const ACTIVE_STATES: ReadonlySet<ItemState> = new Set(['preparing', 'confirm-resume', 'uploading', 'paused']);

/** What an item's state reads as at the uploader's level. */
const AS_UPLOADER: Record<ItemState, UploaderState> = {
  queued: 'preparing',
  preparing: 'preparing',
  'confirm-resume': 'confirm-resume',
  uploading: 'uploading',
  paused: 'paused',
  success: 'success',
  processing: 'processing',
  ready: 'ready',
  error: 'error',
  cancelled: 'idle',
};

/** With several items, the first of these that any item is in. */
const PRIORITY: readonly UploaderState[] = ['confirm-resume', 'uploading', 'preparing', 'paused', 'processing', 'error', 'success', 'ready', 'idle'];

/** The uploader's state: `idle` without items, else the most pressing state of any item. */
export function uploaderState(states: readonly ItemState[]): UploaderState {
  const present = new Set(states.map((s) => AS_UPLOADER[s]));
  return PRIORITY.find((s) => present.has(s)) ?? 'idle';
}

/** One item's state as the uploader reports it (`queued` reads as `preparing`, `cancelled` as `idle`). */
export function asUploaderState(state: ItemState): UploaderState {
  return AS_UPLOADER[state];
}
