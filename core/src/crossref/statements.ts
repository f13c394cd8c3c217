/**
 * Opposite statements: "he endorsed Russia's territorial ambitions" in one outlet against "Trump did
 * not unilaterally endorse a land swap or territorial concession" in another. Each article's own
 * sentences (not its quotes) are read for stance verbs (endorse, reject, confirm, deny, sign, …) with
 * the person doing it, whether the statement is negated, and what it is about. Across articles of a
 * story, two statements conflict when they have the same person, the same verb family with opposite
 * polarity, and a distinctive word in common in what they are about. Precision over recall: modal,
 * conditional, passive, hedged ("appeared to"), inferred ("his comments suggested he…"), "not yet" and
 * question statements are skipped, and the person must be the verb's subject, not a word near it
 * ("Trump's advisers backed…", "a lawyer for Reyes denied…").
 */

import type { Article, Span } from '../model';
import { contentStems, words } from './text';

export interface Statement extends Span {
  /** Person.key of the person who does (or does not do) the act. */
  subjectKey: string;
  /** Offset where the verb phrase starts ("did not …", "endorsed …"). */
  verbStart: number;
  /** Verb family, e.g. "support" for endorse/back/reject/oppose. */
  family: string;
  /** +1: the act happened (or its opposite did not); -1 the other way. */
  polarity: 1 | -1;
  /** The verb phrase and what it is about, as written: "did not unilaterally endorse a land swap". */
  predicate: string;
  /** Content stems of what the statement is about (the object), the subject's names removed. */
  about: string[];
  sentence: number;
}

interface VerbSense {
  family: string;
  sign: 1 | -1;
}

/** Base verb → family and sign; only verbs whose negation is a clear, checkable opposite. */
const VERBS: Record<string, VerbSense & { forms?: string[] }> = {
  endorse: { family: 'support', sign: 1 },
  support: { family: 'support', sign: 1 },
  back: { family: 'support', sign: 1 },
  approve: { family: 'support', sign: 1 },
  accept: { family: 'support', sign: 1 },
  embrace: { family: 'support', sign: 1 },
  recognize: { family: 'support', sign: 1 },
  recognise: { family: 'support', sign: 1 },
  reject: { family: 'support', sign: -1 },
  oppose: { family: 'support', sign: -1 },
  veto: { family: 'support', sign: -1, forms: ['vetoed', 'vetoes', 'vetoing'] },
  rebuff: { family: 'support', sign: -1 },
  confirm: { family: 'confirm', sign: 1 },
  deny: { family: 'confirm', sign: -1, forms: ['denied', 'denies', 'denying'] },
  admit: { family: 'admit', sign: 1, forms: ['admitted', 'admits', 'admitting'] },
  praise: { family: 'praise', sign: 1 },
  condemn: { family: 'praise', sign: -1 },
  criticize: { family: 'praise', sign: -1 },
  criticise: { family: 'praise', sign: -1 },
  sign: { family: 'sign', sign: 1 },
  attend: { family: 'attend', sign: 1 },
  boycott: { family: 'attend', sign: -1 },
  discuss: { family: 'discuss', sign: 1 },
  mention: { family: 'mention', sign: 1 },
  agree: { family: 'agree', sign: 1, forms: ['agreed', 'agrees', 'agreeing'] },
  win: { family: 'win', sign: 1, forms: ['won', 'wins', 'winning'] },
  lose: { family: 'win', sign: -1, forms: ['lost', 'loses', 'losing'] },
};

type Form = 'base' | 'past' | 'third' | 'ing';

/** Inflected form → base verb and which form it is. */
const FORMS = new Map<string, { base: string; form: Form }>();
for (const [base, sense] of Object.entries(VERBS)) {
  FORMS.set(base, { base, form: 'base' });
  const stem = base.endsWith('e') ? base.slice(0, -1) : base;
  const forms = sense.forms ?? [stem + 'ed', /(?:s|sh|ch|x)$/.test(base) ? base + 'es' : base + 's', stem + 'ing'];
  const kinds: Form[] = ['past', 'third', 'ing'];
  forms.forEach((f, i) => FORMS.set(f, { base, form: kinds[i] }));
}
// "won"/"lost" are past forms; the lists above put them first, as for regular verbs.

/**
 * A sentence with a token in FORMS holds that form as a substring in some mix of cases, so one with
 * none of them is skipped before being tokenised. Each form is cut before any "k" ("back" → "bac"):
 * the Kelvin sign lower-cases to "k" but only an ASCII k matches /k/i, and the cut makes the check
 * hold for it too without the slower `u` flag (no other character lower-cases to an ASCII letter).
 */
