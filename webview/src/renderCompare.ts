/**
 * Compare coverage with a focus (the whole story, a selection, a person) in two layouts:
 * - article: the outlets side by side, passages aligned by the quote or claim they share, the
 *   requested article's passages first in reading order;
 * - matrix: the story's claims and quotes × outlets, each cell the outlet's wording or "missing",
 *   with what each outlet left out counted at the foot of its column.
 * Pure string building, like render.ts: the webview, the host and the HTML report share it.
 */
import type { CompareView, CoverageRow, Location } from '../../core/src/index';
import { tallyRow } from '../../core/src/crossref/coverageQueries';
import type { CompareMode } from '../../protocol/webview';
import {
  type RenderOptions, closePassage, escapeHtml, maxSizedColumns, openPassage, renderColumnHeading, renderCoverageRows, renderLegend,
  statusLabels,
} from './render';

const modeLabels: Record<CompareMode, string> = { article: 'Side by side', matrix: 'Matrix' };

/** The whole panel body: layout switch, heading, focus, and the chosen layout. */
export function renderCompare(view: CompareView, mode: CompareMode, options?: RenderOptions): string {
  return renderModeSwitch(mode) + renderHeading(view, mode) + (mode === 'matrix' ? renderMatrix(view, options) : renderArticleLayout(view, options));
}

export function renderModeSwitch(mode: CompareMode): string {
  const buttons = (Object.keys(modeLabels) as CompareMode[]).map((candidate) => {
    const selected = candidate === mode;
    return `<button type="button" role="tab" class="mode" data-mode="${candidate}" aria-selected="${selected}"`
      + ` tabindex="${selected ? 0 : -1}">${modeLabels[candidate]}</button>`;
  });
  return `<nav class="modes" role="tablist" aria-label="Layout">${buttons.join('')}</nav>`;
}

function renderHeading(view: CompareView, mode: CompareMode): string {
  const focus = view.focus;
  let title = view.title;
  let scope = '';
  if (focus.kind === 'person') {
    title = `${focus.name} across outlets`;
    scope = `<p class="focus">Their quotes and how each outlet describes them, in the story “${escapeHtml(view.title)}”.</p>`;
  } else if (focus.kind === 'selection') {
    scope = `<p class="focus">Quotes and claims in the selected passage: <q>${escapeHtml(shortText(focus.text, 40))}</q></p>`;
  }
  const outlets = new Set(view.columns.map((column) => column.outlet)).size;
  const what = focus.kind === 'person' ? (view.rows.length === 1 ? 'quote compared' : 'quotes compared')
    : mode === 'matrix' ? 'rows (claims and quotes)' : 'quotes and claims compared';
  const summary = `<p class="summary">${outlets} ${outlets === 1 ? 'outlet' : 'outlets'}, ${view.rows.length} ${what}</p>`;
  return `<header><h1 title="${escapeHtml(title)}">${escapeHtml(title)}</h1>${scope}${summary}${renderLegend()}</header>`;
}

function renderHead(view: CompareView, corner: string, options?: RenderOptions): string {
  return `<thead><tr><th scope="col" class="row-heading">${corner}</th>`
    + view.columns.map((column, index) => renderColumnHeading(column, index, view.columns, options)).join('')
    + '</tr></thead>';
}

/** Person focus: a first row with how each outlet describes the person, opening the first mention. */
function renderDescriptions(view: CompareView, options?: RenderOptions): string {
  if (view.descriptions === undefined) return '';
  const cells = view.columns.map((column, index) => {
    const roles = view.descriptions?.[index] ?? null;
    const mention = view.mentions?.[index] ?? null;
    if (roles === null || mention === null) return '<td class="absent"><span class="status-label">Not mentioned</span></td>';
    const text = roles.length === 0 ? 'Named, not described' : roles.join('; ');
    return `<td class="description">${openButton(mention, 'cell', `${column.outlet}: ${text}. Open the first mention.`, options)}`
      + `<span class="cell-text">${escapeHtml(text)}</span>${closePassage(options)}</td>`;
  });
  return `<tr class="descriptions"><th scope="row"><span class="kind">Person</span><span class="row-label">Described as</span></th>${cells.join('')}</tr>`;
}

