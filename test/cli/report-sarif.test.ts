// `crosscheck report --format sarif`: valid SARIF 2.1.0 (checked against the schema shipped by
// @microsoft/jest-sarif), one result per finding, regions in UTF-16 columns.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { articles, crosscheck, makeDesk, seeds } from './reportFixture';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  charOffset: number;
  charLength: number;
}

interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region: Region;
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    columnKind: string;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: PhysicalLocation }[];
      relatedLocations: { physicalLocation: PhysicalLocation }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

const schemaFile = path.join(path.dirname(require.resolve('@microsoft/jest-sarif')), 'schemas', 'sarif-2.1.0-rtm.5.json');
// The published schema has a language-code pattern ("…]?$") that is only valid without the `u` flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);

function schemaErrors(log: unknown): string {
  return validate(log) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

describe('crosscheck report --format sarif', () => {
  let workspace: string;
  let desk: SarifLog;

  before(async () => {
    workspace = makeDesk();
    const run = await crosscheck(['report', 'desk', '--format', 'sarif'], workspace);
    assert.equal(run.code, 0, run.stderr);
    desk = JSON.parse(run.stdout) as SarifLog;
  });

  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('passes the SARIF 2.1.0 schema on the desk articles', () => {
    assert.equal(schemaErrors(desk), '');
  });

  it('passes the SARIF 2.1.0 schema on the seeds, with one result per finding', async () => {
    const [sarif, json] = await Promise.all([
      crosscheck(['report', seeds, '--format', 'sarif'], workspace),
      crosscheck(['report', seeds, '--format', 'json'], workspace),
    ]);
    const log = JSON.parse(sarif.stdout) as SarifLog;
    assert.equal(schemaErrors(log), '');
    const findings = (JSON.parse(json.stdout) as { findings: { id: string }[] }).findings;
    assert.ok(findings.length > 0);
    assert.deepEqual(log.runs[0].results.map((result) => result.partialFingerprints['crosscheckFinding/v1']), findings.map((finding) => finding.id));
  });

  it('records an unreadable input as a failed invocation, still valid SARIF', async () => {
    const run = await crosscheck(['report', 'desk', 'gone.txt', '--format', 'sarif'], workspace);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as SarifLog & { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    assert.equal(schemaErrors(log), '');
    assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
    assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /^gone\.txt: /);
  });

  it('names the rule of each result among the driver rules', () => {
    const run = desk.runs[0];
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.deepEqual(run.results.map((result) => result.ruleId).sort(), ['contradiction', 'quote-variant']);
  });

  it('places the contradiction at the article, relative to the current folder, with the other outlet related', () => {
    const result = desk.runs[0].results.find((candidate) => candidate.ruleId === 'contradiction');
    assert.ok(result);
    assert.equal(result.level, 'warning');
    const files = [result.locations[0], ...result.relatedLocations].map((location) => location.physicalLocation.artifactLocation);
    assert.deepEqual(files.map((file) => file.uri).sort(), ['desk/coast-herald.txt', 'desk/harbour-gazette.txt']);
    assert.ok(files.every((file) => file.uriBaseId === '%SRCROOT%'));
  });

  it('counts columns in UTF-16 code units, 1-based, end exclusive', () => {
    assert.equal(desk.runs[0].columnKind, 'utf16CodeUnits');
    const result = desk.runs[0].results.find((candidate) => candidate.ruleId === 'contradiction');
    const gazette = [result!.locations[0], ...result!.relatedLocations]
      .map((location) => location.physicalLocation)
      .find((location) => location.artifactLocation.uri === 'desk/harbour-gazette.txt');
    assert.ok(gazette);
    const text = articles['harbour-gazette.txt'];
    const line = text.split('\n')[gazette.region.startLine - 1];
    const column = line.indexOf('nearly four hours') + 1; // JavaScript indexes are UTF-16: the emoji counts as two
    assert.deepEqual(
      { ...gazette.region },
      {
        startLine: 6,
        startColumn: column,
        endLine: 6,
        endColumn: column + 'nearly four hours'.length,
        charOffset: text.indexOf('nearly four hours'),
        charLength: 'nearly four hours'.length,
        snippet: { text: 'nearly four hours' },
      },
    );
  });
});
