// The locale tables and how one is picked and customised, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCALE_NAMES, loadLocale, isLocaleLoaded, pickLocale, resolveStrings, langOf } from '../../../src/i18n/index.ts';
import { LOCALES } from '../../../src/i18n/locales.ts';
import { en } from '../../../src/i18n/en.ts';
import { ERROR_MESSAGES } from '../../../src/errors.ts';

const isObject = (v) => v !== null && typeof v === 'object';

/** Every leaf as [path, value]; functions are leaves. */
function leaves(table, prefix = '') {
  return Object.entries(table).flatMap(([key, value]) =>
    isObject(value) ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}

const enLeaves = new Map(leaves(en));
const others = Object.entries(LOCALES).filter(([name]) => name !== 'en');
// Sample arguments that are fine for every function: numbers read as themselves in a template and work with Intl.
const sampleArgs = (fn) => [3, 7, 11].slice(0, fn.length);

/** What a leaf shows: the string, or the function's text for the sample arguments. */
const shown = (value) => (typeof value === 'function' ? value(...sampleArgs(value)) : value);

// Allowed to read the same as English: technical values and pure formatting.
const SAME_AS_ENGLISH = new Set(['status.idle', 'linkPlaceholder', 'rendition']);
const MAX_OTHER_SAME = 3;

test('there is a table for en, de, es, fr and ru', () => {
  assert.deepEqual(Object.keys(LOCALES).sort(), ['de', 'en', 'es', 'fr', 'ru']);
  assert.equal(LOCALES.en, en);
});

test('en has a sentence for every error code', () => {
  assert.deepEqual(Object.keys(en.errors).sort(), Object.keys(ERROR_MESSAGES).sort());
});

for (const [name, table] of others) {
  test(`${name}: the same keys as en, nested tables included`, () => {
    const own = leaves(table).map(([path]) => path).sort();
    assert.deepEqual(own, [...enLeaves.keys()].sort());
  });

  test(`${name}: functions take the same arguments as en's and use them`, () => {
    for (const [path, value] of leaves(table)) {
      const english = enLeaves.get(path);
      assert.equal(typeof value, typeof english, `${path} is a ${typeof english} in en`);
      if (typeof value !== 'function') continue;
      assert.equal(value.length, english.length, `${path} arity`);
      const text = value(...sampleArgs(value));
      assert.equal(typeof text, 'string', path);
      assert.ok(text.trim().length > 0, `${path} gives an empty string`);
      for (const arg of sampleArgs(value)) assert.ok(text.includes(String(arg)), `${path} leaves out ${arg}: ${text}`);
      assert.ok(!text.includes('undefined') && !text.includes('NaN'), `${path}: ${text}`);
    }
  });

  test(`${name}: nothing is empty, nothing is a placeholder, typography is proper`, () => {
    for (const [path, value] of leaves(table)) {
      const text = shown(value);
      if (path === 'status.idle') {
        assert.equal(text, '');
        continue;
      }
      assert.ok(text.trim().length > 0, `${path} is empty`);
      assert.equal(text, text.trim(), `${path} has stray spaces`);
      assert.ok(!/[{}]/.test(text), `${path} has a placeholder: ${text}`);
      assert.ok(!text.includes('...'), `${path} has three dots instead of …: ${text}`);
      assert.ok(!/\p{L}'\p{L}/u.test(text), `${path} has a straight apostrophe: ${text}`);
      assert.ok(!/"/.test(text), `${path} has straight quotes: ${text}`);
    }
  });

  test(`${name}: translated, not copied from English`, () => {
    const same = leaves(table)
      .filter(([path]) => !SAME_AS_ENGLISH.has(path))
      .filter(([path, value]) => shown(value) === shown(enLeaves.get(path)))
      .map(([path]) => path);
    assert.ok(same.length <= MAX_OTHER_SAME, `reads as English: ${same.join(', ')}`);
  });

  test(`${name}: product and format names stay as they are`, () => {
    for (const word of ['HLS', 'DASH', '.m3u8', '.mpd']) assert.ok(table.manifestRefused.includes(word), word);
    for (const word of ['MP4', 'MOV', 'MKV', 'WebM']) assert.ok(table.errors['invalid-file-type'].includes(word), word);
    assert.ok(table.importing.includes('Gcore'));
    assert.ok(table.videoStatus.empty.includes('Gcore'));
    assert.ok(table.errors['method-not-allowed'].includes('405'));
  });
}

test('French agrees the participle with the count', () => {
  assert.equal(LOCALES.fr.totalProgress(1, 5), '1 sur 5 envoyée');
  assert.equal(LOCALES.fr.totalProgress(0, 5), '0 sur 5 envoyée');
  assert.equal(LOCALES.fr.totalProgress(2, 5), '2 sur 5 envoyées');
});

test('Russian counts read correctly for every number (neutral wording)', () => {
  for (const [done, total] of [[1, 1], [2, 5], [5, 21], [21, 22]]) {
    assert.equal(LOCALES.ru.totalProgress(done, total), `Загружено ${done} из ${total}`);
  }
  assert.equal(LOCALES.ru.chunkOf(2, 21), 'часть 2 из 21');
});

test('locales load on first use; until then resolveStrings gives English', async () => {
  assert.deepEqual([...LOCALE_NAMES].sort(), Object.keys(LOCALES).sort());
  assert.equal(isLocaleLoaded('en'), true);
  assert.equal(isLocaleLoaded('de'), false);
  assert.equal(resolveStrings('de').selectButton, LOCALES.en.selectButton);
  assert.equal(await loadLocale('de'), LOCALES.de);
  assert.equal(resolveStrings('de').selectButton, LOCALES.de.selectButton);
  await Promise.all(LOCALE_NAMES.map(loadLocale));
});

test('pickLocale matches the primary subtag, case-insensitively, else en', () => {
  const cases = {
    de: 'de',
    'de-AT': 'de',
    'de-CH-1996': 'de',
    'DE-de': 'de',
    'es-419': 'es',
    'fr-CA': 'fr',
    fr_BE: 'fr',
    'ru-RU': 'ru',
    ' ru ': 'ru',
    'en-GB': 'en',
    pt: 'en',
    'pt-BR': 'en',
    deu: 'en',
    d: 'en',
    '': 'en',
    constructor: 'en',
    ['__proto__']: 'en',
    hasOwnProperty: 'en',
    toString: 'en',
  };
  for (const [tag, locale] of Object.entries(cases)) assert.equal(pickLocale(tag), locale, tag);
  assert.equal(pickLocale(null), 'en');
  assert.equal(pickLocale(undefined), 'en');
});

test('resolveStrings gives the picked table when nothing is overridden', () => {
  assert.deepEqual(leaves(resolveStrings('de-AT')), leaves(LOCALES.de));
  assert.deepEqual(leaves(resolveStrings('pt')), leaves(en));
  assert.deepEqual(leaves(resolveStrings(undefined, {})), leaves(en));
  assert.notEqual(resolveStrings('de'), LOCALES.de, 'a new object');
  assert.notEqual(resolveStrings('de').errors, LOCALES.de.errors, 'nested tables are new objects too');
});

test('resolveStrings merges overrides deeply and keeps the tables as they were', () => {
  const before = JSON.stringify(LOCALES);
  const beforeFns = leaves(LOCALES.fr).filter(([, v]) => typeof v === 'function');
  const strings = resolveStrings('fr', {
    selectButton: 'Sélectionner',
    status: { uploading: 'Ça monte…' },
    errors: { network: 'Plus de réseau.' },
    timeLeft: (time) => `${time} encore`,
  });
  assert.equal(strings.selectButton, 'Sélectionner');
  assert.equal(strings.status.uploading, 'Ça monte…');
  assert.equal(strings.status.paused, LOCALES.fr.status.paused, 'other nested keys stay');
  assert.equal(strings.status.idle, '');
  assert.equal(strings.errors.network, 'Plus de réseau.');
  assert.equal(strings.errors.aborted, LOCALES.fr.errors.aborted);
  assert.equal(Object.keys(strings.errors).length, Object.keys(en.errors).length);
  assert.equal(strings.timeLeft('5 s'), '5 s encore');
  assert.equal(strings.cancel, 'Annuler');

  assert.equal(JSON.stringify(LOCALES), before, 'LOCALES unchanged');
  assert.deepEqual(leaves(LOCALES.fr).filter(([, v]) => typeof v === 'function'), beforeFns);
  assert.equal(LOCALES.fr.status.uploading, 'Envoi en cours…');
  assert.equal(LOCALES.fr.errors.network, 'La connexion au serveur d’envoi a été perdue.');
  assert.equal(en.errors.network, ERROR_MESSAGES.network);

  // Changing the result does not reach the tables either.
  strings.status.paused = 'x';
  strings.errors.aborted = 'x';
  assert.equal(JSON.stringify(LOCALES), before);
});

test('resolveStrings ignores undefined, wrong-kind and prototype-polluting overrides', () => {
  const strings = resolveStrings('en', JSON.parse('{"cancel": null, "status": "oops", "ofBytes": "x", "__proto__": {"polluted": 1}, "retry": "Again"}'));
  assert.equal(strings.retry, 'Again');
  assert.equal(typeof strings.ofBytes, 'function');
  assert.equal(strings.status.paused, 'Paused');
  assert.equal(strings.cancel, 'Cancel');
  assert.equal(resolveStrings('en', { pause: undefined }).pause, 'Pause');
  assert.equal({}.polluted, undefined);
  assert.equal(strings.polluted, undefined);
});

// Just enough of the DOM for langOf: elements with closest/getAttribute/getRootNode, and shadow roots with a host.
function fakeTree() {
  const make = (lang, parent, root) => {
    const el = {
      nodeType: 1,
      parent,
      lang,
      getAttribute: (name) => (name === 'lang' ? el.lang : null),
      closest(selector) {
        assert.equal(selector, '[lang]');
        for (let e = el; e; e = e.parent) if (e.lang !== null) return e;
        return null;
      },
      getRootNode: () => root.node,
    };
    return el;
  };
  const doc = { node: { nodeType: 9 } };
  const html = make(null, null, doc);
  const page = make('de-AT', html, doc);
  const host = make(null, page, doc);
  const shadow = { node: { nodeType: 11, host } };
  const inner = make(null, null, shadow);
  const innerLang = make('fr', inner, shadow);
  const deep = make(null, innerLang, shadow);
  const detachedRoot = { node: { nodeType: 11 } }; // a plain document fragment, not a shadow root
  const loose = make(null, null, detachedRoot);
  return { html, page, host, inner, deep, loose };
}

test('langOf walks up through ancestors and out of shadow roots', () => {
  const { page, host, inner, deep } = fakeTree();
  assert.equal(langOf(page), 'de-AT');
  assert.equal(langOf(host), 'de-AT');
  assert.equal(langOf(inner), 'de-AT', 'out of the shadow root through its host');
  assert.equal(langOf(deep), 'fr', 'the nearest lang wins, even inside a shadow root');
});

test('langOf falls back to the document, then null', () => {
  const { html, loose } = fakeTree();
  assert.equal(typeof document, 'undefined');
  assert.equal(langOf(html), null);
  assert.equal(langOf(loose), null);
  globalThis.document = { documentElement: { lang: 'ru' } };
  try {
    assert.equal(langOf(html), 'ru');
    assert.equal(langOf(loose), 'ru');
  } finally {
    delete globalThis.document;
  }
});
