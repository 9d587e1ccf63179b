// Child processes the launchers start (Xvfb, WebKitWebDriver and the MiniBrowser it starts): each in a
// process group of its own, so that one signal reaches a whole tree. Every group still alive is killed
// when the test runner exits, however it exits: at the end, on a failure, on Ctrl-C, SIGTERM or SIGHUP.
import { spawn } from 'node:child_process';
import { descendants } from '../../../scripts/proc-tree.mjs';

const groups = new Set();
let hooked = false;

/** Kills `child`'s process group and every descendant, at once (SIGKILL: nothing of theirs is worth keeping). */
export function killTree(child) {
  if (!child?.pid) return;
  let pids = [];
  try {
    pids = descendants(child.pid);
  } catch {
    // no /proc: the process group alone
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.delete(child);
}

export function killAll() {
  for (const child of [...groups]) killTree(child);
}

function hook() {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  // The test runner stops itself on SIGINT and exits; SIGTERM and SIGHUP would end node without 'exit'.
  process.on('SIGINT', killAll);
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, () => {
      killAll();
      process.exit(code);
    });
  }
}

/** Spawns `command` in a process group of its own, to be killed with the test runner at the latest. */
export function spawnTracked(command, args, options = {}) {
  hook();
  const child = spawn(command, args, { ...options, detached: true });
  groups.add(child);
  child.on('exit', () => groups.delete(child));
  return child;
}

/** `promise`, or a rejection with `message` after `ms`. */
export function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
