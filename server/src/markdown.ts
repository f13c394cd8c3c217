/** Small Markdown builders for hovers: escaping, links to a place in an article, word diffs. */
import { diffWords } from 'diff';
import { openLocationCommand } from '../../protocol/protocol';
import type { Positions } from './positions';
import type { Span } from '../../core/src/index';

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (character) => `\\${character}`).replace(/\s+/g, ' ');
}

export function shorten(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A link that opens `file` at the start of `span`: a `command:` link when the client runs Crosscheck's
 * open command (VS Code), else the file URI with an `#L<line>,<column>` fragment.
 */
export function locationLink(label: string, file: string, span: Span, positions: Positions, commandLinks: boolean): string {
  const range = positions.range(file, span);
  const text = escapeMarkdown(label);
  if (range === undefined) return text;
  if (commandLinks) {
    const args = encodeURIComponent(JSON.stringify([file, range.start.line, range.start.character]));
    return `[${text}](command:${openLocationCommand}?${args} "Open ${escapeTitle(label)}")`;
  }
  return `[${text}](${file}#L${range.start.line + 1},${range.start.character + 1})`;
}

function escapeTitle(text: string): string {
  return text.replace(/["\\]/g, '');
}

/** `reference` rewritten into `version`: removed words ~~struck~~, added words **bold**. */
export function markdownWordDiff(reference: string, version: string): string {
  return diffWords(reference, version).map((change) => {
    const text = escapeMarkdown(change.value);
    if (!change.added && !change.removed) return text;
    const core = text.trim();
    if (core === '') return text;
    const lead = text.slice(0, text.indexOf(core));
    const trail = text.slice(lead.length + core.length);
    return change.added ? `${lead}**${core}**${trail}` : `${lead}~~${core}~~${trail}`;
  }).join('');
}
