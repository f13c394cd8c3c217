/**
 * The `crosscheck.*` settings the server acts on (read with workspace/configuration, again on every
 * didChangeConfiguration): which findings are shown and how severe, which passages get a coverage
 * lens, how long hovers get. Anything missing or malformed falls back to the default.
 */
import { defaultMaxArticleBytes } from '../../core/src/index';
import type { Finding, FindingKind, Severity } from '../../core/src/index';
import { findingKinds } from '../../protocol/protocol';
import type { CodeLensSetting, FindingSeveritySetting } from '../../protocol/protocol';

export interface ServerSettings {
  /** Per finding kind: 'default' keeps the core's severity, 'off' hides the finding. */
  findings: Record<FindingKind, FindingSeveritySetting>;
  codeLens: CodeLensSetting;
  /** At most this many quotes are listed in a person's hover. */
  hoverMaxQuotes: number;
  /** Person hovers list how each outlet describes the person. */
  hoverDescriptions: boolean;
  /** Article files larger than this many bytes are skipped with a message (0: no limit). */
  maxArticleBytes: number;
}

export function defaultSettings(): ServerSettings {
  return {
    findings: Object.fromEntries(findingKinds.map((kind) => [kind, 'default'])) as Record<FindingKind, FindingSeveritySetting>,
    codeLens: 'quotesAndClaims',
    hoverMaxQuotes: 8,
    hoverDescriptions: true,
    maxArticleBytes: defaultMaxArticleBytes,
  };
}

const severitySettings: readonly FindingSeveritySetting[] = ['default', 'error', 'warning', 'information', 'hint', 'off'];
const lensSettings: readonly CodeLensSetting[] = ['quotesAndClaims', 'quotes', 'off'];

/** Reads the `crosscheck` section as VS Code sends it (dotted keys become nested objects). */
export function parseSettings(section: unknown): ServerSettings {
  const settings = defaultSettings();
  if (typeof section !== 'object' || section === null) return settings;
  const raw = section as {
    findings?: Record<string, { severity?: unknown } | undefined>;
    codeLens?: { show?: unknown };
    hover?: { maxQuotes?: unknown; descriptions?: unknown };
    maxArticleBytes?: unknown;
  };
  for (const kind of findingKinds) {
    const value = raw.findings?.[kind]?.severity;
    if (severitySettings.includes(value as FindingSeveritySetting)) settings.findings[kind] = value as FindingSeveritySetting;
  }
  if (lensSettings.includes(raw.codeLens?.show as CodeLensSetting)) settings.codeLens = raw.codeLens?.show as CodeLensSetting;
  const maxQuotes = raw.hover?.maxQuotes;
  if (typeof maxQuotes === 'number' && Number.isFinite(maxQuotes) && maxQuotes >= 0) settings.hoverMaxQuotes = Math.floor(maxQuotes);
  if (typeof raw.hover?.descriptions === 'boolean') settings.hoverDescriptions = raw.hover.descriptions;
  if (typeof raw.maxArticleBytes === 'number' && Number.isFinite(raw.maxArticleBytes) && raw.maxArticleBytes >= 0) {
    settings.maxArticleBytes = Math.floor(raw.maxArticleBytes);
  }
  return settings;
}

/** The severity a finding is shown with, or null when its kind is turned off. */
export function shownSeverity(settings: ServerSettings, finding: Finding): Severity | null {
  const setting = settings.findings[finding.kind] ?? 'default';
  if (setting === 'off') return null;
  return setting === 'default' ? finding.severity : setting;
}