/** Tests turn the ANY_FORM check off to compare with every sentence tokenised. */
export const statementChecks = { anyForm: true };

export const ANY_FORM = new RegExp([...new Set([...FORMS.keys()].map((f) => f.split('k')[0]))].join('|'), 'i');

const ADVERBS = new Set([
  'explicitly', 'publicly', 'formally', 'unilaterally', 'fully', 'ever', 'also', 'even', 'actually', 'directly',
  'openly', 'immediately', 'officially', 'personally', 'specifically', 'completely', 'entirely', 'clearly',
  'firmly', 'strongly', 'initially', 'then', 'later', 'subsequently', 'reportedly', 'swiftly', 'quickly',
  'already', 'long', 'since',
]);
const HEDGES = new Set(['reportedly', 'apparently', 'allegedly', 'seemingly', 'effectively', 'tacitly', 'implicitly', 'partly', 'partially', 'largely']);
const FACT_AUX = new Set(['did', 'does', 'do', 'has', 'have', 'had']);
const MODALS = new Set(['would', 'will', 'could', 'can', 'may', 'might', 'should', 'must', 'shall', 'to']);
const PASSIVE = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'be', 'get', 'got']);
const REFUSALS = new Set(['refused', 'refuses', 'declined', 'declines', 'failed', 'fails']);
const CONDITIONS = new Set(['if', 'whether', 'unless', 'should']);
/** "before Kim agrees", "until she signs": what has not happened yet (present tense after these). */
const NOT_YET = new Set(['before', 'until', 'once', 'unless']);
/** "his comments suggested he backed…": the outlet reads a stance into something, it does not report it. */
const INFERRED = new Set([
  'suggested', 'suggests', 'suggesting', 'appeared', 'appears', 'seemed', 'seems', 'signaled', 'signals', 'signalled',
  'indicated', 'indicates', 'implied', 'implies', 'hinted', 'hints',
]);
/** A person right after one of these is inside a phrase ("investigators for Mueller"), not the subject. */
const PREPOSITIONS = new Set([
  'for', 'of', 'with', 'to', 'by', 'from', 'at', 'in', 'on', 'about', 'against', 'between', 'among', 'like', 'than',
  'under', 'toward', 'towards', 'behind', 'near', 'without',
]);
/**
 * Words after which "that" opens what someone said or found, or a fact taken as given ("said that
 * Trump endorsed…", "relieved that Trump did not endorse…", "the fact that…"). After other words,
 * mostly nouns, it opens a clause about the noun ("information that Comey hasn't discussed", "claims
 * that he backed…"), which is not the outlet's own statement.
 */
const REPORTING = new Set([
  'said', 'says', 'say', 'noted', 'note', 'notes', 'added', 'reported', 'reports', 'wrote', 'writes', 'announced',
  'stated', 'told', 'explained', 'found', 'learned', 'showed', 'shows', 'confirmed', 'acknowledged', 'recalled',
  'testified', 'revealed', 'disclosed', 'recounted', 'him', 'her', 'them', 'reporters',
  'relieved', 'pleased', 'glad', 'happy', 'surprised', 'disappointed', 'angry', 'upset', 'aware', 'clear', 'evident',
  'notable', 'striking', 'true', 'fact', 'concerned', 'worried', 'welcomed', 'regretted',
]);
/** Lower-case role words written before a name ("club president Elena Marsh"). */
const TITLES = new Set([
  'president', 'governor', 'senator', 'mayor', 'minister', 'secretary', 'chairman', 'chairwoman', 'chair', 'director',
  'chief', 'leader', 'coach', 'spokesman', 'spokeswoman', 'ambassador', 'judge', 'general', 'commissioner', 'representative',
]);
/** Words of time and place in what a statement is about; sharing only these is no shared topic. */
const CIRCUMSTANTIAL = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'today', 'yesterday',
  'tomorrow', 'week', 'weekend', 'month', 'year', 'morning', 'afternoon', 'evening', 'night', 'earlier', 'later',
]);
const SET_OFF = new Set([',', '(', ')', '\u2014', '\u2013']);
const CLAUSE_END = new Set([
  'but', 'while', 'although', 'though', 'because', 'suggesting', 'saying', 'as', 'after', 'before', 'when', 'which',
  'who', 'whereas', 'since', 'despite', 'amid', 'instead', 'until', 'so',
]);
const GENERIC = new Set(['thing', 'issue', 'matter', 'idea', 'move', 'step', 'point', 'part', 'way', 'statement', 'report', 'kind', 'sort', 'lot']);
const PRONOUNS = new Set(['he', 'she']);

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function tokenize(text: string, offset: number): Token[] {
  const out: Token[] = [];
  const re = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[,;:.!?()\u2014\u2013"“”]/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const lower = m[0].toLowerCase().replace(/’/g, "'");
    // "didn't" → "did" + "not"
    const nt = /^(\p{L}+)n't$/u.exec(lower);
    if (nt) {
      const aux = nt[1] === 'ca' ? 'can' : nt[1] === 'wo' ? 'will' : nt[1];
      out.push({ text: m[0].slice(0, nt[1].length), lower: aux, start: offset + m.index, end: offset + m.index + nt[1].length });
      out.push({ text: "n't", lower: 'not', start: offset + m.index + nt[1].length, end: offset + m.index + m[0].length });
      continue;
    }
    out.push({ text: m[0], lower, start: offset + m.index, end: offset + m.index + m[0].length });
  }
  return out;
}

