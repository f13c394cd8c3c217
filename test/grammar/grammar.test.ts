import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');

/** Tokenises `text` with the article grammar and returns, per line, [token text, scopes] pairs. */
async function tokenize(text: string): Promise<{ text: string; scopes: string[] }[]> {
  const wasm = readFileSync(path.join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'text.article.crosscheck'
        ? textmate.parseRawGrammar(
            readFileSync(path.join(root, 'syntaxes/article.tmLanguage.json'), 'utf8'),
            'article.tmLanguage.json',
          )
        : null,
  });
  const grammar = await registry.loadGrammar('text.article.crosscheck');
  assert.ok(grammar, 'grammar loads');
  const tokens: { text: string; scopes: string[] }[] = [];
  let state = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  }
  return tokens;
}

function scopesOf(tokens: { text: string; scopes: string[] }[], fragment: string): string[] {
  const token = tokens.find((t) => t.text.includes(fragment));
  assert.ok(token, `a token contains ${JSON.stringify(fragment)}`);
  return token.scopes;
}

const sample = [
  'Mayor opens new bridge after six-year wait',
  'The mayor said the bridge cost “about $40 million [in total]” and “was worth every cent.”',
  'It opened on Tuesday, March 4, 2025, after a two-hour ceremony, according to the city.',
  'A council member called it "a triumph" at the ceremony.',
  'An opening mark “with no end runs only to the end of its paragraph',
  'The next paragraph is not quoted.',
].join('\n');

test('the first line is the headline', async () => {
  const tokens = await tokenize(sample);
  assert.ok(scopesOf(tokens, 'Mayor opens').includes('markup.heading.headline.article'));
});

test('curly quotes are quotations, with editorial insertions marked', async () => {
  const tokens = await tokenize(sample);
  assert.ok(scopesOf(tokens, 'was worth every cent').includes('string.quoted.double.quotation.article'));
  assert.ok(scopesOf(tokens, '[in total]').includes('markup.italic.insertion.article'));
});

test('straight quotes are quotations', async () => {
  const tokens = await tokenize(sample);
  assert.ok(scopesOf(tokens, 'a triumph').includes('string.quoted.double.quotation.article'));
});

test('attribution verbs and phrases are keywords', async () => {
  const tokens = await tokenize(sample);
  assert.ok(scopesOf(tokens, 'said').includes('keyword.other.attribution.article'));
  assert.ok(scopesOf(tokens, 'according to').includes('keyword.other.attribution.article'));
});

test('dates and numbers are constants', async () => {
  const tokens = await tokenize(sample);
  assert.ok(scopesOf(tokens, 'March 4, 2025').includes('constant.other.date.article'));
  assert.ok(scopesOf(tokens, 'Tuesday').includes('constant.other.date.weekday.article'));
  assert.ok(scopesOf(tokens, 'two-hour').includes('constant.numeric.word.article'));
});

test('an unclosed quotation mark does not colour the next paragraph', async () => {
  const tokens = await tokenize(sample);
  assert.ok(scopesOf(tokens, 'with no end').includes('string.quoted.double.quotation.article'));
  assert.ok(!scopesOf(tokens, 'The next paragraph').includes('string.quoted.double.quotation.article'));
});

test('metadata header lines are recognised instead of a headline', async () => {
  const tokens = await tokenize('Outlet: The Daily Example\nTitle: Bridge opens\n\nBody text.');
  assert.ok(scopesOf(tokens, 'Outlet').includes('keyword.other.header.article'));
  assert.ok(!scopesOf(tokens, 'Outlet').includes('markup.heading.headline.article'));
});
