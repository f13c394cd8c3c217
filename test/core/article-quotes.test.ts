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

// ---- Speaker rules added on 2026-11-30 (issue #3).

test('a title word after a first name is a surname, and "Mr." + that word links to the person', () => {
  const text = 'Organisers thanked Walter Dean, a retired carpenter, for the benches.\n'
    + '"I only wanted somewhere to sit," Mr. Dean said.\n'
    + 'The mayor spoke later. "It is a small gift that matters," Mr. Dean added.';
  const a = analyzeArticle('a.txt', text);
  const dean = a.people.find((p) => p.name === 'Walter Dean');
  assert.ok(dean, 'Walter Dean is a person');
  assert.ok(dean.mentions.some((m) => m.text === 'Mr. Dean'));
  assert.deepEqual(a.quotes.map((q) => q.speaker), ['Walter Dean', 'Walter Dean']);
});

test('a title word that goes before a name stays a title ("Marta Judge Roe" is not read)', () => {
  const a = analyzeArticle('a.txt', 'The ruling came from Judge Ilse Varga on Tuesday. "The law is plain," Judge Varga said.');
  assert.equal(a.quotes[0].speaker, 'Ilse Varga');
  assert.ok(!a.people.some((p) => p.name.includes('Judge')));
});

test('a first name alone that speaks is a person ("Rosalind said")', () => {
  const text = 'The shelter opened at dawn.\n“We never turn anyone away,” Rosalind said, pouring coffee.\n'
    + '“Not once,” she added.';
  const a = analyzeArticle('a.txt', text);
  assert.deepEqual(a.quotes.map((q) => q.speaker), ['Rosalind', 'Rosalind']);
});

test('a first name alone is not a new person when a full name starts with it', () => {
  const text = 'Rosalind Achterberg runs the shelter.\n“We never turn anyone away,” Rosalind said.';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes[0].speaker, 'Rosalind Achterberg');
  assert.equal(a.people.filter((p) => p.name.startsWith('Rosalind')).length, 1);
});

test('a name followed by ", who" is a person even when no word of it is known', () => {
  const text = 'Tavish Okonkwo-Brae, who leads the tenants’ union, said, "The rents have doubled since spring."';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes[0].speaker, 'Tavish Okonkwo-Brae');
});

test('a two-word name is a person when the article later has its last word speak', () => {
  const text = 'Oduya Thomas coaches the junior team.\n"We train in the rain," said Thomas, who is 41.';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes[0].speaker, 'Oduya Thomas');
});

test('a generational suffix between the name and the verb ("Jane Roe III, a writer, said")', () => {
  const text = '"The vote counts were never in doubt," Corwin T. Ashby III, a columnist for the weekly, said on Twitter.';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes[0].speaker, 'Corwin T. Ashby');
});

test('"As X put it," names the speaker, also across an appositive', () => {
  const one = analyzeArticle('a.txt', 'The rules are vague. As Priya Ramanathan recently put it, "Nobody knows where the line is."');
  assert.equal(one.quotes[0].speaker, 'Priya Ramanathan');
  assert.equal(one.quotes[0].verb, 'put it');
  const two = analyzeArticle('a.txt', 'Officials disagree about the rules. As Priya Ramanathan, a lawyer at the Harbour Trust, put it, "Nobody knows where the line is."');
  assert.equal(two.quotes[0].speaker, 'Priya Ramanathan');
});

test('"put it" without "as" before the name is no attribution', () => {
  const a = analyzeArticle('a.txt', 'Gunnar Lindqvist left early. The committee put it simply: "No more delays."');
  assert.equal(a.quotes[0].speaker, null);
});

test('one adverb between the speaker and the verb before a quote ("X later said, …")', () => {
  const text = 'After a call with Gideon Pryce, the treasurer Hollis Byrne later said, "We were lucky."';
  const a = analyzeArticle('a.txt', text);
  assert.equal(a.quotes[0].speaker, 'Hollis Byrne');
});

test('sung words are quoted words ("…," X sings)', () => {
  const a = analyzeArticle('a.txt', '“Carry me home across the water,” Delphine Arceneaux sings in the final verse.');
  assert.equal(a.quotes[0].speaker, 'Delphine Arceneaux');
  assert.equal(a.quotes[0].verb, 'sings');
});