/** The tokens of `text` that are stance verb forms (lower-cased), as articleStatements reads them. */
export function stanceVerbForms(text: string): string[] {
  return tokenize(text, 0).map((t) => t.lower).filter((t) => FORMS.has(t));
}

interface VerbPhrase {
  start: number;
  negated: boolean;
}

/**
 * Reads what stands before a stance verb at `v`: negation ("did not", "never", "refused to",
 * "stopped short of"), a plain fact ("endorsed", "has endorsed"), or something not a statement of
 * fact (modal, infinitive, passive, hedge, "not yet") → null.
 */
function verbPhrase(tokens: Token[], v: number, form: Form): VerbPhrase | null {
  let i = v - 1;
  while (i >= 0 && (ADVERBS.has(tokens[i].lower) || tokens[i].lower.endsWith('ly'))) {
    if (HEDGES.has(tokens[i].lower)) return null;
    i--;
  }
  const before = tokens[i]?.lower;
  const start = (k: number): number => tokens[Math.max(0, k)].start;
  if (form === 'ing') {
    // "stopped short of endorsing"
    if (before === 'of' && tokens[i - 1]?.lower === 'short') return { start: start(i - 2), negated: true };
    return null;
  }
  if (before === 'not' || before === 'never') {
    if (tokens[i + 1]?.lower === 'yet' || tokens[i - 1]?.lower === 'yet') return null;
    if (before === 'never' && (form === 'past' || form === 'third')) return { start: start(i), negated: true };
    const aux = tokens[i - 1]?.lower;
    if (aux !== undefined && FACT_AUX.has(aux) && (form === 'base' || (aux.startsWith('ha') && form === 'past'))) {
      return { start: start(i - 1), negated: true };
    }
    if (before === 'never' && aux !== undefined && FACT_AUX.has(aux) && form === 'past') return { start: start(i - 1), negated: true };
    return null;
  }
  if (before === 'to') {
    const verb = tokens[i - 1]?.lower;
    if (form === 'base' && verb !== undefined && REFUSALS.has(verb)) return { start: start(i - 1), negated: true };
    return null;
  }
  if (before !== undefined && (MODALS.has(before) || PASSIVE.has(before) || CONDITIONS.has(before))) return null;
  if (before !== undefined && FACT_AUX.has(before)) {
    if (before.startsWith('ha') && form === 'past') return { start: start(i), negated: false };
    if (form === 'base' && (before === 'did' || before === 'does' || before === 'do')) return { start: start(i), negated: false };
    return null;
  }
  if (form === 'past' || form === 'third') return { start: tokens[v].start, negated: false };
  return null;
}

/**
 * Is the person mention at [start, end) the subject of the verb phrase starting at `verbStart`? Only
 * when the words between them are nothing, an aside set off by commas or dashes (", the former
 * director,"), "who", or adverbs ("himself", "also", "repeatedly"); any other words mean another noun
 * is the subject ("the two Koreas agreed", "Trump's advisers supported", "the White House confirmed").
 * A person right after a preposition ("investigators for Mueller agreed") is not the subject either.
 */
