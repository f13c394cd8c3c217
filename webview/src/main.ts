/**
 * Browser glue of the Compare coverage webview: renders what the host sends, remembers the article
 * for the panel serializer, and asks the host to open a cell's passage when it is clicked.
 */
import type { CompareState, HostMessage, WebviewMessage } from '../../protocol/webview';
import { renderCoverage, renderNote } from './render';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): CompareState | undefined;
  setState(state: CompareState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const host = acquireVsCodeApi();
const root = document.getElementById('coverage');

function show(message: HostMessage): void {
  if (root === null) return;
  if (message.view === null) {
    root.innerHTML = renderNote(message.note ?? 'Open an article to compare its coverage.');
    return;
  }
  root.innerHTML = renderCoverage(message.view);
  const file = message.view.columns[0]?.file;
  if (file !== undefined) host.setState({ file });
}

function openCell(button: HTMLElement): void {
  const file = button.dataset.file;
  if (file === undefined) return;
  host.postMessage({ type: 'open', file, start: Number(button.dataset.start ?? 0), end: Number(button.dataset.end ?? 0) });
}

/** Arrow keys move between the cells of the table like a grid. */
function moveFocus(from: HTMLElement, key: string): boolean {
  const cell = from.closest('td, th');
  const row = cell?.parentElement;
  if (!(cell instanceof HTMLTableCellElement) || !(row instanceof HTMLTableRowElement)) return false;
  const rows = Array.from(row.closest('table')?.rows ?? []);
  let rowIndex = rows.indexOf(row);
  let cellIndex = cell.cellIndex;
  for (let step = 0; step < 50; step++) {
    if (key === 'ArrowRight') cellIndex++;
    else if (key === 'ArrowLeft') cellIndex--;
    else if (key === 'ArrowDown') rowIndex++;
    else if (key === 'ArrowUp') rowIndex--;
    else return false;
    const target = rows[rowIndex]?.cells[cellIndex];
    if (target === undefined) return false;
    const button = target.querySelector('button');
    if (button !== null) {
      button.focus();
      return true;
    }
  }
  return false;
}

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button[data-file]') : null;
  if (target instanceof HTMLElement) openCell(target);
});

document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLElement && moveFocus(event.target, event.key)) event.preventDefault();
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  if (event.data?.type === 'show') show(event.data);
});

const initialFile = root?.dataset.file;
if (initialFile) host.setState({ file: initialFile });
host.postMessage({ type: 'ready' });
