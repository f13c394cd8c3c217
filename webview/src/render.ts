/**
 * Compare coverage as HTML: outlets side by side, one row per quote or claim. Pure string building
 * (no DOM), so the webview, the extension host and the HTML report all render the same markup.
 */
import type { CoverageCell, CoverageColumn, CoverageStatus, CoverageView, Location, WordDiffPart } from '../../core/src/index';

export const statusLabels: Record<CoverageStatus, string> = {
  agrees: 'Agrees',
  differs: 'Differs',
  contradicts: 'Contradicts',
  'only-here': 'Only here',
};

/** Tables with up to this many outlet columns get a minimum width (wider ones use the last). */
export const maxSizedColumns = 16;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * How the passages of a rendering open. By default they are buttons that the webview's script
 * handles; a page without a script (the HTML report) passes `passageLink` to get links instead.
 */
export interface RenderOptions {
  /** The address a passage links to; when absent, passages are buttons. */
  passageLink?: (location: Location) => string;
}

/**
 * The opening tag of a control that opens `location` in its article: a button carrying the
 * location for the webview's script, or a link with `options.passageLink`. `attributes` is extra
 * markup (` aria-label="…"`); close the control with `closePassage(options)`.
 */
export function openPassage(location: Location, className: string, attributes: string, options?: RenderOptions): string {
  const data = `data-file="${escapeHtml(location.file)}" data-start="${location.start}" data-end="${location.end}"`;
  if (options?.passageLink !== undefined) return `<a class="${className}" href="${escapeHtml(options.passageLink(location))}" ${data}${attributes}>`;
  return `<button class="${className}" type="button" ${data}${attributes}>`;
}

export function closePassage(options?: RenderOptions): string {
  return options?.passageLink !== undefined ? '</a>' : '</button>';
}

