// Issue #17, "Never lost": after a reload the element lists what the page left unfinished and resumes it
// into the same video without the user choosing the file again where the browser kept something of it
// (Chromium: the file's handle; keep-copy: a copy in the Origin Private File System), else by asking for
// that same file (checked: another file is refused before a byte is sent). One tab at a time per upload
// (Web Locks), forgotten after resume-ttl-hours or when the server no longer has it, discarded on demand;
// the upload token is kept nowhere; leaving the page while it uploads asks first.
//
// Each page is an iframe of this test page (test/support/pages.ts) with the element from the sources:
// the same origin, so its storage and locks are shared as between tabs of one site, and
// `location.reload()` is a real reload (the document goes, its requests are cut).
import { expect } from '@open-wc/testing';
import { en } from '../src/i18n/en.js';
import { formatBytes } from '../src/format.js';
import { backend, clearResumeStorage, engine, makeFile, server, sha256, skipUnless } from './support/helpers.js';
import { closePages, until } from './support/pages.js';
import {
  chooseInInput,
  cleanStorage,
  fileWithHandle,
  handlesWork,
  idbValues,
  inPage,
  MiB,
  opfsCopies,
  opfsWorks,
  openPage,
  pageEvent,
  pageLog,
  part,
  partShown,
  patchBytesSince,
  rememberedKeys,
  reload,
  requestsSince,
  pollUntil,
  shown,
  storageText,
  type Page,
} from './support/unfinished.js';

const SESSION_URL = '/__backend/session';
const BIG = 64 * MiB;
const BIG_CHUNK = 2 * MiB;
const SMALL_CHUNK = 128 * 1024;
const pageAttributes = (chunk: number, extra = '') => `session-url="${SESSION_URL}" chunk-size="${chunk}" retry-delays="0,200,400" ${extra}`;
const size = (bytes: number) => formatBytes(bytes, 'en');

/** The upload tokens of every upload created so far (the server saw them as metadata). */
async function tokens(): Promise<string[]> {
  return (await server.stats()).created.map((c) => c.metadata.token).filter(Boolean);
}

/** Scenario 6: the origin's storage holds none of the tokens (what it holds is returned, to check it was not empty). */
async function expectNoToken(): Promise<string> {
  const all = await tokens();
  expect(all, 'an upload was created, with a token').to.not.be.empty;
  const { text, areas } = await storageText();
  const expected = ['localStorage', 'sessionStorage', 'indexedDB', ...((await opfsWorks()) ? ['opfs'] : []), ...(typeof caches !== 'undefined' ? ['caches'] : [])];
  expect(areas).to.include.members(expected);
  for (const token of all) expect(text.includes(token), `the token is in the storage:\n${text}`).to.equal(false);
  return text;
}

/** Watches a page's file picker: the input's click and showOpenFilePicker() (which it still calls through). */
function watchPicker(p: Page): { opened: number } {
  const seen = { opened: 0 };
  const input = p.el.shadowRoot!.querySelector('input[type=file]')!;
  input.addEventListener('click', () => seen.opened++, true);
  const w = p.win as unknown as { showOpenFilePicker?: (...a: unknown[]) => Promise<unknown> };
  const original = w.showOpenFilePicker;
  if (original) w.showOpenFilePicker = (...a) => (seen.opened++, original.apply(p.win, a));
  return seen;
}

interface Interrupted {
  page: Page;
  videoId: string;
  uploadId: string;
}

/**
 * Starts an upload in `p` with `start` and reloads the page once the server holds `fraction` of it (and,
 * with `waitForCopy`, once the OPFS copy is complete). The PATCHes are slowed only until then, so the
 * reload comes within a chunk or two of `fraction`. Returns the reloaded page.
 */
