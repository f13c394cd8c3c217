/**
 * Compare coverage: the articles of one story side by side, one row per quote group or claim group,
 * ordered by where the rows first appear in the requested article.
 */

import type { Article, CoverageCell, CoverageColumn, CoverageRow, CoverageView, CoverageStatus } from '../model';
import type { CrossReference } from './crossref';
import { articleVersions, storyOutletLabels } from './crossref';
import { compareVersions, wordDiff } from './quotes';
import { dayNumber, shorten } from './text';

export function buildCoverage(index: CrossReference, byFile: Map<string, Article>, file: string): CoverageView | undefined {
  const story = index.storyOfFile.get(file);
  if (!story) return undefined;
  const others = story.files
    .filter((f) => f !== file)
    .sort((a, b) => {
      const da = dayNumber(byFile.get(a)?.metadata.date ?? null) ?? Infinity;
      const db = dayNumber(byFile.get(b)?.metadata.date ?? null) ?? Infinity;
      return da - db || (a < b ? -1 : a > b ? 1 : 0);
    });
  const files = [file, ...others];
  const column = new Map(files.map((f, i) => [f, i]));
  // Named as the story's findings name them: the outlet, the file's name only where two share it.
  const labels = storyOutletLabels(story, byFile);
  const columns: CoverageColumn[] = files.map((f) => {
    const article = byFile.get(f)!;
    return { file: f, outlet: labels.get(f)!, title: article.metadata.title, derivedFrom: index.derivedFrom.get(f) ?? null };
  });

  const rows: { row: CoverageRow; order: [number, number] }[] = [];
  const orderOf = (positions: { file: string; start: number }[]): [number, number] => {
    let best: [number, number] = [Infinity, Infinity];
    for (const p of positions) {
      const c = column.get(p.file) ?? Infinity;
      if (c < best[0] || (c === best[0] && p.start < best[1])) best = [c, p.start];
    }
    return best;
  };

  const results = index.resultsOf(story.id);
  for (const detail of results?.quoteGroups ?? []) {
    const versions = articleVersions(detail.members);
    const referenceFile = files.find((f) => versions.has(f))!;
    const reference = versions.get(referenceFile)!;
    const referenceSpeaker = detail.speakerIds[detail.members.indexOf(reference.members[0])];
    const cells: (CoverageCell | null)[] = files.map(() => null);
    let anyDifferent = false;
    for (const [f, version] of versions) {
      const first = version.members[0].quote;
      let status: CoverageStatus = versions.size === 1 ? 'only-here' : 'agrees';
      let diff: CoverageCell['diff'];
      if (f !== referenceFile) {
        const speaker = detail.speakerIds[detail.members.indexOf(version.members[0])];
        const cmp = compareVersions(reference.text, version.text);
        if (speaker && referenceSpeaker && speaker !== referenceSpeaker) status = 'contradicts';
        else if (cmp.level !== 'same') status = 'differs';
        if (cmp.level !== 'same') diff = wordDiff(reference.text, version.text);
        if (status !== 'agrees') anyDifferent = true;
      }
      cells[column.get(f)!] = { file: f, start: first.start, end: first.end, text: version.text, status, ...(diff ? { diff } : {}) };
    }
    const refCell = cells[column.get(referenceFile)!]!;
    if (refCell.status === 'agrees' && anyDifferent) refCell.status = 'differs';
    const speaker = detail.group.speaker ? detail.group.speaker.split(/\s+/).pop() + ': ' : '';
    rows.push({
      row: { id: detail.group.id, kind: 'quote', label: `${speaker}"${shorten(reference.text, 8)}"`, cells },
      order: orderOf(detail.members.map((m) => ({ file: m.file, start: m.quote.start }))),
    });
  }

  for (const detail of results?.claimGroups ?? []) {
    const articleCount = new Set(detail.members.map((m) => m.file)).size;
    // A lone date or figure is background, not something outlets can be compared on.
    if (articleCount === 1 && (detail.group.kind === 'date' || detail.group.kind === 'number')) continue;
    const referenceFile = files.find((f) => detail.members.some((m) => m.file === f))!;
    const referenceIndex = detail.members.findIndex((m) => m.file === referenceFile);
    const cells: (CoverageCell | null)[] = files.map(() => null);
    for (const f of files) {
      const indexes = detail.members.map((m, i) => (m.file === f ? i : -1)).filter((i) => i >= 0);
      if (indexes.length === 0) continue;
      indexes.sort((a, b) => detail.members[a].claim.start - detail.members[b].claim.start);
      let status: CoverageStatus;
      if (indexes.some((i) => detail.contradicting.has(i))) status = 'contradicts';
      else if (articleCount === 1) status = 'only-here';
      else if (f === referenceFile) status = 'agrees';
      else {
        const relations = indexes.map((i) => detail.relation(i, referenceIndex));
        status = relations.every((r) => r === 'agrees') ? 'agrees' : 'differs';
      }
      const first = detail.members[indexes[0]].claim;
      const text = [...new Set(indexes.map((i) => detail.members[i].claim.text))].join(' · ');
      cells[column.get(f)!] = { file: f, start: first.start, end: first.end, text, status };
    }
    rows.push({
      row: { id: detail.group.id, kind: 'claim', label: detail.group.topic, cells },
      order: orderOf(detail.members.map((m) => ({ file: m.file, start: m.claim.start }))),
    });
  }

  rows.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || (a.row.id < b.row.id ? -1 : 1));
  return { storyId: story.id, title: story.title, columns, rows: rows.map((r) => r.row) };
}
