/**
 * Annotations in a real VS Code: annotate a selection through the command (note and tags passed as
 * the command's argument instead of typed into the input boxes), read the stored W3C file back,
 * read it again through a fresh store and a restarted annotations part of the extension (a window
 * reload would end this test run, see docs/annotations.md), then edit the article so the annotation
 * moves and delete its passage so it becomes an orphan; edit and delete from the hover's links and
 * from the Coverage view's items, and write a multi-line note in the Markdown note editor. The
 * article's buffer is reverted at the end.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { AnnotationStore } from '../../core/src/annotations/store';
import type { CoverageNode, CoverageTree } from '../../client/src/coverageTree';
import { EXTENSION_ID, waitFor as waitForEditor } from './support';


interface AnnotationView {
  id: string;
  source: string;
  note: string;
  tags: string[];
  status: 'anchored' | 'moved' | 'orphaned';
  range: vscode.Range | undefined;
  text: string | undefined;
  quote: string;
  file: string;
}

interface AnnotationsApi {
  list(): Promise<AnnotationView[]>;
  reload(): Promise<void>;
  restart(): Promise<void>;
  noteDocument(): vscode.TextDocument | undefined;
  otherVersions(uri: vscode.Uri): Promise<{ id: string; range: vscode.Range }[]>;
  view(): Promise<{ label: string; children: string[] }[]>;
  decorated(uri: vscode.Uri): Promise<vscode.Range[]>;
}

interface CrosscheckApi {
  isReady(): Promise<void>;
  annotations: AnnotationsApi;
  coverage: CoverageTree | undefined;
}

/** The text of every hover at `position`. */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

/** The command and arguments of a `command:` link in hover Markdown. */
function commandLink(markdown: string, command: string): unknown[] {
  const match = new RegExp(`\\(command:${command.replace(/\./g, '\\.')}\\?([^ )]+)`).exec(markdown);
  assert.ok(match, `a ${command} link in: ${markdown}`);
  return JSON.parse(decodeURIComponent(match[1])) as unknown[];
}

/** The Coverage view's node for an annotation on the article `uri`, found as a user would expand the tree. */
async function coverageNode(coverage: CoverageTree, uri: vscode.Uri, id: string): Promise<CoverageNode | undefined> {
  for (const story of await coverage.getChildren()) {
    for (const group of await coverage.getChildren(story)) {
      if (group.kind !== 'group' || group.group !== 'articles') continue;
      for (const article of await coverage.getChildren(group)) {
        if (article.kind !== 'article' || article.article.file !== uri.toString()) continue;
        return (await coverage.getChildren(article)).find((node) => node.kind === 'annotation' && node.entry.id === id);
      }
    }
  }
  return undefined;
}

