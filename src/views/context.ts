/** What every view reads: the texts, a few settings, and the actions its controls trigger. */
import type { GcoreUploaderError } from '../errors.js';
import type { UnfinishedView } from '../controllers/unfinished-controller.js';
import type { ItemSnapshot } from '../core/types.js';
import type { Strings } from '../i18n/en.js';

export interface ViewActions {
  pick(): void;
  input(e: Event): void;
  dragOver(e: DragEvent): void;
  dragLeave(): void;
  drop(e: DragEvent): void;
  tab(id: 'file' | 'link'): void;
  tabKey(e: KeyboardEvent): void;
  submitLink(e: SubmitEvent): void;
  pause(id: string): void;
  resume(id: string): void;
  cancel(id: string): void;
  retry(id: string): void;
  remove(id: string): void;
  answer(id: string, resume: boolean): void;
  retryPreview(): void;
}

export interface ViewContext {
  s: Strings;
  lang: string | undefined;
  disabled: boolean;
  multiple: boolean;
  noPreview: boolean;
  accept: string;
  dragging: boolean;
  tab: 'file' | 'link';
  /** One file is on its way (without `multiple`): the drop zone takes no other. */
  busy: boolean;
  linkError: GcoreUploaderError | null;
  playbackError: GcoreUploaderError | null;
  act: ViewActions;
  /** With `details` (and its part loaded): the details panel for an item. */
  details?: (item: ItemSnapshot) => unknown;
  /** Once the frame part is loaded: a chosen file's first frame (or its icon) and duration, as far as they are known. */
  frame?: (file: Blob) => readonly [unknown, unknown] | undefined;
  /** Once the resume part is loaded: the uploads an earlier page left unfinished, and the drop zone's question while it asks for a file again. */
  unfinished?: UnfinishedView;
}
