/**
 * Browser glue of the Compare coverage webview: renders what the host sends in the chosen layout,
 * remembers the article, focus and layout for the panel serializer, switches layout in place, and
 * asks the host to open a passage when a cell is clicked.
 */
import type { CompareView } from '../../core/src/index';
import type { CompareMode, CompareState, HostMessage, WebviewMessage } from '../../protocol/webview';
import { renderNote } from './render';
import { renderCompare } from './renderCompare';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): CompareState | undefined;
  setState(state: CompareState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const host = acquireVsCodeApi();
const root = document.getElementById('coverage');
let current: CompareView | null = null;
let mode: CompareMode = root?.dataset.mode === 'matrix' ? 'matrix' : 'article';

function remember(): void {
  const file = current?.columns[0]?.file ?? root?.dataset.file;
  if (file) host.setState({ file, mode, ...(current !== null ? { focus: current.focus } : {}) });
}

function render(): void {
  if (root === null || current === null) return;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.mode : undefined;
  root.innerHTML = renderCompare(current, mode);
  root.dataset.mode = mode;
  // Keep the keyboard on the layout switch when it was used to switch.
  if (focused !== undefined) root.querySelector<HTMLElement>(`button[data-mode="${mode}"]`)?.focus();
}

function receive(message: HostMessage): void {
  if (root === null) return;
  if (message.type === 'mode') {
    mode = message.mode;
    render();
    remember();
    return;
  }
  mode = message.mode;
  current = message.view;
  if (current === null) {
    root.innerHTML = renderNote(message.note ?? 'Open an article to compare its coverage.');
  } else {
    render();
  }
  remember();
}

function switchMode(next: CompareMode): void {
  if (next === mode) return;
  mode = next;
  render();
  remember();
  host.postMessage({ type: 'mode', mode });
}

function openCell(button: HTMLElement): void {
  const file = button.dataset.file;
  if (file === undefined) return;
  host.postMessage({ type: 'open', file, start: Number(button.dataset.start ?? 0), end: Number(button.dataset.end ?? 0) });
}

/** Arrow keys move between the cells of the table like a grid, and between the layout tabs. */
function moveFocus(from: HTMLElement, key: string): boolean {
  if (from.dataset.mode !== undefined && (key === 'ArrowLeft' || key === 'ArrowRight')) {
    switchMode(mode === 'article' ? 'matrix' : 'article');
    return true;
  }
  const cell = from.closest('td, th');
  const row = cell?.parentElement;
  if (!(cell instanceof HTMLTableCellElement) || !(row instanceof HTMLTableRowElement)) return false;
  const rows = Array.from(row.closest('table')?.rows ?? []);
  let rowIndex = rows.indexOf(row);
  let cellIndex = cell.cellIndex;
  for (let step = 0; step < 200; step++) {
    if (key === 'ArrowRight') cellIndex++;
    else if (key === 'ArrowLeft') cellIndex--;
    else if (key === 'ArrowDown') rowIndex++;
    else if (key === 'ArrowUp') rowIndex--;
    else return false;
    const targetRow = rows[rowIndex];
    if (targetRow === undefined) return false;
    const target = targetRow.cells[cellIndex];
    // Section rows have a single cell: skip over them.
    if (target === undefined) {
      if (key === 'ArrowDown' || key === 'ArrowUp') continue;
      return false;
    }
    const button = target.querySelector('button');
    if (button !== null) {
      button.focus();
      return true;
    }
  }
  return false;
}

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button') : null;
  if (!(target instanceof HTMLElement)) return;
  if (target.dataset.mode === 'article' || target.dataset.mode === 'matrix') switchMode(target.dataset.mode);
  else if (target.dataset.file !== undefined) openCell(target);
});

document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLElement && moveFocus(event.target, event.key)) event.preventDefault();
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  if (event.data?.type === 'show' || event.data?.type === 'mode') receive(event.data);
});

/** The view the host rendered the page with, so the layout can switch before any message arrives. */
function initialView(): CompareView | null {
  const data = document.getElementById('compare-data')?.textContent;
  if (!data) return null;
  try {
    return (JSON.parse(data) as { view?: CompareView | null }).view ?? null;
  } catch {
    return null;
  }
}

current = initialView();
const initialFile = root?.dataset.file;
if (initialFile) {
  const saved = host.getState();
  const focus = current?.focus ?? (saved?.file === initialFile ? saved.focus : undefined);
  host.setState({ file: initialFile, mode, ...(focus !== undefined ? { focus } : {}) });
}
host.postMessage({ type: 'ready' });
