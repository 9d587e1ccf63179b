// The engines the browser suite runs in, one after another: Chromium, Firefox and WebKit, each from
// Debian's packages. TEST_ENGINES=firefox,webkit (comma-separated) picks some of them.
import { chromiumLauncher, firefoxLauncher } from './puppeteer.mjs';
import { webkitLauncher } from './webkit.mjs';

export const ENGINES = {
  chromium: chromiumLauncher,
  firefox: firefoxLauncher,
  webkit: webkitLauncher,
};

export function selectedEngines(value = process.env.TEST_ENGINES) {
  const names = (value ?? Object.keys(ENGINES).join(','))
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !ENGINES[n]);
  if (unknown.length || names.length === 0) {
    throw new Error(`TEST_ENGINES=${value}: unknown engine ${unknown.join(', ')}; pick from ${Object.keys(ENGINES).join(', ')}`);
  }
  return names;
}

export function launchers(names = selectedEngines()) {
  return names.map((name) => ENGINES[name]());
}

/**
 * Server commands for the test pages, answered by the launcher that runs the page:
 *   'test-engine'                               → 'chromium' | 'firefox' | 'webkit' (the launcher's, not a
 *                                                 guess from the user agent)
 *   'test-color-scheme' {scheme: 'light'|'dark'|null} → prefers-color-scheme for this page, in every engine
 *                                                 (@web/test-runner-commands' emulateMedia needs CDP)
 */
export function enginePlugin() {
  return {
    name: 'test-engine',
    async executeCommand({ command, payload, session }) {
      if (command === 'test-engine') return session.browser.engine ?? session.browser.name.toLowerCase();
      if (command === 'test-color-scheme') {
        if (!session.browser.emulateColorScheme) throw new Error(`${session.browser.name}: no colour scheme emulation`);
        await session.browser.emulateColorScheme(session.id, payload?.scheme ?? null);
        return true;
      }
      return undefined;
    },
  };
}
