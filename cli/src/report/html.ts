/**
 * The HTML report: one self-contained page (inline styles, no script, nothing fetched) with, per
 * story, the findings, the Compare coverage views — the articles side by side and the claims ×
 * outlets matrix, rendered by the webview's own render code — and the articles' text, where every
 * cell and finding links to its passage.
 */
import { createHash } from 'node:crypto';
import type { CompareView, Finding, Location } from '../../../core/src/index';
import { coverageStyles, escapeHtml, renderLegend } from '../../../webview/src/render';
import { compareStyles, renderArticleLayout, renderMatrix } from '../../../webview/src/renderCompare';
import { findingCounts } from './markdown';
import { type CoverageReport, type StoryReport, Positions } from './stories';

/** Styles the report adds: its own headings, links where the webview has buttons, the article text. */
const reportStyles = `
body { max-width: 1400px; margin: 0 auto; }
.requested { display: none; }
body > header { border-bottom: 1px solid #ccc; margin-bottom: 8px; }
body > header h1 { display: block; font-size: 1.6em; }
h2 { font-size: 1.4em; margin: 24px 0 4px; }
h3 { font-size: 1.15em; margin: 20px 0 8px; }
h4 { font-size: 1em; margin: 16px 0 4px; }
nav.stories ol { margin: 4px 0 12px; }
.meta { color: #555; margin: 0 0 8px; }
a { color: #0b5cad; }
a.cell { display: block; padding: 6px; color: inherit; text-decoration: none; height: 100%; box-sizing: border-box; }
a.cell:hover { background: #eef; }
a.outlet { font-weight: bold; color: inherit; }
a:focus-visible { outline: 2px solid #0078d4; outline-offset: -2px; }
ol.findings > li { margin: 0 0 10px; }
.severity { font-size: 0.8em; font-weight: bold; text-transform: uppercase; margin-right: 6px; }
.severity-error { color: #b00020; }
.severity-warning { color: #8a6100; }
.severity-information, .severity-hint { color: #1a5fb4; }
ul.sides { margin: 4px 0 0; padding-left: 20px; }
section.layout { overflow-x: auto; }
article.source { border-top: 1px solid #ccc; }
.article-text { white-space: pre-wrap; font-family: Georgia, 'Times New Roman', serif; line-height: 1.5; max-width: 75ch; }
mark { background: #fff3b0; color: inherit; }
mark:target, article.source:target h4 { outline: 3px solid #0078d4; }
@media print { a.cell { color: inherit; } thead th { position: static; } }
`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * Where each passage of an article links to. Passages become `<mark>`s in the article's text;
 * a passage overlapping an earlier one links to the mark it starts in.
 */
class PassageAnchors {
  private readonly anchors = new Map<string, string>();
  private readonly marks = new Map<string, { start: number; end: number; id: string }[]>();

  constructor(private readonly articleIds: Map<string, string>, passages: Location[]) {
    const byFile = new Map<string, Location[]>();
    for (const passage of passages) {
      if (passage.end <= passage.start || !articleIds.has(passage.file)) continue;
      byFile.set(passage.file, [...(byFile.get(passage.file) ?? []), passage]);
    }
    for (const [file, list] of byFile) {
      // The shortest passages (a quote, a figure) are marked first; a longer one overlapping them
      // (a rewritten sentence) links to the first mark inside it.
      list.sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
      const marks: { start: number; end: number; id: string }[] = [];
      for (const passage of list) {
        const key = PassageAnchors.key(passage);
        if (this.anchors.has(key)) continue;
        const overlapping = marks.filter((mark) => mark.start < passage.end && passage.start < mark.end).sort((a, b) => a.start - b.start)[0];
        if (overlapping !== undefined) {
          this.anchors.set(key, overlapping.id);
          continue;
        }
        const id = `${articleIds.get(file)}-${passage.start}-${passage.end}`;
        marks.push({ start: passage.start, end: passage.end, id });
        this.anchors.set(key, id);
      }
      this.marks.set(file, marks.sort((a, b) => a.start - b.start));
    }
  }

  private static key(location: Location): string {
    return `${location.file}\u0000${location.start}\u0000${location.end}`;
  }

  link(location: Location): string {
    return `#${this.anchors.get(PassageAnchors.key(location)) ?? this.articleIds.get(location.file) ?? ''}`;
  }

  /** The article's text with its passages marked. */
  markedText(file: string, text: string): string {
    let html = '';
    let at = 0;
    for (const mark of this.marks.get(file) ?? []) {
      html += escapeHtml(text.slice(at, mark.start)) + `<mark id="${mark.id}">${escapeHtml(text.slice(mark.start, mark.end))}</mark>`;
      at = mark.end;
    }
    return html + escapeHtml(text.slice(at));
  }
}