function openButton(location: Location, className: string, label: string, options?: RenderOptions): string {
  return openPassage(location, className, ` aria-label="${escapeHtml(label)}"`, options);
}

function emptyNote(view: CompareView): string {
  if (view.focus.kind === 'selection') return '<p class="empty">No quote or claim in the selected passage. Select a quote or a sentence with a fact in it.</p>';
  if (view.focus.kind === 'person') return '<p class="empty">No quotes from this person in the story.</p>';
  return '<p class="empty">No quotes or claims to compare in this story yet.</p>';
}

export function renderArticleLayout(view: CompareView, options?: RenderOptions): string {
  const descriptions = renderDescriptions(view, options);
  if (view.rows.length === 0 && descriptions === '') return emptyNote(view);
  const table = `<table class="coverage" data-layout="article" data-story="${escapeHtml(view.storyId)}" data-columns="${Math.min(view.columns.length, maxSizedColumns)}">`
    + `${renderHead(view, 'Quote or claim', options)}<tbody>${descriptions}${renderCoverageRows(view, options)}</tbody></table>`;
  return view.rows.length === 0 ? table + emptyNote(view) : table;
}

/** The matrix: claims first, then quotes, each most widely carried first; the foot counts what each outlet left out. */
export function renderMatrix(view: CompareView, options?: RenderOptions): string {
  const descriptions = renderDescriptions(view, options);
  if (view.rows.length === 0 && descriptions === '') return emptyNote(view);
  const carried = (row: CoverageRow): number => tallyRow(view, row, Math.max(0, row.cells.findIndex((cell) => cell !== null))).carrying;
  const byReach = (rows: CoverageRow[]): CoverageRow[] => rows
    .map((row, order) => ({ row, order, reach: carried(row) }))
    .sort((a, b) => b.reach - a.reach || a.order - b.order)
    .map((entry) => entry.row);
  const claims = byReach(view.rows.filter((row) => row.kind === 'claim'));
  const quotes = byReach(view.rows.filter((row) => row.kind === 'quote'));
  const span = view.columns.length + 1;
  const group = (name: string, rows: CoverageRow[]): string => (rows.length === 0 ? ''
    : `<tr class="section"><th scope="rowgroup" colspan="${span}">${name} (${rows.length})</th></tr>` + rows.map((row) => renderMatrixRow(view, row, options)).join(''));

  const foot = view.columns.map((_column, index) => {
    const carries = view.rows.filter((row) => (row.cells[index] ?? null) !== null).length;
    const missing = view.rows.length - carries;
    return `<td class="left-out"><span class="carries">Carries ${carries} of ${view.rows.length}</span>`
      + `<span class="missing-count">${missing === 0 ? 'Leaves nothing out' : `Leaves out ${missing}`}</span></td>`;
  }).join('');
  return `<table class="coverage matrix" data-layout="matrix" data-story="${escapeHtml(view.storyId)}" data-columns="${Math.min(view.columns.length, maxSizedColumns)}">`
    + `${renderHead(view, 'Claim or quote', options)}<tbody>${descriptions}${group('Claims', claims)}${group('Quotes', quotes)}</tbody>`
    + `<tfoot><tr><th scope="row">What each outlet has</th>${foot}</tr></tfoot></table>`;
}

