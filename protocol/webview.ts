/**
 * Messages between the extension host and the Compare coverage webview. Free of `vscode` and Node
 * imports: the webview bundle (browser) and the client both import it.
 */
import type { CompareFocus, CompareView } from '../core/src/index';

/** The two layouts of Compare coverage: passages aligned per article, or the story's claims × outlets. */
export type CompareMode = 'article' | 'matrix';

export const compareModes: readonly CompareMode[] = ['article', 'matrix'];

/** Host → webview: show this coverage (null: the active article is not indexed or has no story). */
export interface ShowCoverageMessage {
  type: 'show';
  view: CompareView | null;
  mode: CompareMode;
  /** Shown instead of the view when `view` is null. */
  note?: string;
}

/** Host → webview: switch layout (the editor title button, the toggle command). */
export interface SetModeMessage {
  type: 'mode';
  mode: CompareMode;
}

export type HostMessage = ShowCoverageMessage | SetModeMessage;

/** Webview → host: open `file` (a document URI) and select the UTF-16 range [start, end). */
export interface OpenLocationMessage {
  type: 'open';
  file: string;
  start: number;
  end: number;
}

/** Webview → host: the script is running and can take messages. */
export interface ReadyMessage {
  type: 'ready';
}

/** Webview → host: the reader switched layout in the page. */
export interface ModeChangedMessage {
  type: 'mode';
  mode: CompareMode;
}

export type WebviewMessage = OpenLocationMessage | ReadyMessage | ModeChangedMessage;

/** What the webview keeps with `setState`, restored by the panel serializer after a reload. */
export interface CompareState {
  file: string;
  mode?: CompareMode;
  /** Without a focus (or an article focus) the panel shows the whole story. */
  focus?: CompareFocus;
}

export const compareViewType = 'crosscheck.compare';

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; file?: unknown; start?: unknown; end?: unknown };
  if (message.type === 'ready') return true;
  if (message.type === 'mode') return compareModes.includes((value as { mode?: unknown }).mode as CompareMode);
  return message.type === 'open' && typeof message.file === 'string'
    && typeof message.start === 'number' && typeof message.end === 'number';
}
