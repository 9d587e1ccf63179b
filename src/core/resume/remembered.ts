/**
 * Whether this origin remembers an unfinished upload: a cheap, synchronous look at the resume store's keys,
 * in the main bundle (the list itself, with the store, comes with the upload engine).
 */
import type { ResumeStore } from './store.js';

/** The prefix of every key the resume store writes. */
export const PREFIX = 'gcore-uploader::';

/** Whether the store remembers any upload (a cheap, synchronous look: the list itself needs the engine). */
export function remembersUploads(store: ResumeStore | null = storageOrNull()): boolean {
  try {
    for (let i = 0; store && i < store.length; i++) if (store.key(i)?.startsWith(PREFIX)) return true;
  } catch {
    // storage that throws remembers nothing usable
  }
  return false;
}

function storageOrNull(): ResumeStore | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null;
  }
}