function renderMatrixRow(view: CompareView, row: CoverageRow, options?: RenderOptions): string {
  const kind = row.kind === 'quote' ? 'Quote' : 'Claim';
  const tally = tallyRow(view, row, Math.max(0, row.cells.findIndex((cell) => cell !== null)));
  const cells = view.columns.map((column, index) => {
    const cell = row.cells[index] ?? null;
    if (cell === null) return `<td class="missing"><span class="missing-label" aria-label="${escapeHtml(`${column.outlet} does not carry ${row.label}`)}">Missing</span></td>`;
    const label = statusLabels[cell.status];
    return `<td class="status-${cell.status}">${openButton(cell, 'cell', `${column.outlet}, ${row.label}: ${label}. Open in the article.`, options)}`
      + `<span class="status-label">${label}</span><span class="cell-text" title="${escapeHtml(cell.text)}">${escapeHtml(shortText(cell.text, 16))}</span>${closePassage(options)}</td>`;
  });
  return `<tr data-row="${escapeHtml(row.id)}"><th scope="row"><span class="kind">${kind} · ${tally.carrying} of ${tally.outlets}</span>`
    + `<span class="row-label">${escapeHtml(row.label)}</span></th>${cells.join('')}</tr>`;
}

/** At most `words` words, with an ellipsis when cut. */
export function shortText(text: string, words: number): string {
  const parts = text.replace(/\s+/g, ' ').trim().split(' ');
  return parts.length <= words ? parts.join(' ') : `${parts.slice(0, words).join(' ')}…`;
}

/** Styles the two layouts add to `coverageStyles`. */
export const compareStyles = `
.modes { display: flex; gap: 4px; margin: 12px 0 0; }
button.mode { width: auto; height: auto; padding: 4px 12px; border: 1px solid var(--vscode-button-border, var(--vscode-panel-border, #ccc));
  border-radius: 2px; color: var(--vscode-foreground, #222); background: var(--vscode-button-secondaryBackground, #e5e5e5); }
button.mode[aria-selected="true"] { color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #0078d4); }
button.mode:hover { background: var(--vscode-button-secondaryHoverBackground, #d0d0d0); }
button.mode[aria-selected="true"]:hover { background: var(--vscode-button-hoverBackground, #026ec1); }
.focus { margin: 0 0 4px; }
tr.section th { padding: 8px 6px 4px; font-weight: bold; background: var(--vscode-editorWidget-background, #f8f8f8); }
tr.descriptions td .cell-text { font-style: italic; }
table.matrix .cell-text { font-size: 0.95em; }
td.missing { background: repeating-linear-gradient(135deg, transparent 0 6px, var(--vscode-editorWidget-border, #8882) 6px 7px); }
.missing-label { display: block; padding: 6px; font-size: 0.8em; font-weight: bold; text-transform: uppercase;
  color: var(--vscode-descriptionForeground, #666); }
tfoot th, tfoot td { padding: 6px; background: var(--vscode-sideBar-background, #f3f3f3); }
.carries, .missing-count { display: block; }
.missing-count { font-weight: bold; }
/* High contrast: every border in the contrast colour, except the status bars (zero specificity, so they win). */
:where(body.vscode-high-contrast, body.vscode-high-contrast-light) :where(th, td) { border-color: var(--vscode-contrastBorder, currentColor); }
body.vscode-high-contrast button.mode, body.vscode-high-contrast-light button.mode {
  background: transparent; color: var(--vscode-foreground); border-color: var(--vscode-contrastBorder, currentColor); }
body.vscode-high-contrast button.mode[aria-selected="true"], body.vscode-high-contrast-light button.mode[aria-selected="true"] {
  font-weight: bold; text-decoration: underline; }
body.vscode-high-contrast button:focus-visible, body.vscode-high-contrast-light button:focus-visible {
  outline: 2px solid var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); }
body.vscode-high-contrast button.mode[aria-selected="true"], body.vscode-high-contrast-light button.mode[aria-selected="true"] {
  outline: 1px solid var(--vscode-contrastActiveBorder, currentColor); }
tr.section th { color: var(--vscode-foreground, #222); }
body.vscode-high-contrast tr.section th, body.vscode-high-contrast-light tr.section th,
body.vscode-high-contrast thead th, body.vscode-high-contrast-light thead th { background: var(--vscode-editor-background); }
`;