/** The last path segment of a file path or URI, without the extension: a readable stand-in name. */
export function fileLabel(file: string): string {
  const name = decodeURIComponentSafe(file.split(/[\\/]/).pop() ?? file);
  return name.replace(/\.[^.]*$/, '') || name;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function renderColumnHeading(column: CoverageColumn, index: number, columns: CoverageColumn[], options?: RenderOptions): string {
  const source = column.derivedFrom === null ? undefined : columns.find((other) => other.file === column.derivedFrom);
  const derived = column.derivedFrom === null
    ? ''
    : `<span class="derived">derived from ${escapeHtml(source?.outlet ?? fileLabel(column.derivedFrom))}</span>`;
  const requested = index === 0 ? '<span class="requested">this article</span>' : '';
  return `<th scope="col" data-column="${index}">`
    + openPassage({ file: column.file, start: 0, end: 0 }, 'outlet', ` title="Open ${escapeHtml(column.title)}"`, options)
    + `${escapeHtml(column.outlet)}${closePassage(options)}`
    + `<span class="headline" title="${escapeHtml(column.title)}">${escapeHtml(column.title)}</span>${requested}${derived}</th>`;
}

/**
 * A version with the words it changed marked. The core joins each part's words without the spaces
 * around it, so a space goes back between two parts unless punctuation follows or one is there.
 */
export function renderWordDiff(parts: WordDiffPart[]): string {
  return parts.map((part, index) => {
    const text = escapeHtml(part.text);
    const previous = parts[index - 1]?.text;
    const gap = previous === undefined || /\s$/.test(previous) || /^[\s.!?;:,…)\]]/.test(part.text) || /[(\[]$/.test(previous) ? '' : ' ';
    if (part.op === 'insert') return `${gap}<ins>${text}</ins>`;
    if (part.op === 'delete') return `${gap}<del>${text}</del>`;
    return gap + text;
  }).join('');
}

export function renderCell(cell: CoverageCell | null, outlet: string, rowLabel: string, options?: RenderOptions): string {
  if (cell === null) return '<td class="absent"><span class="status-label">Not carried</span></td>';
  const label = statusLabels[cell.status];
  const body = cell.diff !== undefined && cell.diff.length > 0 ? renderWordDiff(cell.diff) : escapeHtml(cell.text);
  return `<td class="status-${cell.status}">`
    + openPassage(cell, 'cell', ` aria-label="${escapeHtml(`${outlet}, ${rowLabel}: ${label}. Open in the article.`)}"`, options)
    + `<span class="status-label">${label}</span><span class="cell-text">${body}</span>${closePassage(options)}</td>`;
}

/** The Compare coverage table for one story, the requested article's column first. */
export function renderCoverage(view: CoverageView, options?: RenderOptions): string {
  const heading = `<header><h1 title="${escapeHtml(view.title)}">${escapeHtml(view.title)}</h1>`
    + `<p class="summary">${view.columns.length} ${view.columns.length === 1 ? 'outlet' : 'outlets'}, `
    + `${view.rows.length} ${view.rows.length === 1 ? 'quote or claim' : 'quotes and claims'} compared</p>`
    + renderLegend() + '</header>';
  if (view.rows.length === 0) {
    return heading + '<p class="empty">No quotes or claims to compare in this story yet.</p>';
  }
  const head = '<thead><tr><th scope="col" class="row-heading">Quote or claim</th>'
    + view.columns.map((column, index) => renderColumnHeading(column, index, view.columns, options)).join('')
    + '</tr></thead>';
  return `${heading}<table class="coverage" data-story="${escapeHtml(view.storyId)}" data-columns="${Math.min(view.columns.length, maxSizedColumns)}">${head}<tbody>${renderCoverageRows(view, options)}</tbody></table>`;
}

/**
 * The rows of the article layout: first the requested article's quotes and claims in its reading
 * order, then, under a heading, what only the other outlets carry.
 */
export function renderCoverageRows(view: CoverageView, options?: RenderOptions): string {
  const own = view.rows.filter((row) => (row.cells[0] ?? null) !== null);
  const elsewhere = view.rows.filter((row) => (row.cells[0] ?? null) === null);
  const render = (row: CoverageView['rows'][number]): string => {
    const kind = row.kind === 'quote' ? 'Quote' : 'Claim';
    const cells = view.columns.map((column, index) => renderCell(row.cells[index] ?? null, column.outlet, row.label, options));
    return `<tr data-row="${escapeHtml(row.id)}"><th scope="row"><span class="kind">${kind}</span>`
      + `<span class="row-label">${escapeHtml(row.label)}</span></th>${cells.join('')}</tr>`;
  };
  const section = elsewhere.length === 0 || own.length === 0 ? ''
    : `<tr class="section"><th scope="rowgroup" colspan="${view.columns.length + 1}">Not in ${escapeHtml(view.columns[0]?.outlet ?? 'this article')}: `
      + `${elsewhere.length} ${elsewhere.length === 1 ? 'quote or claim' : 'quotes and claims'} only other outlets carry</th></tr>`;
  return own.map(render).join('') + section + elsewhere.map(render).join('');
}

export function renderLegend(): string {
  const items = (Object.keys(statusLabels) as CoverageStatus[])
    .map((status) => `<li class="status-${status}"><span class="status-label">${statusLabels[status]}</span></li>`);
  return `<ul class="legend" aria-label="Cell labels">${items.join('')}</ul>`;
}

/** Shown when there is nothing to compare (no article active, article not indexed yet). */
export function renderNote(note: string): string {
  return `<p class="empty">${escapeHtml(note)}</p>`;
}

/**
 * Styles for the table. Colours come from the editor theme (--vscode-* variables) with fallbacks
 * for the HTML report; every status also has its text label, so colour is never the only signal.
 */
export const coverageStyles = `
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px);
  color: var(--vscode-foreground, #222); background: var(--vscode-editor-background, #fff); margin: 0; padding: 0 16px 16px; }
h1 { font-size: 1.3em; margin: 12px 0 4px; }
.summary { margin: 0 0 8px; color: var(--vscode-descriptionForeground, #666); }
.legend { list-style: none; display: flex; gap: 8px; padding: 0; margin: 0 0 12px; flex-wrap: wrap; }
.legend li { padding: 2px 6px; }
table.coverage { border-collapse: collapse; width: 100%; table-layout: fixed; }
/* A narrow panel scrolls sideways rather than squeezing each outlet into a sliver. */
${Array.from({ length: maxSizedColumns }, (_, index) => `table.coverage[data-columns="${index + 1}"] { min-width: ${14 + (index + 1) * 12}em; }`).join('\n')}
tbody th, thead th.row-heading { position: sticky; left: 0; z-index: 1; background: var(--vscode-editor-background, #fff); }
thead th.row-heading { z-index: 2; background: var(--vscode-sideBar-background, #f3f3f3); }
th, td { border: 1px solid var(--vscode-panel-border, #ccc); vertical-align: top; padding: 0; text-align: left;
  overflow-wrap: anywhere; }
thead th { padding: 6px; background: var(--vscode-sideBar-background, #f3f3f3); position: sticky; top: 0; z-index: 1; }
th.row-heading, tbody th { width: 16em; padding: 6px; font-weight: normal; }
.kind { display: block; font-size: 0.85em; text-transform: uppercase; color: var(--vscode-descriptionForeground, #666); }
.headline, .requested, .derived { display: block; font-weight: normal; font-size: 0.9em; }
.headline { color: var(--vscode-descriptionForeground, #666); display: -webkit-box; -webkit-line-clamp: 3;
  -webkit-box-orient: vertical; overflow: hidden; }
h1 { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.requested, .derived { font-style: italic; }
button { font: inherit; color: inherit; background: none; border: 0; padding: 6px; margin: 0; text-align: left;
  width: 100%; height: 100%; cursor: pointer; }
button.outlet { font-weight: bold; padding: 0; text-decoration: underline; }
button:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0078d4); outline-offset: -2px; }
button:hover { background: var(--vscode-list-hoverBackground, #eef); }
.status-label { display: block; font-size: 0.8em; font-weight: bold; text-transform: uppercase; }
td.absent .status-label { padding: 6px; font-weight: normal; color: var(--vscode-disabledForeground, #999); }
.status-agrees { border-left: 4px solid var(--vscode-testing-iconPassed, #388a34); }
.status-differs { border-left: 4px solid var(--vscode-editorWarning-foreground, #bf8803); }
.status-contradicts { border-left: 4px solid var(--vscode-editorError-foreground, #e51400); }
.status-only-here { border-left: 4px solid var(--vscode-editorInfo-foreground, #1a85ff); }
ins { text-decoration: none; font-weight: bold; background: var(--vscode-diffEditor-insertedTextBackground, #9ccc2c55); }
del { background: var(--vscode-diffEditor-removedTextBackground, #ff000033); }
.empty { color: var(--vscode-descriptionForeground, #666); }
`;