test('a capitalised title after a preposition stays a label in a clause with a speech verb', () => {
  const a = analyzeArticle('a.txt', 'Noor Haddad said in a preview clip of ‘The Late Hour.’');
  assert.equal(a.quotes[0].scare, true);
  assert.equal(a.quotes[0].speaker, null);
});

test('a continuing quote does not keep its speaker across a new clause about someone else', () => {
  const text = 'Greta Sandoval watched the speech at home with Peter Olander.\n'
    + '“Is it over?” she asked, but as Olander went on about “the price of bread,” nobody answered.';
  const a = analyzeArticle('a.txt', text);
  const bread = a.quotes.find((q) => q.text.startsWith('the price'))!;
  assert.notEqual(bread.speaker, 'Greta Sandoval');
});

test('a continuing quote keeps its speaker when another name sits inside a phrase', () => {
  const text = 'Mira Koval spoke for an hour.\n"We will rebuild the pier," Koval said, pointing to plans drawn up under Anton Pell. "It will take two years."';
  const a = analyzeArticle('a.txt', text);
  assert.deepEqual(a.quotes.map((q) => q.speaker), ['Mira Koval', 'Mira Koval']);
});

test('curly marks nested in curly marks stay inside the outer quote, and its signature names the speaker', () => {
  const text = '“I would rather live in what he calls “chaos” than live under his rules.” ― Ilona Varga\nAnother reader wrote in.';
  const a = analyzeArticle('a.txt', text);
  const outer = a.quotes.find((q) => q.text.startsWith('I would rather'))!;
  assert.ok(outer.text.endsWith('rules.'));
  assert.equal(outer.speaker, 'Ilona Varga');
});

test('transcript turns: each labelled paragraph is a quote by the labelled speaker', () => {
  const text = 'Senator Odile Marchetti spoke to host Ravi Anand on Sunday. Partial transcript:\n\n'
    + '"ANAND: Will you vote for the bill? People call it “the tax grab.”\n\n'
    + '"MARCHETTI: I will not. It raises costs for every family.\n\n'
    + '"ANAND: Not even with the amendment?\n\n'
    + '"MARCHETTI: Not even then.';
  const a = analyzeArticle('a.txt', text);
  const turns = a.quotes.filter((q) => !q.scare);
  assert.deepEqual(turns.map((q) => q.speaker), ['Ravi Anand', 'Odile Marchetti', 'Ravi Anand', 'Odile Marchetti']);
  assert.ok(turns[0].text.startsWith('Will you vote'));
  assert.ok(!turns[0].text.includes('MARCHETTI'));
});

test('a transcript label the article names nowhere else is a speaker when it opens two turns', () => {
  const text = 'An excerpt from the interview:\n\n"BELLAMY: Where were you that night?\n\n"GUEST: At home.\n\n"BELLAMY: Alone?';
  const a = analyzeArticle('a.txt', text);
  assert.deepEqual(a.quotes.map((q) => q.speaker), ['Bellamy', null, 'Bellamy']);
  assert.ok(!a.people.some((p) => /guest/i.test(p.name)), 'a label used once and unknown as a name is no person');
});

test('a speech verb does not reach a quote across a new clause about another person', () => {
  const a = analyzeArticle('a.txt', 'Greta Sandoval said little, but as Peter Olander went on about “the price of bread,” the room emptied.');
  assert.equal(a.quotes[0].speaker, null);
  const same = analyzeArticle('a.txt', 'Greta Sandoval says she is tired, but she knows that “the work is not done.”');
  assert.equal(same.quotes[0].speaker, 'Greta Sandoval');
});

test('a name after a preposition before a dash is not the speaker of the quote after the dash', () => {
  const a = analyzeArticle('a.txt', 'Nadia Quist said the paper had grown friendly to Mayor Oren Brookfield -- "a different paper from the one I knew."');
  assert.equal(a.quotes[0].speaker, 'Nadia Quist');
  const plain = analyzeArticle('a.txt', 'The guest list included the candidate Nadia Quist -- "proud to be here," she said.');
  assert.equal(plain.quotes[0].speaker, 'Nadia Quist');
});
