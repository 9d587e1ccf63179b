// Issue #18: subtitle files are checked in the page before anything is sent; a refusal names the line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SUBTITLE_BYTES } from '../../../src/details/codes.ts';
import { checkSrt, checkSubtitleFile, checkSubtitleText, checkVtt, decodeSubtitleBytes, subtitleFormatOf } from '../../../src/details/subtitle-check.ts';

/** Runs fn, expects a GcoreUploaderError with `code` (and `params` ⊇ `params`); returns it. */
function refused(fn, code, params = {}) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error, 'expected a refusal');
  assert.equal(error.name, 'GcoreUploaderError');
  assert.equal(error.code, code);
  for (const [k, v] of Object.entries(params)) assert.equal(error.params[k], v, `params.${k}`);
  return error;
}

const file = (name, text) => {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { name, size: bytes.length, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
};

test('WebVTT: must start "WEBVTT" (line 1)', () => {
  refused(() => checkVtt('1\n00:00:00.000 --> 00:00:01.000\nHi\n'), 'invalid-subtitle', { reason: 'no-header', line: 1 });
  refused(() => checkVtt('WEBVTTX\n\n00:00:00.000 --> 00:00:01.000\nHi\n'), 'invalid-subtitle', { reason: 'no-header', line: 1 });
  assert.equal(checkVtt('\uFEFFWEBVTT - a title\r\n\r\n00:00.000 --> 00:01.000\r\nHi\r\n').cues, 1);
});

test('WebVTT: a broken timing line is refused with its line number (after an identifier too)', () => {
  const text = 'WEBVTT\n\nNOTE a note\nof two lines\n\nintro\n00:00:00.000 --> 00:00:01.000\nHi\n\nsecond\n00:00:01,000 --> 00:00:02.000\nBroken\n';
  const e = refused(() => checkVtt(text), 'invalid-subtitle', { reason: 'timing', line: 11 });
  assert.match(e.message, /00:00:01,000/);
  refused(() => checkVtt('WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nBackwards\n'), 'invalid-subtitle', { reason: 'timing', line: 3 });
  refused(() => checkVtt('WEBVTT\n\nNOTE only a note\n'), 'invalid-subtitle', { reason: 'no-cues' });
});

test('SRT: a block must start with a cue number, then a timing line; the wrong line is named', () => {
  refused(() => checkSrt('1\n00:00:01,000 --> 00:00:02,000\nOK\n\nnot a number\n00:00:02,000 --> 00:00:03,000\nx\n'), 'invalid-subtitle', { reason: 'cue-number', line: 5 });
  refused(() => checkSrt('1\n00:00:01,000 --> 00:00:02,000\nOK\n\n2\n00:00:02 --> 00:00:03,000\nbroken\n'), 'invalid-subtitle', { reason: 'timing', line: 6 });
  refused(() => checkSrt('1\nHello\n'), 'invalid-subtitle', { reason: 'timing', line: 2 });
  refused(() => checkSrt('   \n\n'), 'invalid-subtitle', { reason: 'empty' });
  refused(() => checkSrt('1\n00:00:01,000 --> 00:00:02,000\nA\u0000B\n'), 'invalid-subtitle', { reason: 'encoding', line: 3 });
  assert.equal(checkSrt('1\r\n00:00:01,000 --> 00:00:02,000\r\nOK\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nOK too\r\n'), 2);
});

test('checkSubtitleText: an SRT becomes WebVTT; a ".srt" that is WebVTT already is kept', () => {
  const srt = checkSubtitleText('1\n00:00:01,000 --> 00:00:02,000\nHi\n', 'srt');
  assert.equal(srt.format, 'srt');
  assert.match(srt.vtt, /^WEBVTT\n\n1\n00:00:01\.000 --> 00:00:02\.000\nHi\n$/);
  assert.equal(checkSubtitleText('WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n', 'srt').format, 'vtt');
});

test('checkSubtitleFile: by extension; over 2 000 000 bytes refused before reading; errors name the file type', async () => {
  assert.equal(subtitleFormatOf('talk.en.SRT'), 'srt');
  assert.equal(subtitleFormatOf('talk.vtt'), 'vtt');
  assert.equal(subtitleFormatOf('talk.txt'), null);
  await assert.rejects(checkSubtitleFile(file('talk.txt', 'WEBVTT\n')), (e) => e.code === 'invalid-subtitle' && e.params.reason === 'file-type');
  let read = false;
  const big = { name: 'big.vtt', size: MAX_SUBTITLE_BYTES + 1, arrayBuffer: async () => ((read = true), new ArrayBuffer(0)) };
  await assert.rejects(checkSubtitleFile(big), (e) => e.code === 'subtitle-too-large' && e.params.limit === MAX_SUBTITLE_BYTES);
  assert.equal(read, false, 'not read');
  const ok = await checkSubtitleFile(file('talk.srt', '1\n00:00:01,000 --> 00:00:02,000\nGrüße\n'));
  assert.match(ok.vtt, /Grüße/);
  // An SRT that just fits as SRT but not as WebVTT (the header) is refused too.
  const cue = '1\n00:00:01,000 --> 00:00:02,000\n';
  const fill = 'x'.repeat(MAX_SUBTITLE_BYTES - cue.length - 1);
  await assert.rejects(checkSubtitleFile(file('edge.srt', `${cue}${fill}\n`)), (e) => e.code === 'subtitle-too-large');
});

test('text encodings: UTF-8, UTF-16 with a BOM, else Windows-1252', () => {
  assert.equal(decodeSubtitleBytes(new Uint8Array([0x47, 0x72, 0xc3, 0xbc])), 'Grü');
  assert.equal(decodeSubtitleBytes(new Uint8Array([0x47, 0x72, 0xfc])), 'Grü');
  assert.equal(decodeSubtitleBytes(new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00])), 'Hi');
});
