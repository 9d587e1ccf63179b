// Tests and builds never change a tracked file. `npm test` runs `tree-guard.mjs start` first and
// `tree-guard.mjs check` after the build and after the suites: the check fails, naming the files, when
// any tracked file differs from how it was at the start (on a clean clone: when `git status` is not clean).
// Outside a git checkout (an unpacked tarball) there is nothing to guard and it says so.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const snapshotFile = path.join(root, 'node_modules/.cache/gcore-uploader/tree-guard.json');

function git(args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Every tracked file that differs from HEAD (or is deleted), with a hash of what it holds now. */
function snapshot() {
  const entries = git(['status', '--porcelain=v1', '-z', '--untracked-files=no']).split('\0').filter(Boolean);
  const state = {};
  for (const entry of entries) {
    const file = entry.slice(3);
    const full = path.join(root, file);
    state[file] = existsSync(full) ? createHash('sha256').update(readFileSync(full)).digest('hex') : 'deleted';
  }
  return state;
}

let inGit = true;
try {
  git(['rev-parse', '--is-inside-work-tree']);
} catch {
  inGit = false;
}

const mode = process.argv[2];
if (!inGit) {
  if (mode === 'start') console.log('tree-guard: not a git checkout, nothing to guard');
} else if (mode === 'start') {
  mkdirSync(path.dirname(snapshotFile), { recursive: true });
  writeFileSync(snapshotFile, JSON.stringify(snapshot()));
} else if (mode === 'check') {
  const before = existsSync(snapshotFile) ? JSON.parse(readFileSync(snapshotFile, 'utf8')) : {};
  const now = snapshot();
  const changed = [...new Set([...Object.keys(before), ...Object.keys(now)])].filter((f) => before[f] !== now[f]).sort();
  if (changed.length) {
    console.error(`tree-guard: the build or a test changed tracked files (they must not): ${changed.join(', ')}`);
    process.exit(1);
  }
  console.log(`tree-guard: no tracked file changed${process.argv[3] ? ` (${process.argv[3]})` : ''}`);
} else {
  console.error('usage: tree-guard.mjs start|check [label]');
  process.exit(2);
}