function subjectOfVerb(tokens: Token[], mention: { start: number; end: number }, verbStart: number): boolean {
  const preceding = tokens.filter((t) => t.end <= mention.start);
  // Titles the mention leaves out ("for Governor Daniel Reyes", "with U.S. Sen. Ann Poe") are skipped.
  let p = preceding.length - 1;
  while (p >= 0 && preceding.length - p <= 4 && (/^\p{Lu}/u.test(preceding[p].text) || preceding[p].lower === '.' || TITLES.has(preceding[p].lower))) p--;
  const before = preceding[p];
  if (before && PREPOSITIONS.has(before.lower)) return false;
  // "information that Comey hasn't discussed": a clause about a noun, not the outlet's statement; after
  // a reporting verb ("noted that Trump confirmed") it is one.
  if (before && (before.lower === 'that' || before.lower === 'which')) {
    const verb = preceding[p - 1]?.lower;
    if (verb === undefined || !REPORTING.has(verb)) return false;
  }
  const gap = tokens.filter((t) => t.start >= mention.end && t.end <= verbStart);
  let k = 0;
  if (gap[0]?.lower === ',' && gap[1]?.lower === 'who') k = 1; // "Netanyahu, who opposed…"
  else if (gap.length > 0 && SET_OFF.has(gap[0].lower) && gap[0].lower !== ')') {
    const close = gap[0].lower === '(' ? ')' : null;
    let j = 1;
    while (j < gap.length && !(close ? gap[j].lower === close : SET_OFF.has(gap[j].lower) && gap[j].lower !== '(')) j++;
    if (j >= gap.length || j > 12) return false;
    k = j + 1;
  }
  if (gap[k]?.lower === 'who') k++;
  for (; k < gap.length; k++) {
    const w = gap[k].lower;
    if (!(ADVERBS.has(w) || w.endsWith('ly') || w === 'himself' || w === 'herself')) return false;
  }
  return true;
}

