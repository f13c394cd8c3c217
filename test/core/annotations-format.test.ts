// Annotation files in the W3C Web Annotation format: what is written, and what is accepted when read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnnotationFileError, createAnnotation, emptyAnnotationPage, parseAnnotationFile, serializeAnnotationPage, summarize, withNote, withTarget,
} from '../../core/src/annotations/index';

const text = 'The mayor said the bridge would reopen in May. Engineers disagreed.';
const start = text.indexOf('the bridge would reopen in May');
const made = createAnnotation({
  id: 'urn:uuid:7d1c',
  source: 'local/bridge.txt',
  text,
  start,
  end: start + 'the bridge would reopen in May'.length,
  note: 'Checked with the **city engineer**.',
  tags: ['verified', ' timeline ', 'verified'],
  author: 'Ines Park',
  now: '2025-03-04T10:00:00.000Z',
});

void test('a new annotation carries the W3C selectors, the note as Markdown and each tag once', () => {
  assert.deepEqual(made.target, {
    source: 'local/bridge.txt',
    selector: [
      { type: 'TextQuoteSelector', exact: 'the bridge would reopen in May', prefix: 'The mayor said ', suffix: '. Engineers disagreed.' },
      { type: 'TextPositionSelector', start: 15, end: 45 },
    ],
  });
  assert.deepEqual(made.body, [
    { type: 'TextualBody', value: 'Checked with the **city engineer**.', format: 'text/markdown', purpose: 'commenting' },
    { type: 'TextualBody', value: 'verified', purpose: 'tagging' },
    { type: 'TextualBody', value: 'timeline', purpose: 'tagging' },
  ]);
  assert.deepEqual(made.creator, { type: 'Person', name: 'Ines Park' });
});

void test('a written page is JSON-LD with the annotation context and its items', () => {
  const page = emptyAnnotationPage();
  page.items.push(made);
  const written = JSON.parse(serializeAnnotationPage(page)) as Record<string, unknown>;
  assert.equal(written['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(written.type, 'AnnotationPage');
  assert.deepEqual(written.items, [made]);
});

void test('a file holding a single Annotation is read', () => {
  const parsed = parseAnnotationFile('one.json', JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', ...made }));
  assert.deepEqual(parsed.annotations.map(({ annotation }) => annotation.id), ['urn:uuid:7d1c']);
});

void test('a file holding a JSON array of annotations is read', () => {
  const second = { ...made, id: 'urn:uuid:8e2d' };
  const parsed = parseAnnotationFile('list.json', JSON.stringify([made, second]));
  assert.deepEqual(parsed.annotations.map(({ annotation }) => annotation.id), ['urn:uuid:7d1c', 'urn:uuid:8e2d']);
});

void test('a file that is not JSON is an error naming its line and column', () => {
  const broken = '{\n  "type": "AnnotationPage",\n  "items": [\n    { "id": "a" },,\n  ]\n}\n';
  assert.throws(() => parseAnnotationFile('broken.json', broken), (error: unknown) => {
    assert.ok(error instanceof AnnotationFileError);
    assert.equal(error.file, 'broken.json');
    assert.equal(error.line, 4);
    assert.equal(error.column, 19);
    return true;
  });
});

void test('a truncated file is an error on its last line', () => {
  const truncated = '{\n  "type": "AnnotationPage",\n  "items": [\n';
  assert.throws(() => parseAnnotationFile('cut.json', truncated), (error: unknown) => error instanceof AnnotationFileError && error.line === 4);
});

void test('JSON that is not an annotation page, annotation or list is an error', () => {
  assert.throws(() => parseAnnotationFile('other.json', '{"name": "settings"}'), AnnotationFileError);
});

void test('items that are not annotations are skipped and reported, the rest is read', () => {
  const parsed = parseAnnotationFile('mixed.json', JSON.stringify({ type: 'AnnotationPage', items: [made, { type: 'Note' }, 'text'] }));
  assert.deepEqual(parsed.annotations.map(({ index }) => index), [0]);
  assert.deepEqual(parsed.skipped.map(({ index }) => index), [1, 2]);
});

void test('another tool\'s annotation is summarised: bodyValue note, single selector, string creator', () => {
  const foreign = {
    type: 'Annotation',
    id: 'https://example.org/anno/1',
    bodyValue: 'Source?',
    creator: 'https://example.org/users/kim',
    target: { source: 'local/bridge.txt', selector: { type: 'TextQuoteSelector', exact: 'Engineers disagreed' } },
  };
  const summary = summarize(parseAnnotationFile('foreign.json', JSON.stringify(foreign)).annotations[0].annotation);
  assert.equal(summary.note, 'Source?');
  assert.equal(summary.quote?.exact, 'Engineers disagreed');
  assert.equal(summary.position, null);
  assert.equal(summary.author, 'https://example.org/users/kim');
});

void test('editing the note keeps fields Crosscheck does not know', () => {
  const extended = { ...made, body: [...(made.body as unknown[]), { type: 'SpecificResource', source: 'https://example.org/transcript' }], rights: 'CC-BY' };
  const edited = withNote(extended, 'Wording confirmed.', ['checked'], '2025-03-05T00:00:00.000Z');
  assert.equal(edited.rights, 'CC-BY');
  assert.deepEqual(summarize(edited).note, 'Wording confirmed.');
  assert.deepEqual(summarize(edited).tags, ['checked']);
  assert.ok((edited.body as unknown[]).some((body) => (body as { type?: string }).type === 'SpecificResource'));
  assert.equal(edited.created, made.created);
  assert.equal(edited.modified, '2025-03-05T00:00:00.000Z');
});

void test('re-attaching points the selectors at the new passage', () => {
  const newText = 'Engineers now say the bridge should reopen in June.';
  const at = newText.indexOf('the bridge should reopen in June');
  const moved = summarize(withTarget(made, 'local/bridge.txt', newText, at, at + 32, '2025-03-06T00:00:00.000Z'));
  assert.equal(moved.quote?.exact, 'the bridge should reopen in June');
  assert.deepEqual(moved.position, { start: at, end: at + 32 });
});