async function uploadUntilReload(p: Page, file: File, start: (p: Page) => void, { chunk = BIG_CHUNK, fraction = 0.4, waitForCopy = false } = {}): Promise<Interrupted> {
  await server.inject({ method: 'PATCH', delayMs: chunk === BIG_CHUNK ? 60 : 80, times: Math.ceil(file.size / chunk) + 2 });
  const started = pageEvent<{ videoId: string; resumed: boolean }>(p, 'upload-start');
  start(p);
  const { videoId, resumed } = await started;
  expect(resumed, 'a fresh upload').to.equal(false);
  let copied = !waitForCopy;
  let watching = true;
  void (async () => {
    while (watching && !copied) {
      copied = (await opfsCopies()).some((c) => c.size === file.size);
      if (!copied) await new Promise((r) => setTimeout(r, 30));
    }
  })();
  const target = fraction * file.size;
  const finished = pageEvent(p, 'upload-success').then(() => {
    throw new Error(`the upload finished before the reload${copied ? '' : ' (the OPFS copy was never complete)'}`);
  });
  const reloaded = await Promise.race([
    finished,
    reload(p, (now) => {
      const on = (e: Event) => {
        if ((e as CustomEvent).detail.bytesAccepted < target || !copied) return;
        p.el.removeEventListener('chunk-complete', on);
        now();
      };
      p.el.addEventListener('chunk-complete', on);
    }),
  ]);
  watching = false;
  await server.clearFaults();
  const created = (await server.stats()).created;
  expect(created, 'one upload created before the reload').to.have.length(1);
  return { page: reloaded, videoId, uploadId: created[0].id };
}

/** Waits until the reloaded page lists one unfinished upload with the server's offset; checks what it says. */
async function listedAfterReload(p: Page, file: File, source: 'handle' | 'copy' | 'pick', videoId: string, range: [number, number] = [0.35, 0.5]) {
  await until(p.win, () => p.el.unfinished.length === 1 && p.el.unfinished[0].offset !== null, `the unfinished upload with its offset (listed: ${JSON.stringify(p.el.unfinished)})`, 15_000);
  const u = p.el.unfinished[0];
  expect(u).to.include({ name: file.name, size: file.size, type: file.type, lastModified: file.lastModified, videoId, expired: false, otherTab: null });
  expect(u.source, 'where the bytes come back from').to.equal(source);
  const share = u.offset! / file.size;
  expect(share, `the server holds ${u.offset} of ${file.size}`).to.be.within(range[0], range[1]);
  const list = await partShown(p, 'unfinished');
  await p.el.updateComplete;
  expect(list.textContent).to.contain(file.name);
  expect(list.textContent!.replace(/\s+/g, ' ')).to.contain(en.onServer(size(u.offset!), size(file.size)));
  expect(part(p.el, 'unfinished-resume'), 'a Resume button').to.exist;
  return u;
}

/**
 * After a resumed upload succeeded: no new upload nor session, at most one chunk sent again, the
 * server's bytes are the file's, and nothing is left to resume.
 */
async function expectResumedExactly(p: Page, source: File, { since, offset, uploadId, chunk = BIG_CHUNK }: { since: number; offset: number; uploadId: string; chunk?: number }) {
  const stats = await server.stats();
  expect(stats.created, 'no new upload (no POST creation)').to.have.length(1);
  expect(await backend.requests(), 'no new session, so no new video').to.have.length(1);
  const sent = await patchBytesSince(since);
  expect(sent, `${sent} bytes sent after the reload for ${source.size - offset} missing`).to.be.at.most(source.size - offset + chunk);
  expect(stats.finished).to.deep.equal([uploadId]);
  const digest = await server.digest(uploadId);
  expect(digest.size).to.equal(source.size);
  expect(digest.sha256, 'the server has the file byte for byte').to.equal(await sha256(source));
  expect(p.el.state).to.equal('success');
  await until(p.win, () => rememberedKeys().length === 0, 'the entry to be forgotten once complete');
  expect(p.el.unfinished).to.have.length(0);
  await p.el.updateComplete;
  expect(part(p.el, 'unfinished'), 'nothing listed any more').to.equal(null);
}