/** The stance statements an article makes in its own words. */
export function articleStatements(article: Article): Statement[] {
  const quoted = article.quotes.filter((q) => !q.scare).flatMap((q) => q.parts);
  const inQuote = (offset: number): boolean => quoted.some((p) => p.start <= offset && offset < p.end);
  type Mention = { start: number; end: number; key: string; names: Set<string>; pronoun: boolean };
  const mentions: Mention[] = [];
  const namesOf = new Map<string, Set<string>>();
  for (const person of article.people) {
    const names = new Set([person.name, ...person.aliases].flatMap((n) => words(n)));
    namesOf.set(person.key, names);
    for (const m of person.mentions) mentions.push({ start: m.start, end: m.end, key: person.key, names, pronoun: m.kind === 'pronoun' });
  }
  mentions.sort((a, b) => a.start - b.start);
  const firstPersonIn = (from: number, to: number): Mention | undefined =>
    mentions.find((m) => m.start >= from && m.end <= to && !m.pronoun);

  const out: Statement[] = [];
  article.sentences.forEach((sentence, index) => {
    const text = article.text.slice(sentence.start, sentence.end);
    if (/\?\s*["”’]?\s*$/.test(text) || (statementChecks.anyForm && !ANY_FORM.test(text))) return;
    const tokens = tokenize(text, sentence.start);
    for (let v = 0; v < tokens.length; v++) {
      const found = FORMS.get(tokens[v].lower);
      if (!found || inQuote(tokens[v].start)) continue;
      const phrase = verbPhrase(tokens, v, found.form);
      if (!phrase) continue;
      // The clause: back to the last ";" or opening of a condition.
      let clauseStart = sentence.start;
      for (const t of tokens) {
        if (t.start >= phrase.start) break;
        if (t.lower === ';' || t.lower === ':' || CONDITIONS.has(t.lower)) clauseStart = t.end;
      }
      // A condition anywhere in the clause ("if", "whether": the clause starts right after it), or a
      // present-tense act after "before"/"until" ("before Kim agrees"), is not a statement of fact.
      const clauseTokens = tokens.filter((t) => t.start < phrase.start && t.end <= phrase.start);
      let lastBreak = -1;
      clauseTokens.forEach((t, k) => {
        if (t.lower === ';' || t.lower === ':') lastBreak = k;
      });
      const inClause = clauseTokens.slice(lastBreak + 1);
      if (inClause.some((t) => CONDITIONS.has(t.lower))) continue;
      if ((found.form === 'base' || found.form === 'third') && inClause.some((t) => NOT_YET.has(t.lower))) continue;
      // Subject: the nearest person mention before the verb phrase in the clause; an unresolved "he"/"she"
      // is the first person named in this sentence, else in the previous one.
      let subject: Mention | undefined;
      for (const m of mentions) {
        if (m.end > phrase.start) break;
        if (m.start >= clauseStart) subject = m;
      }
      const pronoun = [...tokens].reverse().find((t) => t.start >= clauseStart && t.end <= phrase.start && PRONOUNS.has(t.lower));
      if (pronoun && (!subject || subject.end <= pronoun.start) && !mentions.some((m) => m.start === pronoun.start)) {
        const previous = article.sentences[index - 1];
        const antecedent = firstPersonIn(sentence.start, pronoun.start) ?? (previous ? firstPersonIn(previous.start, previous.end) : undefined);
        subject = antecedent ? { ...antecedent, start: pronoun.start, end: pronoun.end } : undefined;
      }
      if (!subject) continue;
      if (!subjectOfVerb(tokens, subject, phrase.start)) continue;
      if (inClause.some((t) => t.end <= subject!.start && INFERRED.has(t.lower))) continue;
      // What it is about: the words after the verb up to the end of the clause.
      const about: Token[] = [];
      for (let k = v + 1; k < tokens.length && about.length < 12; k++) {
        const t = tokens[k];
        if (/^[,;:.!?()\u2014\u2013"“”]$/.test(t.lower) || CLAUSE_END.has(t.lower)) break;
        if (inQuote(t.start) && about.length === 0) break;
        about.push(t);
      }
      const names = namesOf.get(subject.key) ?? new Set<string>();
      const aboutStems = contentStems(about.filter((t) => !CIRCUMSTANTIAL.has(t.lower)).map((t) => t.text).join(' '))
        .filter((s) => !names.has(s) && !GENERIC.has(s) && s.length >= 4);
      if (aboutStems.length === 0) continue;
      const sense = VERBS[found.base];
      const end = about.length > 0 ? about[about.length - 1].end : tokens[v].end;
      out.push({
        start: subject.start,
        end,
        subjectKey: subject.key,
        verbStart: phrase.start,
        family: sense.family,
        polarity: (phrase.negated ? -sense.sign : sense.sign) as 1 | -1,
        predicate: article.text.slice(phrase.start, end),
        about: [...new Set(aboutStems)],
        sentence: index,
      });
    }
  });
  return out;
}

/** Distinctive words two statements are both about. */
export function sharedTopic(a: Statement, b: Statement): string[] {
  const other = new Set(b.about);
  return a.about.filter((s) => other.has(s));
}

export interface StatementRef {
  file: string;
  statement: Statement;
}

export interface OppositePair {
  /** Person entity id both statements are about. */
  entity: string;
  family: string;
  /** Statements saying the act happened, and those saying it did not (or its opposite happened). */
  affirmed: StatementRef[];
  denied: StatementRef[];
  shared: string[];
}

/**
 * Opposite statements among one story's articles. Statements are blocked by (person, verb family);
 * an article that says both things about the topic is speaking of two different acts and is left out.
 */
export function findOpposites(
  files: string[],
  statementsOf: (file: string) => Statement[],
  entityOf: (file: string, personKey: string) => string | undefined,
): OppositePair[] {
  const blocks = new Map<string, StatementRef[]>();
  for (const file of files) {
    for (const statement of statementsOf(file)) {
      const entity = entityOf(file, statement.subjectKey);
      if (!entity) continue;
      const key = `${entity}\u0000${statement.family}`;
      const list = blocks.get(key);
      if (list) list.push({ file, statement });
      else blocks.set(key, [{ file, statement }]);
    }
  }
  const out: OppositePair[] = [];
  for (const [key, refs] of blocks) {
    const [entity, family] = key.split('\u0000');
    const positive = refs.filter((r) => r.statement.polarity === 1);
    const negative = refs.filter((r) => r.statement.polarity === -1);
    if (positive.length === 0 || negative.length === 0) continue;
    // Pairs of different articles sharing a distinctive word; merged per (positive side, negative side) topic.
    const pairs: { a: StatementRef; b: StatementRef; shared: string[] }[] = [];
    for (const a of positive) {
      for (const b of negative) {
        if (a.file === b.file) continue;
        const shared = sharedTopic(a.statement, b.statement);
        if (shared.length === 0) continue;
        const selfContradicts = (ref: StatementRef, others: StatementRef[]): boolean =>
          others.some((o) => o.file === ref.file && sharedTopic(ref.statement, o.statement).length > 0);
        if (selfContradicts(a, negative) || selfContradicts(b, positive)) continue;
        pairs.push({ a, b, shared });
      }
    }
    if (pairs.length === 0) continue;
    const affirmed = [...new Set(pairs.map((p) => p.a))];
    const denied = [...new Set(pairs.map((p) => p.b))];
    const shared = [...new Set(pairs.flatMap((p) => p.shared))].sort();
    out.push({ entity, family, affirmed, denied, shared });
  }
  return out.sort((x, y) => (x.entity + x.family < y.entity + y.family ? -1 : 1));
}
