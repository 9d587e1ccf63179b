#!/usr/bin/env node
// The system packages the tests need, checked by their files (fast: no dpkg query), before `npm test`
// runs anything. Missing ones are installed where that can be done (root, or sudo without a password, on
// Debian: `apt-get update` once, then one `apt-get install`); otherwise it stops in one line that names
// them and the command that installs them.
//
//   chromium, firefox-esr, webkit2gtk-driver  the three browser engines (Debian's builds, never a download)
//   xvfb, xsettingsd                           WebKitGTK's display and its light/dark desktop theme
//   gstreamer1.0-libav                         H.264 + AAC decoding: WebKitGTK's GStreamer, and Firefox's
//                                              libavcodec (a dependency of it)
//   gstreamer1.0-plugins-bad                   h264parse, which WebKitGTK's Media Source Extensions need
//   redis-server                               the rate-limit store's tests against a real Redis
//
// `node scripts/system-check.mjs --print` lists the packages, one a line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import process from 'node:process';

const TRIPLET = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? `${process.arch}-linux-gnu`;
const LIB = `/usr/lib/${TRIPLET}`;

/** Whether any file in `dir` has a name matching `pattern`. */
const anyIn = (dir, pattern) => {
  try {
    return readdirSync(dir).some((name) => pattern.test(name));
  } catch {
    return false;
  }
};

export const PACKAGES = [
  { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { name: 'firefox-esr', present: () => existsSync('/usr/bin/firefox-esr') },
  {
    name: 'webkit2gtk-driver',
    present: () => existsSync('/usr/bin/WebKitWebDriver') && ['4.1', '4.0', '6.0'].some((v) => existsSync(`${LIB}/webkit2gtk-${v}/MiniBrowser`)),
  },
  { name: 'xvfb', present: () => existsSync('/usr/bin/Xvfb') },
  { name: 'xsettingsd', present: () => existsSync('/usr/bin/xsettingsd') },
  { name: 'gstreamer1.0-libav', present: () => existsSync(`${LIB}/gstreamer-1.0/libgstlibav.so`) && anyIn(LIB, /^libavcodec\.so\.\d+$/) },
  { name: 'gstreamer1.0-plugins-bad', present: () => existsSync(`${LIB}/gstreamer-1.0/libgstvideoparsersbad.so`) },
  { name: 'redis-server', present: () => existsSync('/usr/bin/redis-server') },
];

function installCommand(names) {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

function canRun(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** How to run apt-get here: as root, through sudo without a password, or not at all (null). */
function privileged() {
  if (!existsSync('/usr/bin/apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  if (existsSync('/usr/bin/sudo') && canRun('sudo', ['-n', 'true'])) return ['sudo', '-n'];
  return null;
}

function apt(prefix, args) {
  const [command, ...rest] = [...prefix, 'apt-get', ...args];
  try {
    execFileSync(command, rest, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const out = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`apt-get ${args.join(' ')} failed:\n${out}`);
  }
}

function main() {
  if (process.argv.includes('--print')) {
    for (const p of PACKAGES) console.log(p.name);
    return 0;
  }
  const missing = PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) {
    console.log(`system-check: ${PACKAGES.length} system packages present (${PACKAGES.map((p) => p.name).join(', ')})`);
    return 0;
  }
  const prefix = process.platform === 'linux' ? privileged() : null;
  if (!prefix) {
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    console.error(`system-check: missing ${missing.join(', ')}; install with: ${sudo}sh -c '${installCommand(missing)}'`);
    return 1;
  }
  console.log(`system-check: installing ${missing.join(', ')} (apt-get)…`);
  const started = Date.now();
  try {
    apt(prefix, ['update', '-qq']);
    apt(prefix, ['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } catch (error) {
    console.error(`system-check: could not install ${missing.join(', ')}: ${error.message}`);
    return 1;
  }
  const still = PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (still.length) {
    console.error(`system-check: still missing after apt-get install: ${still.join(', ')}; install with: ${installCommand(still)}`);
    return 1;
  }
  console.log(`system-check: installed ${missing.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return 0;
}

process.exitCode = main();