/** Clicks Resume, for a file the user must choose again: the drop zone asks for it by name and size, and the picker opens. */
async function resumeAsksForFile(p: Page, file: File): Promise<void> {
  const picker = watchPicker(p);
  part(p.el, 'unfinished-resume')!.click();
  const prompt = await partShown(p, 'choose-again');
  expect(prompt.textContent!.trim()).to.equal(en.chooseAgain(file.name, size(file.size)));
  await until(p.win, () => picker.opened > 0, 'the file picker to open');
}

/** Before and after each test, even a failed one: no page, nothing remembered or kept, both servers fresh. */
async function cleanSlate(): Promise<void> {
  closePages();
  clearResumeStorage();
  await cleanStorage();
  await server.reset();
  await backend.reset();
}

/** Tab A uploads `source` (2 MiB chunks, the first `slow` PATCHes held 250 ms each) and has sent its first chunk. */
async function uploadingInTabA(source: File, slow: number): Promise<{ a: Page; chunks(): number; videoId: string }> {
  const a = await openPage(pageAttributes(BIG_CHUNK));
  await server.inject({ method: 'PATCH', delayMs: 250, times: slow });
  let chunks = 0;
  a.el.addEventListener('chunk-complete', () => chunks++);
  const started = pageEvent<{ videoId: string }>(a, 'upload-start');
  chooseInInput(a, inPage(a.win, source));
  const { videoId } = await started;
  await until(a.win, () => chunks >= 1 && rememberedKeys().length === 1, 'the first chunk in tab A');
  return { a, chunks: () => chunks, videoId };
}