export function htmlReport(report: CoverageReport, generator: string): string {
  const styles = coverageStyles + compareStyles + reportStyles;
  const title = report.stories.length === 1 ? `Coverage report: ${report.stories[0].story.title}` : 'Coverage report';
  const articles = report.stories.reduce((sum, story) => sum + story.view.columns.length, 0);
  const policy = `default-src 'none'; style-src 'sha256-${sha256(styles)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const contents = report.stories.length < 2 ? ''
    : `<nav class="stories" aria-label="Stories"><ol>${report.stories.map((story, index) => `<li><a href="#story-${index}">`
      + `${escapeHtml(story.story.title)}</a> (${story.view.columns.length} articles, ${story.findings.length} findings)</li>`).join('')}</ol></nav>`;
  const body = report.stories.length === 0
    ? '<p class="empty">No stories to report: no article was read.</p>'
    : report.stories.map((story, index) => storySection(report, story, index)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(generator)}">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${articles} ${articles === 1 ? 'article' : 'articles'} in ${report.stories.length} ${report.stories.length === 1 ? 'story' : 'stories'}; `
    + `${escapeHtml(findingCounts(report.findings))}. Generated by ${escapeHtml(generator)}.</p>
${contents}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function storySection(report: CoverageReport, story: StoryReport, index: number): string {
  const { view } = story;
  const articleIds = new Map(view.columns.map((column, position) => [column.file, `article-${index}-${position}`]));
  const passages: Location[] = [
    ...view.rows.flatMap((row) => row.cells.filter((cell): cell is NonNullable<typeof cell> => cell !== null)),
    ...story.findings.flatMap((finding) => finding.sides),
  ];
  const anchors = new PassageAnchors(articleIds, passages);
  const options = { passageLink: (location: Location) => anchors.link(location) };
  const compare: CompareView = { ...view, focus: { kind: 'article' } };
  const positions = new Positions(report.corpus);

  const findings = story.findings.length === 0
    ? '<p class="empty">No contradictions, reworded quotes or rewritten articles found.</p>'
    : `<ol class="findings">${story.findings.map((finding) => findingItem(finding, anchors, positions)).join('')}</ol>`;
  const sources = view.columns.map((column) => {
    const article = report.corpus.article(column.file);
    const meta = [column.file, article?.metadata.date ?? null, article?.metadata.url ?? null].filter((part): part is string => part !== null);
    return `<article class="source" id="${articleIds.get(column.file)}" aria-labelledby="${articleIds.get(column.file)}-title">`
      + `<h4 id="${articleIds.get(column.file)}-title">${escapeHtml(column.outlet)}: ${escapeHtml(column.title)}</h4>`
      + `<p class="meta">${meta.map(escapeHtml).join(' · ')}</p>`
      + `<div class="article-text">${anchors.markedText(column.file, article?.text ?? '')}</div></article>`;
  }).join('');

  return `<section class="story" id="story-${index}" aria-labelledby="story-${index}-title" data-story="${escapeHtml(view.storyId)}">
<h2 id="story-${index}-title">${escapeHtml(story.story.title)}</h2>
<p class="meta">Story <code>${escapeHtml(story.story.id)}</code>: ${view.columns.length} ${view.columns.length === 1 ? 'article' : 'articles'}; ${escapeHtml(findingCounts(story.findings))}.</p>
<section class="findings" aria-labelledby="story-${index}-findings"><h3 id="story-${index}-findings">Findings</h3>${findings}</section>
<section class="layout" aria-labelledby="story-${index}-columns"><h3 id="story-${index}-columns">Side by side</h3>${renderLegend()}${renderArticleLayout(compare, options)}</section>
<section class="layout" aria-labelledby="story-${index}-matrix"><h3 id="story-${index}-matrix">Matrix: claims and quotes × outlets</h3>${renderMatrix(compare, options)}</section>
<section class="articles" aria-labelledby="story-${index}-articles"><h3 id="story-${index}-articles">Articles</h3>${sources}</section>
</section>`;
}

function findingItem(finding: Finding, anchors: PassageAnchors, positions: Positions): string {
  const sides = finding.sides.map((side) => {
    const { line, column } = positions.at(side.file, side.start);
    return `<li><a href="${escapeHtml(anchors.link(side))}">${escapeHtml(side.outlet)}</a> `
      + `<span class="meta">(${escapeHtml(side.file)}:${line}:${column})</span>: ${escapeHtml(side.text)}</li>`;
  }).join('');
  return `<li class="finding" data-kind="${finding.kind}" data-finding="${escapeHtml(finding.id)}">`
    + `<span class="severity severity-${finding.severity}">${finding.severity}</span>${escapeHtml(finding.summary)}`
    + `<ul class="sides">${sides}</ul></li>`;
}
