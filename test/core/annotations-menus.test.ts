// The annotation commands are reachable where docs/annotations.md says: the context menus of
// annotations in the Annotations view and in the Coverage view (only when the workspace is trusted),
// and the Save Note button and keybinding of the Markdown note editor. Checked against package.json's
// `when` clauses with a small evaluator for the forms they use (==, =~, &&, a bare key).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface MenuItem { command: string; when?: string; group?: string }
interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, MenuItem[]>;
    keybindings: { command: string; when?: string }[];
  };
}

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

type Context = Record<string, string | boolean>;

/** Evaluates the subset of VS Code's when-clause language the manifest uses. */
function holds(when: string | undefined, context: Context): boolean {
  if (when === undefined) return true;
  return when.split('&&').map((part) => part.trim()).every((clause) => {
    const regex = /^([\w.]+)\s*=~\s*\/(.*)\/([a-z]*)$/.exec(clause);
    if (regex) return new RegExp(regex[2], regex[3]).test(String(context[regex[1]] ?? ''));
    const equal = /^([\w.]+)\s*(==|!=)\s*'?([^']*)'?$/.exec(clause);
    if (equal) return (String(context[equal[1]] ?? '') === equal[3]) === (equal[2] === '==');
    const negated = /^!([\w.]+)$/.exec(clause);
    if (negated) return !context[negated[1]];
    assert.match(clause, /^[\w.]+$/, `a when clause this test understands: ${clause}`);
    return Boolean(context[clause]);
  });
}

function itemCommands(view: string, viewItem: string): string[] {
  return manifest.contributes.menus['view/item/context'].filter((item) => holds(item.when, { view, viewItem })).map((item) => item.command);
}

// The context values client/src/annotations/tree.ts gives an annotation item.
const items = {
  anchored: 'annotation.writable',
  orphan: 'annotation.orphan.writable',
  readOnly: 'annotation',
  readOnlyOrphan: 'annotation.orphan',
};

for (const view of ['crosscheck.annotations', 'crosscheck.coverage']) {
  void test(`${view}: an annotation's context menu has Edit and Delete, an orphan's also Re-attach`, () => {
    const anchored = itemCommands(view, items.anchored);
    assert.ok(anchored.includes('crosscheck.editAnnotation'), anchored.join(', '));
    assert.ok(anchored.includes('crosscheck.deleteAnnotation'), anchored.join(', '));
    assert.ok(anchored.includes('crosscheck.revealAnnotation'), anchored.join(', '));
    const orphan = itemCommands(view, items.orphan);
    for (const command of ['crosscheck.editAnnotation', 'crosscheck.deleteAnnotation', 'crosscheck.reattachAnnotation']) {
      assert.ok(orphan.includes(command), `${command} in ${orphan.join(', ')}`);
    }
    // Inline buttons too, so a mouse user sees them without the context menu.
    const inline = manifest.contributes.menus['view/item/context']
      .filter((item) => item.group?.startsWith('inline') && holds(item.when, { view, viewItem: items.anchored })).map((item) => item.command);
    assert.deepEqual(inline.sort(), ['crosscheck.deleteAnnotation', 'crosscheck.editAnnotation']);
  });

  void test(`${view}: in an untrusted workspace an annotation offers no command that writes`, () => {
    for (const viewItem of [items.readOnly, items.readOnlyOrphan]) {
      assert.deepEqual(itemCommands(view, viewItem), ['crosscheck.revealAnnotation'], viewItem);
    }
  });
}

void test('other items of the Coverage view get no annotation commands', () => {
  for (const viewItem of ['story', 'article', 'person', 'quote', 'finding']) {
    assert.ok(!itemCommands('crosscheck.coverage', viewItem).some((command) => /Annotation$/.test(command)), viewItem);
  }
});

void test('the Markdown note editor has a Save Note button and Ctrl+Enter, only while a note is open', () => {
  const noteOpen = { 'crosscheck.annotationNoteOpen': true, resourceScheme: 'untitled', editorLangId: 'markdown', editorTextFocus: true };
  const title = manifest.contributes.menus['editor/title'].filter((item) => holds(item.when, noteOpen)).map((item) => item.command);
  assert.ok(title.includes('crosscheck.saveAnnotationNote'), title.join(', '));
  const key = manifest.contributes.keybindings.find((binding) => binding.command === 'crosscheck.saveAnnotationNote');
  assert.ok(key, 'a keybinding');
  assert.equal(holds(key.when, noteOpen), true);
  assert.equal(holds(key.when, { ...noteOpen, 'crosscheck.annotationNoteOpen': false }), false, 'not while no note is being written');
  assert.equal(holds(key.when, { ...noteOpen, resourceScheme: 'file' }), false, 'not in a saved Markdown file');
  const declared = new Set(manifest.contributes.commands.map((command) => command.command));
  for (const command of ['crosscheck.saveAnnotationNote', 'crosscheck.cancelAnnotationNote', 'crosscheck.editAnnotation', 'crosscheck.deleteAnnotation']) {
    assert.ok(declared.has(command), `${command} is declared`);
  }
});
