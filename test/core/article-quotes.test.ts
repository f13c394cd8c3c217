import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeArticle } from '../../core/src/article/analyze';

test('"...," said X: the speaker is the full name and the span excludes the marks', () => {
  const text = 'Mayor Ines Karlsson opened the bridge.\n“We built this together,” said Karlsson.';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes.length, 1);
  const q = a.quotes[0];
  assert.equal(q.text, 'We built this together,');
  assert.equal(text.slice(q.start, q.end), 'We built this together,');
  assert.equal(q.speaker, 'Ines Karlsson');
  assert.equal(q.speakerKey, a.people[0].key);
  assert.equal(q.verb, 'said');
});

test('"...," X said with straight marks', () => {
  const a = analyzeArticle('a.txt', '"The budget is balanced," Paolo Renzi said on Monday.');
  assert.equal(a.quotes[0].speaker, 'Paolo Renzi');
});

test('X said: "..." attributes the quote after the colon', () => {
  const a = analyzeArticle('a.txt', 'Judge Amara Osei said: "The case is closed."');
  assert.equal(a.quotes[0].speaker, 'Amara Osei');
});

test('X told an outlet "..." attributes to X', () => {
  const a = analyzeArticle('a.txt', 'Coach Lena Brandt told reporters "we will be back next year."');
  assert.equal(a.quotes[0].speaker, 'Lena Brandt');
  assert.equal(a.quotes[0].verb, 'told');
});

test('according to X attributes to X', () => {
  const a = analyzeArticle('a.txt', 'The river "will crest tonight," according to hydrologist Femi Adeyemi.');
  assert.equal(a.quotes[0].speaker, 'Femi Adeyemi');
});

test('a quote split by its attribution is one quote with two parts', () => {
  const text = 'Minister Karl Dunmore spoke.\n"The roads," he added, "must be rebuilt."';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes.length, 1);
  const q = a.quotes[0];
  assert.equal(q.parts.length, 2);
  assert.equal(q.text, 'The roads must be rebuilt.');
  assert.equal(q.speaker, 'Karl Dunmore');
});

test('a pronoun speaker resolves to the nearest compatible person before it', () => {
  const a = analyzeArticle('a.txt', 'Senator Grace Holloway visited the plant.\n“It is a model for the state,” she said.');
  assert.equal(a.quotes[0].speaker, 'Grace Holloway');
  const holloway = a.people.find((p) => p.name === 'Grace Holloway')!;
  assert.ok(holloway.mentions.some((m) => m.kind === 'pronoun' && m.text === 'she'));
});

test('a partial quote takes the subject of its clause as speaker', () => {
  const a = analyzeArticle('a.txt', 'Rafael Costa said he hoped the “new agreement will hold for years.”');
  assert.equal(a.quotes[0].speaker, 'Rafael Costa');
});

test('a later quote in the same paragraph keeps the previous speaker', () => {
  const a = analyzeArticle('a.txt', '“We are ready,” Nadia Petrov said. “The team has trained all year.”');
  assert.equal(a.quotes.length, 2);
  assert.equal(a.quotes[1].speaker, 'Nadia Petrov');
});

test('one to three words without attribution are a scare quote', () => {
  const a = analyzeArticle('a.txt', 'Both sides spoke of “progress” after the meeting.');
  assert.equal(a.quotes[0].scare, true);
  assert.equal(a.quotes[0].speaker, null);
});

test('a non-person source gives no speaker but keeps the verb', () => {
  const a = analyzeArticle('a.txt', 'Ana Ruiz left early.\n“The talks are over,” officials said.');
  assert.equal(a.quotes[0].speaker, null);
  assert.equal(a.quotes[0].verb, 'said');
});

test('an unclosed opening mark stops at the paragraph end', () => {
  const text = 'Omar Haddad said: “We will not move\nThe city council met later. It voted 6 to 1.';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes.length, 1);
  assert.equal(a.quotes[0].text, 'We will not move');
});

test('a quote continues into a paragraph that opens with a quote mark', () => {
  const text = '“The first point is cost.\n“The second point is time,” said analyst Mira Chen.';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes.length, 1);
  assert.equal(a.quotes[0].parts.length, 2);
  assert.equal(a.quotes[0].speaker, 'Mira Chen');
});

test('apostrophes are not single quote marks; clear single quotes are', () => {
  const a = analyzeArticle('a.txt', "The players' union didn't agree. Fans chanted 'bring back the coach' all night.");
  assert.equal(a.quotes.length, 1);
  assert.equal(a.quotes[0].text, 'bring back the coach');
});

test('brackets and ellipses stay in the quote text', () => {
  const a = analyzeArticle('a.txt', '“There are a few [issues] left… we will fix them,” said Ivo Maric.');
  assert.equal(a.quotes[0].text, 'There are a few [issues] left… we will fix them,');
});

test('a party and state in parentheses between the name and the verb', () => {
  const a = analyzeArticle('a.txt', '“The vote was rushed,” Rep. Tomas Varga (D-Ore.) said on Tuesday.');
  assert.equal(a.quotes[0].speaker, 'Tomas Varga');
});

test('an abbreviation after the name does not stop the attribution', () => {
  const a = analyzeArticle('a.txt', '“The bill will pass this week,” Sen. Ruth Okafor, R-Kan., said Monday.');
  assert.equal(a.quotes[0].speaker, 'Ruth Okafor');
});

test('lower-case role words before the name: "county fire Chief X said"', () => {
  const a = analyzeArticle('a.txt', '“The fire is contained,” county fire Chief Dara Mbeki said.');
  assert.equal(a.quotes[0].speaker, 'Dara Mbeki');
});

test('an employer named before the role is not the speaker: "Roe campaign spokesman X said"', () => {
  const text = 'Governor Helen Roe spoke in Dayton.\n\n“The governor will debate,” Roe campaign spokesman Piotr Nowak said.';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes[0].speaker, 'Piotr Nowak');
});

test('the person named right before the verb speaks, not the first person of the clause', () => {
  const text = 'Asked about Marta Lindqvist’s remarks, Omar Haddad said, “I will not comment on rumors today.”';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes[0].speaker, 'Omar Haddad');
});

test('a short quote after a person’s clause ending in a colon is speech, said by the main clause subject', () => {
  const text = 'With voters tired of Carl Brenner, Anita Szabo has a new slogan: “Vote for change.”';
  const q = analyzeArticle('a.txt', text).quotes[0];
  assert.equal(q.scare, false);
  assert.equal(q.speaker, 'Anita Szabo');
});

test('a quote opening a sentence after "X said." in the same paragraph is X’s', () => {
  const text = 'Prices will rise again next spring, Lucia Ferrante said. “We cannot stop the market from moving.”';
  assert.equal(analyzeArticle('a.txt', text).quotes[0].speaker, 'Lucia Ferrante');
});
