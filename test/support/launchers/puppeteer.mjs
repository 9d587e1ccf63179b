// Chromium and Firefox for web-test-runner, both Debian's packages driven by puppeteer-core (never a
// downloaded browser): Chromium over CDP, Firefox ESR over WebDriver BiDi. Both are
// @web/test-runner-chrome's launcher (one browser, one page per test file); for Firefox, with
// puppeteer-core passed in as the "custom puppeteer" and launch options that name Firefox and BiDi.
//
// Each launcher also carries `engine` (what the 'test-engine' server command answers) and
// `emulateColorScheme(sessionId, 'light' | 'dark' | null)` for the 'test-color-scheme' command.
import * as puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Names the engine, makes a failed launch say which browser did not start, and puts back the page's
 * colour scheme when a test file that changed it ends (pages and prefs outlive a test file).
 */
function wrap(launcher, { engine, name, executablePath, emulateColorScheme }) {
  launcher.engine = engine;
  launcher.name = name;
  const launch = launcher.launchBrowser.bind(launcher);
  launcher.launchBrowser = (options) =>
    launch(options).catch((error) => {
      throw new Error(`${name} (${executablePath}) did not start: ${error.message}`);
    });
  const changed = new Set();
  launcher.emulateColorScheme = async (sessionId, scheme) => {
    await emulateColorScheme(launcher.getPage(sessionId), scheme);
    if (scheme) changed.add(sessionId);
    else changed.delete(sessionId);
  };
  const stopSession = launcher.stopSession.bind(launcher);
  launcher.stopSession = async (sessionId) => {
    if (changed.has(sessionId)) await launcher.emulateColorScheme(sessionId, null).catch(() => undefined);
    return stopSession(sessionId);
  };
  return launcher;
}

export function chromiumLauncher({ timeout = 30_000 } = {}) {
  return wrap(
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout, protocolTimeout: 60_000 },
    }),
    {
      engine: 'chromium',
      name: 'Chromium',
      executablePath: CHROMIUM_PATH,
      emulateColorScheme: (page, scheme) => page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme ?? '' }]),
    },
  );
}

// Firefox's "Website appearance" setting: 0 dark, 1 light (cleared: follow the browser).
const SCHEME_PREF = 'layout.css.prefers-color-scheme.content-override';

/**
 * puppeteer cannot emulate media features over BiDi; Firefox's own setting can, from the browser's
 * chrome window (reachable over BiDi with --remote-allow-system-access). Content sees it a moment later.
 */
async function firefoxColorScheme(page, scheme) {
  const connection = page.browser().connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const context = tree.result.contexts[0]?.context;
  if (!context) throw new Error('Firefox: no chrome window to change the colour scheme in');
  const expression =
    scheme === null ? `Services.prefs.clearUserPref(${JSON.stringify(SCHEME_PREF)})` : `Services.prefs.setIntPref(${JSON.stringify(SCHEME_PREF)}, ${scheme === 'dark' ? 0 : 1})`;
  const { result } = await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: false });
  if (result.type === 'exception') throw new Error(`Firefox: could not set ${SCHEME_PREF}: ${result.exceptionDetails?.text}`);
  if (scheme) {
    await page.waitForFunction((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, { polling: 20, timeout: 5_000 }, scheme);
  }
}

export function firefoxLauncher({ timeout = 30_000 } = {}) {
  return wrap(
    chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath: FIREFOX_PATH,
        protocol: 'webDriverBiDi',
        headless: true,
        timeout,
        protocolTimeout: 60_000,
        args: ['--remote-allow-system-access'],
      },
    }),
    { engine: 'firefox', name: 'Firefox', executablePath: FIREFOX_PATH, emulateColorScheme: firefoxColorScheme },
  );
}
