// WebKitGTK for web-test-runner, from Debian's packages: WebKitWebDriver (webkit2gtk-driver) drives
// MiniBrowser in automation mode over W3C WebDriver (plain HTTP: no client library), on an Xvfb display
// that this launcher starts and stops itself (MiniBrowser has no headless mode).
//
// prefers-color-scheme, which WebDriver cannot emulate, is the desktop's: an xsettingsd on that display
// serves the GTK theme (Net/ThemeName "Adwaita" or "Adwaita-dark") and WebKitGTK follows a change at once,
// as it does when a user switches their theme.
//
// One browser window, one test file at a time (concurrency 1): each session navigates the window to the
// test page; stopping it navigates to about:blank. Every step has a timeout and a message that says what did
// not start; Xvfb, the driver and the browser are killed when the launcher stops, or when the runner exits.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { killTree, spawnTracked, withTimeout } from './processes.mjs';

const MINIBROWSER_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-6.0/MiniBrowser',
];

export function findMiniBrowser() {
  return process.env.MINIBROWSER_PATH ?? MINIBROWSER_CANDIDATES.find((p) => existsSync(p));
}

const tail = (text) => text.trim().split('\n').slice(-5).join(' | ');

/** Starts Xvfb on the first free display (it picks one itself and writes its number to fd 3). */
async function startXvfb(xvfb, ms) {
  const child = spawnTracked(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  const display = await withTimeout(
    new Promise((resolve, reject) => {
      let out = '';
      child.stdio[3].on('data', (c) => {
        out += c;
        if (out.includes('\n')) resolve(`:${out.trim()}`);
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${tail(stderr)}`)));
    }),
    ms,
    `Xvfb (${xvfb}) did not report a display within ${ms} ms: ${tail(stderr)}`,
  ).catch((error) => {
    killTree(child);
    throw error;
  });
  return { child, display };
}

// W3C WebDriver's key codes for the key names sendKeys takes (as puppeteer and playwright name them).
const KEYS = {
  Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', Backspace: '\uE003', Delete: '\uE017', Space: ' ',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015',
  Home: '\uE011', End: '\uE010', PageUp: '\uE00E', PageDown: '\uE00F',
  Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D',
};
const keyCode = (name) => KEYS[name] ?? name;
const BUTTONS = { left: 0, middle: 1, right: 2 };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Web platform features Safari ships but WebKitGTK's MiniBrowser leaves off: the Storage API
 * (`navigator.storage`, its estimate) and the Origin Private File System with writable streams. On, so
 * that WebKit proves what Safari users get (keep-copy); the guided re-pick is proved without them too.
 */
export const SAFARI_FEATURES = ['+StorageAPI', '+StorageAPIEstimate', '+FileSystem', '+FileSystemWritableStream'];

export class WebKitLauncher {
  constructor({
    driver = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver',
    binary = findMiniBrowser(),
    args = ['--automation', `--features=${SAFARI_FEATURES.join(',')}`],
    xvfb = process.env.XVFB_PATH ?? '/usr/bin/Xvfb',
    xsettingsd = process.env.XSETTINGSD_PATH ?? '/usr/bin/xsettingsd',
    startTimeout = 30_000,
  } = {}) {
    this.name = 'WebKit';
    // 'webdriver': @web/test-runner-commands' sendKeys and sendMouse call the methods below.
    this.type = 'webdriver';
    this.engine = 'webkit';
    this.concurrency = 1;
    this.driverPath = driver;
    this.binary = binary;
    this.args = args;
    this.xvfbPath = xvfb;
    this.xsettingsdPath = xsettingsd;
    this.startTimeout = startTimeout;
    this.active = new Map(); // test session id → url
    this.starting = null;
    this.version = undefined;
    this.env = process.env;
  }

  async initialize(config) {
    this.config = config;
  }

  async request(method, path, body, ms = 30_000) {
    const url = `${this.base}${path}`;
    const response = await withTimeout(
      fetch(url, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      ms,
      `WebKitWebDriver did not answer ${method} ${path} within ${ms} ms`,
    );
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      const v = json.value ?? {};
      throw new Error(`WebKitWebDriver ${method} ${path}: ${response.status} ${v.error ?? ''} ${v.message ?? ''}`.trim());
    }
    return json.value;
  }

  /** Xvfb, then the driver, then one MiniBrowser session. Once it failed, it fails at once for every later file. */
  start() {
    this.starting ??= this.#start().catch(async (error) => {
      await this.stop();
      throw new Error(`WebKit did not start: ${error.message}`);
    });
    return this.starting;
  }

  async #start() {
    if (!existsSync(this.driverPath)) throw new Error(`no ${this.driverPath} (Debian package webkit2gtk-driver)`);
    if (!this.binary || !existsSync(this.binary)) throw new Error(`no MiniBrowser (Debian package libwebkit2gtk-4.1-0, a dependency of webkit2gtk-driver); or set MINIBROWSER_PATH`);
    if (!existsSync(this.xvfbPath)) throw new Error(`no ${this.xvfbPath} (Debian package xvfb)`);
    if (!existsSync(this.xsettingsdPath)) throw new Error(`no ${this.xsettingsdPath} (Debian package xsettingsd)`);
    const deadline = Date.now() + this.startTimeout;

    const xvfb = await startXvfb(this.xvfbPath, this.startTimeout);
    this.xvfb = xvfb.child;
    this.env = { ...process.env, DISPLAY: xvfb.display, WAYLAND_DISPLAY: '', GDK_BACKEND: 'x11', LIBGL_ALWAYS_SOFTWARE: '1', NO_AT_BRIDGE: '1' };
    delete this.env.GTK_THEME; // it would win over the display's theme

    this.settingsDir = mkdtempSync(path.join(os.tmpdir(), 'wtr-webkit-'));
    this.settingsFile = path.join(this.settingsDir, 'xsettingsd.conf');
    this.#writeTheme('light');
    this.xsettingsd = spawnTracked(this.xsettingsdPath, ['-c', this.settingsFile], { env: this.env, stdio: ['ignore', 'ignore', 'ignore'] });

    await this.#startBrowser(deadline);
  }

  /** WebKitWebDriver and one MiniBrowser session, on the display that is already there. */
  async #startBrowser(deadline = Date.now() + this.startTimeout) {
    const left = () => Math.max(1_000, deadline - Date.now());
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.driver = spawnTracked(this.driverPath, [`--port=${port}`], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let driverLog = '';
    const keep = (c) => (driverLog = (driverLog + c).slice(-8000));
    this.driver.stdout.on('data', keep);
    this.driver.stderr.on('data', keep);
    let exited = null;
    this.driver.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));

    // Ready once /status answers.
    for (;;) {
      if (exited) throw new Error(`WebKitWebDriver ${exited}: ${tail(driverLog)}`);
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not listen on port ${port} within ${this.startTimeout} ms: ${tail(driverLog)}`);
      try {
        const status = await this.request('GET', '/status', undefined, 1_000);
        if (status?.ready !== false) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }

    const created = await this.request(
      'POST',
      '/session',
      {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            pageLoadStrategy: 'eager',
            'webkitgtk:browserOptions': { binary: this.binary, args: this.args },
          },
        },
      },
      left(),
    ).catch((error) => {
      throw new Error(`${error.message} ${tail(driverLog)}`);
    });
    this.session = created.sessionId;
    this.version = created.capabilities?.browserVersion;
    // Tests may take a while: no script timeout of WebDriver's cuts them short.
    await this.request('POST', `/session/${this.session}/timeouts`, { script: null, pageLoad: 30_000 }).catch(() => undefined);
  }

  /**
   * A web process that stopped answering (WebKitGTK's media pipeline can deadlock it) would fail every
   * later test file: the driver and the browser are killed and started again, on the same display.
   */
  async #recover(why) {
    console.warn(`\nWebKit: ${why}; starting MiniBrowser again for the next test file.`);
    this.session = undefined;
    killTree(this.driver);
    this.driver = undefined;
    this.#writeTheme('light');
    this.xsettingsd?.kill('SIGHUP');
    this.schemeChanged = false;
    this.starting = this.#startBrowser().catch((error) => {
      throw new Error(`WebKit did not start again: ${error.message}`);
    });
    await this.starting.catch(() => undefined);
  }

  async #navigate(url, ms) {
    await this.request('POST', `/session/${this.session}/url`, { url }, ms);
  }

  async startSession(sessionId, url) {
    await this.start();
    this.active.set(sessionId, url);
    try {
      await this.#navigate(url, 20_000);
    } catch (error) {
      await this.#recover(`the page did not open (${error.message})`);
      await this.start();
      await this.#navigate(url, 20_000);
    }
  }

  isActive(sessionId) {
    return this.active.has(sessionId);
  }

  async getBrowserUrl(sessionId) {
    if (!this.active.has(sessionId)) return undefined;
    return this.request('GET', `/session/${this.session}/url`, undefined, 10_000).catch(() => this.active.get(sessionId));
  }

  #writeTheme(scheme) {
    writeFileSync(this.settingsFile, `Net/ThemeName "${scheme === 'dark' ? 'Adwaita-dark' : 'Adwaita'}"\n`);
  }

  /** prefers-color-scheme for the page: 'light', 'dark', or null (the default, light). */
  async emulateColorScheme(sessionId, scheme) {
    if (!this.active.has(sessionId)) throw new Error(`WebKit: no session ${sessionId}`);
    this.#writeTheme(scheme);
    this.xsettingsd.kill('SIGHUP'); // rereads its file and announces the new theme to the display
    this.schemeChanged = scheme === 'dark';
    const wanted = scheme ?? 'light';
    const script = `return matchMedia('(prefers-color-scheme: ${wanted})').matches`;
    for (const end = Date.now() + 5_000; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
      if ((await this.request('POST', `/session/${this.session}/execute/sync`, { script, args: [] }, 5_000)) === true) return;
    }
    throw new Error(`WebKit: prefers-color-scheme did not become ${wanted} within 5 s of the theme change`);
  }

  async stopSession(sessionId) {
    if (this.schemeChanged) await this.emulateColorScheme(sessionId, null).catch(() => undefined);
    this.active.delete(sessionId);
    // An empty page stops the test page's timers and requests before the next file.
    await this.#navigate('about:blank', 10_000).catch((error) => this.#recover(`the test page did not let go (${error.message})`));
    return {};
  }

  async #actions(actions) {
    await this.request('POST', `/session/${this.session}/actions`, { actions }, 10_000);
  }

  /** sendKeys: each entry a key name ('Enter', 'Shift+Tab') or one character, pressed and released in turn. */
  async sendKeys(_sessionId, keys) {
    const steps = [];
    for (const key of keys) {
      const chord = key.length > 1 && key.includes('+') ? key.split('+').map(keyCode) : [keyCode(key)];
      for (const k of chord) steps.push({ type: 'keyDown', value: k });
      for (const k of [...chord].reverse()) steps.push({ type: 'keyUp', value: k });
    }
    await this.#actions([{ type: 'key', id: 'keyboard', actions: steps }]);
  }

  #pointer(actions) {
    return this.#actions([{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }]);
  }

  sendMouseMove(_sessionId, x, y) {
    return this.#pointer([{ type: 'pointerMove', duration: 0, origin: 'viewport', x: Math.round(x), y: Math.round(y) }]);
  }

  sendMouseClick(_sessionId, x, y, button = 'left') {
    const b = BUTTONS[button] ?? 0;
    return this.#pointer([
      { type: 'pointerMove', duration: 0, origin: 'viewport', x: Math.round(x), y: Math.round(y) },
      { type: 'pointerDown', button: b },
      { type: 'pointerUp', button: b },
    ]);
  }

  sendMouseDown(_sessionId, button = 'left') {
    return this.#pointer([{ type: 'pointerDown', button: BUTTONS[button] ?? 0 }]);
  }

  sendMouseUp(_sessionId, button = 'left') {
    return this.#pointer([{ type: 'pointerUp', button: BUTTONS[button] ?? 0 }]);
  }

  async resetMouse() {
    await this.request('DELETE', `/session/${this.session}/actions`, undefined, 10_000).catch(() => undefined);
    await this.#pointer([{ type: 'pointerMove', duration: 0, origin: 'viewport', x: 0, y: 0 }]);
  }

  async startDebugSession() {
    throw new Error('WebKit: no debug sessions here (MiniBrowser runs on a hidden Xvfb display)');
  }

  async stop() {
    if (this.session && this.base) {
      const session = this.session;
      this.session = undefined;
      await this.request('DELETE', `/session/${session}`, undefined, 5_000).catch(() => undefined);
    }
    killTree(this.driver);
    killTree(this.xsettingsd);
    killTree(this.xvfb);
    this.driver = undefined;
    this.xsettingsd = undefined;
    this.xvfb = undefined;
    if (this.settingsDir) rmSync(this.settingsDir, { recursive: true, force: true });
    this.settingsDir = undefined;
  }
}

export function webkitLauncher(options) {
  return new WebKitLauncher(options);
}
