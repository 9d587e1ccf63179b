// Issue #18: the languages a subtitle can be in: ISO 639-2 codes, labelled in the page's language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guessLanguage, languageCode, languageLabel, languageOptions, languageTag, SUBTITLE_LANGUAGE_CODES } from '../../../src/details/languages.ts';

test('every code is three lower-case letters (what the helper takes), none twice', () => {
  for (const code of SUBTITLE_LANGUAGE_CODES) assert.match(code, /^[a-z]{3}$/);
  assert.equal(new Set(SUBTITLE_LANGUAGE_CODES).size, SUBTITLE_LANGUAGE_CODES.length);
  for (const code of ['eng', 'ger', 'fre', 'spa', 'rus']) assert.ok(SUBTITLE_LANGUAGE_CODES.includes(code), code);
});

test('Intl.DisplayNames gets the ISO 639-1 tag where there is one: labels in the page language', () => {
  assert.equal(languageTag('ger'), 'de');
  assert.equal(languageTag('fil'), 'fil');
  assert.equal(languageLabel('ger', 'en'), 'German');
  assert.equal(languageLabel('ger', 'de'), 'Deutsch');
  assert.equal(languageLabel('ger', 'fr'), 'Allemand');
  assert.equal(languageLabel('fre', 'es'), 'Francés');
  assert.equal(languageLabel('eng', 'ru'), 'Английский');
  // Every code gets a real name, not its tag.
  for (const code of SUBTITLE_LANGUAGE_CODES) assert.notEqual(languageLabel(code, 'en'), languageTag(code), code);
});

test('languageOptions: every code, sorted by label in the page language', () => {
  const de = languageOptions('de');
  assert.equal(de.length, SUBTITLE_LANGUAGE_CODES.length);
  const labels = de.map((o) => o.label);
  assert.deepEqual(labels, [...labels].sort(new Intl.Collator('de').compare));
  assert.equal(de.find((o) => o.code === 'eng').label, 'Englisch');
  assert.ok(languageOptions('not a tag!').length > 0, 'an invalid locale falls back');
});

test('languageCode and guessLanguage: tags and 639-2/T codes to the code offered; a file name first, then the page', () => {
  assert.equal(languageCode('de-AT'), 'ger');
  assert.equal(languageCode('deu'), 'ger');
  assert.equal(languageCode('fr'), 'fre');
  assert.equal(languageCode('xx'), null);
  assert.equal(guessLanguage('talk.de.srt', 'en'), 'ger');
  assert.equal(guessLanguage('talk_fra.vtt', 'en'), 'fre');
  assert.equal(guessLanguage('talk.vtt', 'es-MX'), 'spa');
  assert.equal(guessLanguage('talk.vtt', null), 'eng');
});
