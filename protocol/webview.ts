/**
 * Messages between the extension host and the Compare coverage webview. Free of `vscode` and Node
 * imports: the webview bundle (browser) and the client both import it.
 */
import type { CoverageView } from '../core/src/index';

/** Host → webview: show this coverage (null: the active article is not indexed or has no story). */
export interface ShowCoverageMessage {
  type: 'show';
  view: CoverageView | null;
  /** Shown instead of the view when `view` is null. */
  note?: string;
}

export type HostMessage = ShowCoverageMessage;

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

export type WebviewMessage = OpenLocationMessage | ReadyMessage;

/** What the webview keeps with `setState`, restored by the panel serializer after a reload. */
export interface CompareState {
  file: string;
}

export const compareViewType = 'crosscheck.compare';

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; file?: unknown; start?: unknown; end?: unknown };
  if (message.type === 'ready') return true;
  return message.type === 'open' && typeof message.file === 'string'
    && typeof message.start === 'number' && typeof message.end === 'number';
}
