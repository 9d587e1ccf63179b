// Child processes the launchers start (Xvfb, WebKitWebDriver and the MiniBrowser it starts): each in a
// process group of its own, so that one signal reaches a whole tree. Every group still alive is killed
// when the test runner exits, however it exits: at the end, on a failure, on Ctrl-C, SIGTERM or SIGHUP.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const groups = new Set();
let hooked = false;

/** The pids of every live descendant of `pid` (from /proc: those that left its process group too). */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

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