const waitFor = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000) =>
  waitForEditor(what, probe, timeoutMs, 200);

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** A passage from the middle of the article's longest body line: 6 words, no quote marks. */
function pickPassage(text: string): { start: number; end: number } {
  const lines = text.split('\n');
  let best = { start: 0, length: 0 };
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    if (index > 3 && line.length > best.length) best = { start: offset, length: line.length };
    offset += line.length + 1;
  }
  const line = text.slice(best.start, best.start + best.length);
  const words = [...line.matchAll(/[A-Za-z][A-Za-z'’-]*/g)];
  assert.ok(words.length >= 12, 'the article has a long line of text');
  const first = words[Math.floor(words.length / 2) - 3];
  const last = words[Math.floor(words.length / 2) + 2];
  return { start: best.start + first.index, end: best.start + last.index + last[0].length };
}

suite('Annotations in VS Code', () => {
  let api: CrosscheckApi;
  let document: vscode.TextDocument;
  let editor: vscode.TextEditor;
  let passage: string;
  let id: string | undefined;
  const annotationId = (): string => {
    assert.ok(id, 'an annotation was made by the first test');
    return id;
  };

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<CrosscheckApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    api = extension.isActive ? extension.exports : await extension.activate();
    const seeds = (await vscode.workspace.findFiles('**/seeds/*.txt')).sort((a, b) => a.path.localeCompare(b.path));
    assert.ok(seeds.length > 0, 'the demo articles are in the workspace');
    document = await vscode.workspace.openTextDocument(seeds[0]);
    editor = await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    if (id !== undefined) await vscode.commands.executeCommand('crosscheck.deleteAnnotation', id, { confirmed: true });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Annotate Selection stores a W3C annotation on the selected text', async () => {
    const { start, end } = pickPassage(document.getText());
    passage = document.getText().slice(start, end);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(end));
    const created = await vscode.commands.executeCommand<string | undefined>('crosscheck.annotateSelection', {
      note: 'Checked against the transcript: **wording correct**',
      tags: ['verified', 'timeline'],
    });
    assert.ok(typeof created === 'string' && created.startsWith('urn:uuid:'), `the command returns the new annotation's id (got ${String(created)})`);
    id = created;

    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    assert.ok(folder);
    const source = vscode.workspace.asRelativePath(document.uri, false);
    const stored = vscode.Uri.joinPath(folder.uri, '.crosscheck', 'annotations', `${source.replace(/\//g, '__')}.json`);
    const page = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(stored))) as {
      '@context': string;
      type: string;
      items: { id: string; target: { source: string; selector: { type: string; exact?: string; start?: number }[] }; body: { value: string; purpose: string }[] }[];
    };
    assert.equal(page['@context'], 'http://www.w3.org/ns/anno.jsonld');
    assert.equal(page.type, 'AnnotationPage');
    const item = page.items.find((candidate) => candidate.id === id);
    assert.ok(item, 'the annotation is in the article\'s file');
    assert.equal(item.target.source, source);
    assert.equal(item.target.selector.find((selector) => selector.type === 'TextQuoteSelector')?.exact, passage);
    assert.equal(item.target.selector.find((selector) => selector.type === 'TextPositionSelector')?.start, start);
    assert.deepEqual(item.body.filter((body) => body.purpose === 'tagging').map((body) => body.value), ['verified', 'timeline']);
  });

  test('an annotation on a quote shows on the other outlets\' versions of it', async () => {
    const seeds = (await vscode.workspace.findFiles('**/seeds/*.txt')).sort((a, b) => a.path.localeCompare(b.path));
    await api.isReady();
    // A quotation in one article that another article carries word for word.
    let shared: { document: vscode.TextDocument; start: number; end: number; other: vscode.Uri } | undefined;
    const normalise = (text: string) => text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');
    for (const uri of seeds) {
      const candidate = await vscode.workspace.openTextDocument(uri);
      const text = candidate.getText();
      for (const match of text.matchAll(/[“"]([^“”"]{30,}?)[”"]/g)) {
        const words = normalise(match[1]).replace(/[,.]$/, '');
        for (const otherUri of seeds) {
          if (otherUri.toString() === uri.toString()) continue;
          if (normalise((await vscode.workspace.openTextDocument(otherUri)).getText()).includes(words)) {
            shared = { document: candidate, start: match.index + 1, end: match.index + 1 + match[1].length, other: otherUri };
            break;
          }
        }
        if (shared) break;
      }
      if (shared) break;
    }
    assert.ok(shared, 'two demo articles share a quotation');
    const quoteEditor = await vscode.window.showTextDocument(shared.document);
    quoteEditor.selection = new vscode.Selection(shared.document.positionAt(shared.start), shared.document.positionAt(shared.end));
    const quoteId = await vscode.commands.executeCommand<string>('crosscheck.annotateSelection', { note: 'Compare with the video.', tags: [] });
    try {
      const versions = await waitFor(`the annotation on ${fileName(shared.other)}`, async () => {
        const found = await api.annotations.otherVersions(shared!.other);
        return found.some((version) => version.id === quoteId) ? found : undefined;
      });
      assert.ok(versions.length > 0);
    } finally {
      await vscode.commands.executeCommand('crosscheck.deleteAnnotation', quoteId, { confirmed: true });
    }
  });

  test('the annotated text is highlighted and its hover shows the note and tags', async () => {
    editor = await vscode.window.showTextDocument(document);
    const range = new vscode.Range(document.positionAt(document.getText().indexOf(passage)), document.positionAt(document.getText().indexOf(passage) + passage.length));
    const decorated = await api.annotations.decorated(document.uri);
    assert.ok(decorated.some((shown) => shown.isEqual(range)), 'the passage is decorated');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, range.start.translate(0, 2));
    const shown = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
    assert.match(shown, /wording correct/);
    assert.match(shown, /verified/);
    assert.deepEqual(commandLink(shown, 'crosscheck.editAnnotation'), [annotationId()], 'the Edit link names this annotation');
    assert.deepEqual(commandLink(shown, 'crosscheck.deleteAnnotation'), [annotationId()], 'the Delete link names this annotation');
  });

  test('the annotation is still there after a fresh store reads the file and the annotations restart (a reload)', async () => {
    // What a reloaded window starts from: the file alone, read by a store that never saw the annotation.
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    assert.ok(folder);
    const fromDisk = (await new AnnotationStore(folder.uri.fsPath).load()).annotations.find(({ summary }) => summary.id === annotationId());
    assert.ok(fromDisk, 'a fresh store reads the annotation from its file');
    assert.equal(fromDisk.summary.quote?.exact, passage);
    assert.equal(fromDisk.summary.position?.start, document.getText().indexOf(passage));
    assert.equal(fromDisk.summary.note, 'Checked against the transcript: **wording correct**');
    assert.equal(fromDisk.unsaved, undefined, 'it is on disk, not only in memory');

    // The running extension: everything that holds annotations is disposed and built again.
    await api.annotations.restart();
    const found = (await api.annotations.list()).find((annotation) => annotation.id === annotationId());
    assert.ok(found, 'the annotation was read back from its file');
    assert.equal(found.status, 'anchored');
    assert.equal(found.text, passage);
    assert.equal(found.note, 'Checked against the transcript: **wording correct**');
    assert.deepEqual(found.tags, ['verified', 'timeline']);
    editor = await vscode.window.showTextDocument(document);
    const decorated = await api.annotations.decorated(document.uri);
    assert.ok(decorated.some((shown) => shown.isEqual(found.range!)), 'it is highlighted again');
    assert.match(await hoverText(document.uri, found.range!.start.translate(0, 2)), /wording correct/, 'and its hover is back');
  });

  test('text inserted before the passage moves the annotation with it', async () => {
    const before = document.getText().indexOf(passage);
    const insertion = 'A correction was appended to this story. ';
    const lineStart = document.lineAt(document.positionAt(before).line).range.start;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, lineStart, insertion);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const moved = await waitFor('the annotation to move', async () => {
      const found = (await api.annotations.list()).find((annotation) => annotation.id === annotationId());
      return found?.status === 'moved' ? found : undefined;
    });
    assert.equal(document.offsetAt(moved.range!.start), before + insertion.length);
    assert.equal(moved.text, passage);
    const decorated = await api.annotations.decorated(document.uri);
    assert.ok(decorated.some((shown) => shown.isEqual(moved.range!)), 'the highlight moved too');
  });

  test('deleting the passage makes the annotation an orphan, listed in the Annotations view', async () => {
    const at = document.getText().indexOf(passage);
    const line = document.lineAt(document.positionAt(at).line);
    const edit = new vscode.WorkspaceEdit();
    edit.delete(document.uri, line.rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the annotation to become an orphan', async () => (await api.annotations.list()).find((annotation) => annotation.id === annotationId() && annotation.status === 'orphaned'));
    const orphans = (await api.annotations.view()).find((node) => node.label === 'Orphaned');
    assert.ok(orphans, 'the view has an Orphaned node');
    assert.ok(orphans.children.some((label) => label.includes(passage.slice(0, 20))), `the orphan shows its old text (${orphans.children.join(' | ')})`);
  });

  test('Re-attach to Selection puts the orphan on the selected text', async () => {
    const { start, end } = pickPassage(document.getText());
    editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(end));
    assert.equal(await vscode.commands.executeCommand('crosscheck.reattachAnnotation', annotationId()), true);
    const found = await waitFor('the re-attached annotation', async () =>
      (await api.annotations.list()).find((annotation) => annotation.id === annotationId() && annotation.status !== 'orphaned'));
    assert.equal(found.text, document.getText().slice(start, end));
  });

  test('Edit Annotation changes the note and tags in the file', async () => {
    assert.equal(await vscode.commands.executeCommand('crosscheck.editAnnotation', annotationId(), { note: 'Ask the reporter for the source.', tags: ['question'] }), true);
    const found = (await api.annotations.list()).find((annotation) => annotation.id === annotationId());
    assert.ok(found, 'the annotation is still listed');
    assert.equal(found.note, 'Ask the reporter for the source.');
    assert.deepEqual(found.tags, ['question']);
    const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(found.file)));
    assert.match(written, /Ask the reporter for the source\./);
  });

  test('the hover\'s Edit link edits the annotation it is on', async () => {
    const found = (await api.annotations.list()).find((annotation) => annotation.id === annotationId());
    assert.ok(found?.range, 'the annotation is placed');
    const shown = await hoverText(document.uri, found.range.start.translate(0, 1));
    const args = commandLink(shown, 'crosscheck.editAnnotation');
    // The link's own arguments, plus the answers the input boxes would get.
    assert.equal(await vscode.commands.executeCommand('crosscheck.editAnnotation', ...args, { note: 'Edited from the hover.', tags: ['question'] }), true);
    const edited = (await api.annotations.list()).find((annotation) => annotation.id === annotationId());
    assert.equal(edited?.note, 'Edited from the hover.');
  });

  test('a longer note is written in the Markdown note editor and kept with its lines', async () => {
    const pending = vscode.commands.executeCommand<boolean>('crosscheck.editAnnotation', annotationId(), { longNote: true, tags: ['question'] });
    const noteDocument = await waitFor('the note editor', () => api.annotations.noteDocument());
    assert.equal(noteDocument.languageId, 'markdown');
    assert.equal(noteDocument.uri.scheme, 'untitled');
    assert.equal(noteDocument.getText(), 'Edited from the hover.', 'it opens with the note so far');
    const noteEditor = await waitFor('the note editor to be visible', () => vscode.window.visibleTextEditors.find((candidate) => candidate.document === noteDocument));
    const note = 'Checked the **transcript**:\n\n- the date is right\n- the figure is from the *2023* report\n\nAsk the desk about the second source.';
    assert.ok(await noteEditor.edit((edit) => edit.replace(new vscode.Range(noteDocument.positionAt(0), noteDocument.positionAt(noteDocument.getText().length)), `${note}\n\n`)));
    await vscode.commands.executeCommand('crosscheck.saveAnnotationNote');
    assert.equal(await pending, true, 'the edit finished when the note was saved');
    assert.equal(api.annotations.noteDocument(), undefined);
    await waitFor('the note editor to close', () => noteDocument.isClosed || !vscode.window.visibleTextEditors.some((candidate) => candidate.document === noteDocument));

    const found = (await api.annotations.list()).find((annotation) => annotation.id === annotationId());
    assert.ok(found?.range);
    assert.equal(found.note, note, 'the note keeps its lines (trailing blank lines dropped)');
    const stored = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(found.file)))) as { items: { id: string; body: { value: string; purpose: string }[] }[] };
    assert.equal(stored.items.find((item) => item.id === annotationId())?.body.find((body) => body.purpose === 'commenting')?.value, note);
    editor = await vscode.window.showTextDocument(document);
    const shown = await hoverText(document.uri, found.range.start.translate(0, 1));
    assert.ok(shown.includes('- the date is right\n- the figure is from the *2023* report'), `the hover renders the Markdown list: ${shown}`);

    // Editing it again opens the note editor directly (an input box has one line); closing it cancels.
    const again = vscode.commands.executeCommand<boolean>('crosscheck.editAnnotation', annotationId(), { tags: ['question'] });
    const reopened = await waitFor('the note editor for a multi-line note', () => api.annotations.noteDocument());
    assert.equal(reopened.getText(), note);
    await vscode.commands.executeCommand('crosscheck.cancelAnnotationNote');
    assert.equal(await again, false, 'cancelled: nothing changed');
    assert.equal((await api.annotations.list()).find((annotation) => annotation.id === annotationId())?.note, note);
  });

  test('the Coverage view lists the annotation under its article; its context menu edits and deletes', async () => {
    await api.isReady();
    const coverage = api.coverage;
    assert.ok(coverage, 'the Coverage view');
    coverage.refresh();
    const node = await waitFor('the annotation in the Coverage view', () => coverageNode(coverage, document.uri, annotationId()));
    const item = coverage.getTreeItem(node);
    assert.equal(item.contextValue, 'annotation.writable', 'the context value the Edit and Delete menu items need');
    assert.equal(item.command?.command, 'crosscheck.revealAnnotation');
    // The context menu passes the clicked node to the command.
    assert.equal(await vscode.commands.executeCommand('crosscheck.editAnnotation', node, { note: 'Edited from the Coverage view.', tags: ['coverage'] }), true);
    const edited = (await api.annotations.list()).find((annotation) => annotation.id === annotationId());
    assert.equal(edited?.note, 'Edited from the Coverage view.');
    assert.deepEqual(edited?.tags, ['coverage']);

    // Delete, on a second annotation made for it.
    editor = await vscode.window.showTextDocument(document);
    const text = document.getText();
    const start = text.indexOf(' ', Math.floor(text.length / 2)) + 1;
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + 20));
    const extra = await vscode.commands.executeCommand<string>('crosscheck.annotateSelection', { note: 'to be deleted from the Coverage view', tags: [] });
    const extraNode = await waitFor('the second annotation in the Coverage view', () => coverageNode(coverage, document.uri, extra));
    assert.equal(await vscode.commands.executeCommand('crosscheck.deleteAnnotation', extraNode, { confirmed: true }), true);
    assert.equal((await api.annotations.list()).some((annotation) => annotation.id === extra), false);
    assert.equal(await coverageNode(coverage, document.uri, extra), undefined, 'gone from the Coverage view');
  });

  test('Annotate Selection asks for the note and the tags in input boxes', async () => {
    editor = await vscode.window.showTextDocument(document);
    const text = document.getText();
    const start = text.indexOf(' ', Math.floor(text.length / 3)) + 1;
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + 25));
    let created: string | undefined;
    let finished = false;
    const pending = Promise.resolve(vscode.commands.executeCommand<string | undefined>('crosscheck.annotateSelection')).then((value) => {
      created = value;
      finished = true;
    });
    // Accept the note box (empty note), then the tag picker (no tags), as pressing Enter would. The API
    // cannot tell when a box is up (a slow machine takes longer than a fixed wait), so press Enter every
    // half second until the command returns: with no box open the key does nothing.
    for (let attempt = 0; attempt < 60 && !finished; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (!finished) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 1000))]);
    assert.ok(finished && typeof created === 'string', 'the command finished after the two answers');
    const found = (await api.annotations.list()).find((annotation) => annotation.id === created);
    assert.equal(found?.text, text.slice(start, start + 25));
    assert.equal(found?.note, '');
    assert.equal(await vscode.commands.executeCommand('crosscheck.deleteAnnotation', created, { confirmed: true }), true);
  });

  test('an annotation file written by another window appears without a reload', async function () {
    // File-watcher events can take a while on a loaded machine.
    this.timeout(200_000);
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    assert.ok(folder);
    const text = document.getText();
    const { start, end } = pickPassage(text);
    const source = vscode.workspace.asRelativePath(document.uri, false);
    const foreign = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      bodyValue: 'Written by a colleague in another window.',
      target: { source, selector: [{ type: 'TextQuoteSelector', exact: text.slice(start, end) }, { type: 'TextPositionSelector', start, end }] },
    };
    const file = vscode.Uri.joinPath(folder.uri, '.crosscheck', 'annotations', 'colleague.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(foreign)));
    try {
      const found = await waitFor('the colleague\'s annotation', async () => (await api.annotations.list()).find((annotation) => annotation.id === foreign.id), 90_000).catch(async (error: unknown) => {
        const listing = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(file, '..'));
        throw new Error(`${String(error)}; files: ${listing.map(([name]) => name).join(', ')}; view: ${JSON.stringify(await api.annotations.view())}`);
      });
      assert.equal(found.note, 'Written by a colleague in another window.');
      assert.notEqual(found.status, 'orphaned');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitFor('the colleague\'s annotation to go with its file', async () => !(await api.annotations.list()).some((annotation) => annotation.id === foreign.id), 90_000);
  });

  test('Delete Annotation removes it from the file and the views', async () => {
    assert.equal(await vscode.commands.executeCommand('crosscheck.deleteAnnotation', annotationId(), { confirmed: true }), true);
    assert.equal((await api.annotations.list()).some((annotation) => annotation.id === annotationId()), false);
    id = undefined;
  });
});