describe('unfinished uploads after a reload (#17)', function () {
  beforeEach(cleanSlate);
  afterEach(cleanSlate);

  describe('a reload at about 40 % of 64 MiB (2 MiB chunks)', function () {
    this.timeout(90_000);
    let source: File;
    before(() => {
      source = makeFile(BIG, 'keynote.mp4', 'video/mp4', 17);
    });

    it('Chromium: Resume in one click, from the file handle the picker gave', async function () {
      await skipUnless(this, handlesWork() && (await opfsWorks()), 'no file handles in this engine (showOpenFilePicker / getAsFileSystemHandle: Chromium only); the copy and the re-pick are proved instead');
      const first = await openPage(pageAttributes(BIG_CHUNK));
      const { handle, file } = await fileWithHandle(first.win, source);
      // The user picks the file: the picker answers with its handle (the dialog itself cannot be driven headless).
      (first.win as unknown as { showOpenFilePicker: () => Promise<FileSystemFileHandle[]> }).showOpenFilePicker = async () => [handle];
      const { page: p, videoId, uploadId } = await uploadUntilReload(first, file, (p) => part(p.el, 'select-button')!.click());

      const u = await listedAfterReload(p, file, 'handle', videoId);
      const text = await expectNoToken();
      expect(text, 'the handle is kept in IndexedDB').to.contain(`[file handle ${handle.name}]`);
      const picker = watchPicker(p);
      const since = Date.now();
      const log = pageLog(p, ['upload-start', 'upload-success', 'upload-error']);
      const done = pageEvent(p, 'upload-success');
      part(p.el, 'unfinished-resume')!.click();
      await done;
      expect(log.map((e) => e.type)).to.deep.equal(['upload-start', 'upload-success']);
      expect(log[0].detail).to.include({ resumed: true, videoId });
      expect(picker.opened, 'no picker').to.equal(0);
      expect(part(p.el, 'choose-again')).to.equal(null);
      await expectResumedExactly(p, source, { since, offset: u.offset!, uploadId });
      await expectNoToken();
    });

    it('keep-copy: Resume in one click, from the copy in the Origin Private File System', async function () {
      await skipUnless(
        this,
        await opfsWorks(),
        "no Origin Private File System here: WebKitGTK's automation session is ephemeral and navigator.storage.getDirectory() rejects; keep-copy then falls back to choosing the file again (the re-pick test runs with keep-copy in WebKit)",
      );
      const first = await openPage(pageAttributes(BIG_CHUNK, 'keep-copy'));
      const { page: p, videoId, uploadId } = await uploadUntilReload(first, source, (p) => chooseInInput(p, inPage(p.win, source)), { waitForCopy: true });

      const u = await listedAfterReload(p, source, 'copy', videoId, [0.35, 0.75]);
      const copies = await opfsCopies();
      expect(copies, 'one complete copy').to.have.length(1);
      expect(copies[0].size).to.equal(source.size);
      const text = await expectNoToken();
      expect(text).to.contain('opfs /gcore-uploader/');
      const picker = watchPicker(p);
      const since = Date.now();
      const started = pageEvent<{ resumed: boolean; videoId: string }>(p, 'upload-start');
      // The element's method, as an app's own Resume button would call it.
      const done = p.el.resumeUnfinished(u.key);
      expect(await started).to.include({ resumed: true, videoId });
      expect(await done, 'resolves with the video id').to.equal(videoId);
      expect(picker.opened, 'no picker').to.equal(0);
      expect(part(p.el, 'choose-again')).to.equal(null);
      await expectResumedExactly(p, source, { since, offset: u.offset!, uploadId });
      // Scenario 5 on the resumed way: the copy goes with the completed upload.
      await pollUntil(async () => (await opfsCopies()).length === 0, 'the OPFS copy to be deleted');
      expect((await idbValues()).filter((r) => r.db === 'gcore-uploader'), 'no file record left').to.deep.equal([]);
      await expectNoToken();
    });

    it('without a handle or a copy (in WebKit: keep-copy, which has no OPFS there): Resume asks for the same file by name and size; chosen again, it goes on', async function () {
      // WebKit with keep-copy: no OPFS here, so keep-copy falls back to choosing the file again.
      const webkit = (await engine()) === 'webkit';
      const first = await openPage(pageAttributes(BIG_CHUNK, webkit ? 'keep-copy' : ''));
      const { page: p, videoId, uploadId } = await uploadUntilReload(first, source, (p) => chooseInInput(p, inPage(p.win, source)));

      const u = await listedAfterReload(p, source, 'pick', videoId);
      await expectNoToken();
      await resumeAsksForFile(p, source);
      const since = Date.now();
      const started = pageEvent<{ resumed: boolean; videoId: string }>(p, 'upload-start');
      const done = pageEvent(p, 'upload-success');
      chooseInInput(p, inPage(p.win, source));
      expect(await started).to.include({ resumed: true, videoId });
      await done;
      await expectResumedExactly(p, source, { since, offset: u.offset!, uploadId });
      await expectNoToken();
    });

    it('another file chosen again (same name and size) is refused with resume-file-mismatch, nothing sent; then the right one resumes', async function () {
      const first = await openPage(pageAttributes(BIG_CHUNK));
      const { page: p, videoId, uploadId } = await uploadUntilReload(first, source, (p) => chooseInInput(p, inPage(p.win, source)));
      const u = await listedAfterReload(p, source, 'pick', videoId);

      const impostors: Array<[string, File]> = [
        ['other bytes, same name, size and last change', makeFile(BIG, source.name, source.type, 99, source.lastModified)],
        ['the same bytes, another last change', new File([source], source.name, { type: source.type, lastModified: source.lastModified + 60_000 })],
      ];
      for (const [what, other] of impostors) {
        await resumeAsksForFile(p, source);
        const since = Date.now();
        const refused = pageEvent<{ code: string; message: string }>(p, 'upload-error');
        chooseInInput(p, inPage(p.win, other));
        const detail = await refused;
        expect(detail.code, what).to.equal('resume-file-mismatch');
        expect(detail.message).to.equal(en.errors['resume-file-mismatch']);
        const error = await partShown(p, 'error');
        expect(error.textContent, 'the refusal in words').to.contain(en.errors['resume-file-mismatch']);
        // Nothing at all: no PATCH, no HEAD, no new upload, no DELETE.
        expect(await requestsSince(since), `${what}: nothing sent to the server`).to.deep.equal([]);
        // Still there to resume with the right file.
        await until(p.win, () => p.el.unfinished.length === 1 && Boolean(part(p.el, 'unfinished-resume')), `${what}: the upload listed again (shows "${shown(p.el)}"; unfinished: ${JSON.stringify(p.el.unfinished)})`);
        expect(rememberedKeys()).to.have.length(1);
      }

      await resumeAsksForFile(p, source);
      const since = Date.now();
      const done = pageEvent(p, 'upload-success');
      chooseInInput(p, inPage(p.win, source));
      await done;
      await expectResumedExactly(p, source, { since, offset: u.offset!, uploadId });
      await expectNoToken();
    });
  });

  describe('two tabs, one file', function () {
    this.timeout(60_000);

    it('only one tab uploads it at a time: the other shows "Uploading in another tab", sends nothing, and takes over when the first closes', async () => {
      const source = makeFile(16 * MiB, 'two-tabs.mp4', 'video/mp4', 23);
      const { a, chunks, videoId } = await uploadingInTabA(source, 8);

      // Tab B opens while A uploads: the upload is listed as uploading elsewhere.
      const b = await openPage(pageAttributes(BIG_CHUNK));
      await until(b.win, () => b.el.unfinished.length === 1 && b.el.unfinished[0].otherTab !== null, `tab B to list the upload as in another tab (${JSON.stringify(b.el.unfinished)})`);
      expect(b.el.unfinished[0]).to.include({ name: source.name, videoId });
      expect((await partShown(b, 'unfinished')).textContent).to.contain(en.otherTab);
      const listedAt = b.el.unfinished[0].otherTab!.bytesUploaded;
      await until(b.win, () => (b.el.unfinished[0]?.otherTab?.bytesUploaded ?? 0) > listedAt, `tab B's list to follow A's bytes (listed at ${listedAt})`);

      // The user chooses the same file in B too: it waits for A.
      const bLog = pageLog(b, ['upload-start', 'upload-progress', 'chunk-complete', 'upload-success', 'upload-error']);
      chooseInInput(b, inPage(b.win, source));
      await until(b.win, () => part(b.el, 'status')?.textContent?.trim() === en.otherTab, `tab B to say "${en.otherTab}" (shows "${shown(b.el)}")`);
      const bar = () => Number(b.el.shadowRoot!.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? -1);
      await until(b.win, () => bar() > 0, "tab B to show tab A's progress");
      const aAt = chunks();
      await until(a.win, () => chunks() >= aAt + 2, 'two more chunks in tab A while B waits');
      const patches = (await server.stats()).requests.filter((r) => r.method === 'PATCH');
      expect(patches.length, `PATCHes at the server (${patches.length}) are A's (${chunks()} done, one on the wire)`).to.be.at.most(chunks() + 1);
      expect(bLog, 'tab B sent nothing while A uploads').to.deep.equal([]);
      expect(bar(), "B's bar follows A's bytes").to.be.at.most(Math.ceil(((chunks() + 1) * BIG_CHUNK * 100) / source.size));

      // Tab A closes: B takes over and finishes.
      const bStarted = pageEvent<{ videoId: string; resumed: boolean; offset: number }>(b, 'upload-start');
      const bDone = pageEvent(b, 'upload-success');
      a.frame.remove();
      await server.clearFaults();
      const start = await bStarted;
      expect(start).to.include({ videoId, resumed: true });
      await bDone;
      const stats = await server.stats();
      expect(stats.created, 'one upload').to.have.length(1);
      expect(await backend.requests(), 'one session').to.have.length(1);
      expect(stats.patchBytes, 'every byte once (at most one chunk again)').to.be.at.most(source.size + BIG_CHUNK);
      expect((await server.digest(stats.created[0].id)).sha256).to.equal(await sha256(source));
      await expectNoToken();
    });
  });

  describe('a tab that only lists it', function () {
    this.timeout(60_000);

    it("follows the other tab's bytes in its list, and offers Discard with the server's bytes once that tab closes", async () => {
      const { a } = await uploadingInTabA(makeFile(16 * MiB, 'listed.mp4', 'video/mp4', 29), 100);

      const b = await openPage(pageAttributes(BIG_CHUNK));
      await until(b.win, () => b.el.unfinished[0]?.otherTab != null, `tab B to list the upload as in another tab (${JSON.stringify(b.el.unfinished)})`);
      const listedAt = b.el.unfinished[0].otherTab!.bytesUploaded;
      await until(b.win, () => (b.el.unfinished[0]?.otherTab?.bytesUploaded ?? 0) > listedAt, `the list to follow A's bytes (listed at ${listedAt})`);
      expect((await partShown(b, 'unfinished')).textContent).to.contain(en.otherTab);
      const discard = () => Boolean(b.el.shadowRoot!.querySelector('[part~="unfinished-discard"]'));
      expect(discard(), 'no Discard while A uploads it').to.equal(false);

      a.frame.remove();
      await until(b.win, () => b.el.unfinished.length === 1 && b.el.unfinished[0].otherTab === null, 'the entry to be free once A closed');
      expect(b.el.unfinished[0].offset, "the server's bytes, asked again").to.be.at.least(listedAt);
      await until(b.win, () => discard() && !part(b.el, 'unfinished')!.textContent!.includes(en.otherTab), `Discard, and no "${en.otherTab}" (shows "${shown(b.el)}")`);
      await server.clearFaults();
    });
  });

  describe('forgetting', function () {
    this.timeout(60_000);

    /** Uploads `file` in `p` (small chunks) and reloads after two chunks; resolves with the reloaded page. */
    async function interrupted(p: Page, file: File): Promise<Page> {
      await server.inject({ method: 'PATCH', delayMs: 80, times: 100 });
      let chunks = 0;
      const next = await reload(p, (now) => {
        p.el.addEventListener('chunk-complete', () => ++chunks === 2 && now());
        chooseInInput(p, inPage(p.win, file));
      });
      await server.clearFaults();
      return next;
    }

    const listed = (p: Page, names: string[]) =>
      until(
        p.win,
        () => p.el.unfinished.length === names.length && names.every((n) => p.el.unfinished.some((u) => u.name === n && (u.offset !== null || u.expired))),
        `${names.join(', ')} listed (listed: ${JSON.stringify(p.el.unfinished.map((u) => u.name))})`,
      );

    /** The localStorage key of the remembered upload of `name`. */
    function keyOf(name: string): string {
      const key = rememberedKeys().find((k) => JSON.parse(localStorage.getItem(k)!).file?.name === name || JSON.parse(localStorage.getItem(k)!).metadata?.filename === name);
      expect(key, `an entry for ${name}`).to.exist;
      return key!;
    }

    function backdate(name: string, hours: number): void {
      const key = keyOf(name);
      const value = JSON.parse(localStorage.getItem(key)!);
      value.creationTime = new Date(Date.parse(value.creationTime) - hours * 3_600_000).toISOString();
      localStorage.setItem(key, JSON.stringify(value));
    }

    it('an upload older than resume-ttl-hours is not listed and is forgotten', async () => {
      const files = ['old.mp4', 'older-than-an-hour.mp4', 'fresh.mp4'].map((name, i) => makeFile(8 * SMALL_CHUNK, name, 'video/mp4', 40 + i));
      let p = await openPage(pageAttributes(SMALL_CHUNK));
      for (const file of files) p = await interrupted(p, file);
      await listed(p, files.map((f) => f.name));
      await expectNoToken();
      const [oldKey, hourKey] = [keyOf('old.mp4'), keyOf('older-than-an-hour.mp4')];
      backdate('old.mp4', 25);
      backdate('older-than-an-hour.mp4', 2);

      // The default, 24 hours.
      p = await reload(p);
      await listed(p, ['older-than-an-hour.mp4', 'fresh.mp4']);
      expect(rememberedKeys(), 'the 25-hour-old entry is gone from localStorage').to.not.include(oldKey);
      expect(rememberedKeys()).to.include(hourKey);
      expect(p.el.unfinished.map((u) => u.name)).to.not.include('old.mp4');
      expect(p.el.shadowRoot!.querySelectorAll('[part~="unfinished-item"]'), 'two uploads shown').to.have.length(2);

      // resume-ttl-hours="1": the two-hour-old one goes too.
      closePages();
      const q = await openPage(pageAttributes(SMALL_CHUNK, 'resume-ttl-hours="1"'));
      await listed(q, ['fresh.mp4']);
      expect(rememberedKeys()).to.not.include(hourKey);
      expect(rememberedKeys()).to.have.length(1);
      await expectNoToken();
    });

    it('an upload the server no longer has (HEAD 404) is listed once as expired, and forgotten', async () => {
      const gone = makeFile(8 * SMALL_CHUNK, 'gone.mp4', 'video/mp4', 50);
      let p = await openPage(pageAttributes(SMALL_CHUNK));
      p = await interrupted(p, gone);
      await listed(p, ['gone.mp4']);
      const tokensBefore = await tokens();
      await server.inject({ method: 'HEAD', status: 404, body: 'Not found', times: 1 });
      p = await reload(p);
      await until(p.win, () => p.el.unfinished.length === 1 && p.el.unfinished[0].expired, `gone.mp4 listed as expired (${JSON.stringify(p.el.unfinished)})`);
      const item = (await partShown(p, 'unfinished-item')).textContent!;
      expect(item).to.contain('gone.mp4');
      expect(item, 'the expired message').to.contain(en.errors['upload-expired']);
      expect(part(p.el, 'unfinished-resume'), 'no Resume for an expired upload').to.equal(null);
      expect(part(p.el, 'unfinished-discard')!.textContent!.trim()).to.equal(en.dismiss);
      expect(rememberedKeys(), 'forgotten at once').to.deep.equal([]);
      part(p.el, 'unfinished-discard')!.click();
      await until(p.win, () => p.el.unfinished.length === 0 && !part(p.el, 'unfinished'), 'Dismiss to take it off the list');

      // Listed once: the next page does not list it (another upload is listed there, so the list did come).
      const control = makeFile(8 * SMALL_CHUNK, 'control.mp4', 'video/mp4', 51);
      p = await interrupted(p, control);
      await listed(p, ['control.mp4']);
      expect(p.el.unfinished.map((u) => u.name)).to.deep.equal(['control.mp4']);
      expect(tokensBefore).to.have.length(1);
      await expectNoToken();
    });

    it('Discard: the server is asked to drop it (DELETE), and its entry, file record and copy are gone', async () => {
      const opfs = await opfsWorks();
      const source = makeFile(4 * MiB, 'discard-me.mp4', 'video/mp4', 60);
      const first = await openPage(pageAttributes(SMALL_CHUNK, 'keep-copy'));
      const { page: p, videoId, uploadId } = await uploadUntilReload(first, source, (p) => chooseInInput(p, inPage(p.win, source)), { chunk: SMALL_CHUNK, fraction: 0.3, waitForCopy: opfs });
      const u = await listedAfterReload(p, source, opfs ? 'copy' : 'pick', videoId, [0.25, 0.9]);
      const records = () => idbValues().then((all) => all.filter((r) => JSON.stringify(r.value).includes(u.uploadUrl)));
      if (opfs) {
        expect(await opfsCopies(), 'a copy before').to.have.length(1);
        expect(await records(), 'a file record before').to.have.length(1);
      }
      expect(rememberedKeys()).to.have.length(1);
      await expectNoToken();

      const since = Date.now();
      part(p.el, 'unfinished-discard')!.click();
      await pollUntil(async () => (await requestsSince(since, 'DELETE')).some((r) => u.uploadUrl.endsWith(r.url)), `DELETE ${u.uploadUrl}`);
      await until(p.win, () => p.el.unfinished.length === 0 && !part(p.el, 'unfinished'), 'the list to go');
      expect(rememberedKeys(), 'no entry in localStorage').to.deep.equal([]);
      expect(await records(), 'no record in IndexedDB').to.deep.equal([]);
      if (opfs) expect(await opfsCopies(), 'no copy in OPFS').to.deep.equal([]);
      const head = await fetch(u.uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
      expect(head.status, 'the server no longer has it').to.equal(404);
      expect((await server.stats()).created.map((c) => c.id)).to.deep.equal([uploadId]);
      await expectNoToken();
    });

    it('keep-copy: the copy is deleted once the upload is complete', async function () {
      await skipUnless(this, await opfsWorks(), "no Origin Private File System here (WebKitGTK's automation session rejects navigator.storage.getDirectory()): nothing is copied");
      const source = makeFile(16 * MiB, 'copied.mp4', 'video/mp4', 70);
      const p = await openPage(pageAttributes(BIG_CHUNK, 'keep-copy'));
      await server.inject({ method: 'PATCH', delayMs: 150, times: 8 });
      const done = pageEvent(p, 'upload-success');
      chooseInInput(p, inPage(p.win, source));
      await pollUntil(async () => (await opfsCopies()).some((c) => c.size === source.size), 'the copy while it uploads');
      expect((await idbValues()).filter((r) => r.db === 'gcore-uploader')).to.have.length(1);
      await expectNoToken();
      await done;
      await pollUntil(async () => (await opfsCopies()).length === 0, 'the copy to be deleted after the upload');
      expect((await idbValues()).filter((r) => r.db === 'gcore-uploader'), 'no file record left').to.deep.equal([]);
      await until(p.win, () => rememberedKeys().length === 0, 'the entry to be forgotten');
      expect((await server.digest((await server.stats()).created[0].id)).sha256).to.equal(await sha256(source));
      await expectNoToken();
    });
  });

  describe('leaving the page', function () {
    this.timeout(30_000);

    const leave = (p: Page) => {
      const event = new (p.win as Window & typeof globalThis).Event('beforeunload', { cancelable: true });
      p.win.dispatchEvent(event);
      return event.defaultPrevented;
    };

    /** `p` starts uploading a small file (its PATCHes held 100 ms); resolves once it is on its way, with its success to await. */
    async function uploading(p: Page, name: string, seed: number): Promise<{ done: Promise<unknown> }> {
      await server.inject({ method: 'PATCH', delayMs: 100, times: 6 });
      const started = pageEvent(p, 'upload-start');
      const done = pageEvent(p, 'upload-success');
      chooseInInput(p, inPage(p.win, makeFile(6 * SMALL_CHUNK, name, 'video/mp4', seed)));
      await started;
      await p.el.updateComplete;
      return { done }; // in an object: an async function returning the promise itself would wait for it
    }

    it('while it uploads the browser is asked to confirm; not before, not after success', async () => {
      const p = await openPage(pageAttributes(SMALL_CHUNK));
      expect(leave(p), 'nothing uploading yet').to.equal(false);
      const { done } = await uploading(p, 'leave.mp4', 80);
      expect(leave(p), 'uploading: leaving asks').to.equal(true);
      await done;
      await p.el.updateComplete;
      expect(leave(p), 'uploaded: leaving asks nothing').to.equal(false);
      await expectNoToken();
    });

    it('no-leave-warning: leaving asks nothing, even while it uploads', async () => {
      const p = await openPage(pageAttributes(SMALL_CHUNK, 'no-leave-warning'));
      const { done } = await uploading(p, 'quiet.mp4', 81);
      expect(leave(p)).to.equal(false);
      await done;
      await expectNoToken();
    });
  });
});
