// Issue #18: SRT subtitles become WebVTT in the page before they are sent (the helper takes WebVTT only).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { srtTimes, srtToVtt } from '../../../src/details/srt.ts';
import { checkVtt } from '../../../src/details/subtitle-check.ts';

const SRT = '1\r\n00:00:01,000 --> 00:00:04,500\r\nHello <i>there</i>\r\nsecond line\r\n\r\n2\r\n0:00:05,25 --> 0:00:07,000 X1:10 X2:100 Y1:10 Y2:50\r\n{\\an8}<font color="red">Top</font>\r\n';

test('an SRT file becomes WebVTT: header, times with "." and hours, numbers kept as identifiers', () => {
  const vtt = srtToVtt(`\uFEFF${SRT}`);
  assert.equal(
    vtt,
    'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500\nHello <i>there</i>\nsecond line\n\n2\n00:00:05.250 --> 00:00:07.000\nTop\n',
  );
  // What comes out is WebVTT by the page's own check, and by the helper's rule (starts "WEBVTT").
  assert.equal(checkVtt(vtt).cues, 2);
  assert.match(vtt, /^WEBVTT\n/);
});

test('"-->" inside cue text is escaped, so WebVTT does not read it as a timing line', () => {
  const vtt = srtToVtt('1\n00:00:00,000 --> 00:00:01,000\nA --> B\n');
  assert.match(vtt, /A --&gt; B/);
});

test('srtTimes reads both times in ms, with "," or "."; anything else is null', () => {
  assert.deepEqual(srtTimes('01:02:03,004 --> 01:02:04,500'), { start: 3_723_004, end: 3_724_500 });
  assert.deepEqual(srtTimes('00:00:01.5 --> 00:00:02.000'), { start: 1500, end: 2000 });
  assert.equal(srtTimes('00:00:01,000 -> 00:00:02,000'), null);
  assert.equal(srtTimes('Hello'), null);
});

test('blank lines between and after cues, and a missing final newline, change nothing', () => {
  const vtt = srtToVtt('\n\n1\n00:00:00,000 --> 00:00:01,000\nOne\n\n\n\n2\n00:00:01,000 --> 00:00:02,000\nTwo');
  assert.equal(vtt, 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nOne\n\n2\n00:00:01.000 --> 00:00:02.000\nTwo\n');
});
