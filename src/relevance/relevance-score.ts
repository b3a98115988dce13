import type { StoryConfig } from '../config.js';
import type { Relevance } from '../domain/types.js';

export interface RelevanceInput {
  title: string | null;
  text: string;
  publishedAt: string | null;
}

interface TermMatcher {
  term: string;
  group: string;
  re: RegExp;
  negative: { near: Set<string>; window: number } | null;
}

/** A compiled story: build once, score many articles. */
export interface StoryMatcher {
  story: StoryConfig;
  terms: TermMatcher[];
  totalWeight: number;
}

// Hits in a group saturate: the fifth mention of ICE says less than the first.
const SATURATION = 3;
// A headline mention weighs like this many body mentions; a mention in the lead paragraph, which
// says what the article is about, a little more than one further down.
const TITLE_WEIGHT = 2;
const LEAD_WEIGHT = 1.5;

export function compileStory(story: StoryConfig): StoryMatcher {
  const negatives = new Map(
    story.negative.map((n) => [
      n.term,
      { near: new Set(n.near.map((w) => w.toLowerCase())), window: n.window },
    ]),
  );
  const terms: TermMatcher[] = [];
  const add = (term: string, group: string): void => {
    terms.push({ term, group, re: termRegExp(term), negative: negatives.get(term) ?? null });
  };
  for (const [group, spec] of Object.entries(story.groups))
    spec.terms.forEach((t) => add(t, group));
  for (const e of story.entities) [e.name, ...e.aliases].forEach((t) => add(t, e.group));
  const totalWeight = Object.values(story.groups).reduce((sum, g) => sum + g.weight, 0);
  return { story, terms, totalWeight };
}

/** Acronyms (all capitals) match case-sensitively so that "ice" on a road is not ICE. */
function termRegExp(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const caseSensitive = /^[\p{Lu}\p{N}.&-]{2,}$/u.test(term);
  return new RegExp(
    `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`,
    caseSensitive ? 'gu' : 'giu',
  );
}

interface Hit {
  start: number;
  end: number;
  term: string;
  group: string;
}

/** Longest matches win, so "Chicago Police Department" is not also counted as "Chicago". */
function findHits(text: string, matcher: StoryMatcher): Hit[] {
  const all: Hit[] = [];
  for (const t of matcher.terms) {
    for (const m of text.matchAll(t.re)) {
      const hit = { start: m.index, end: m.index + m[0].length, term: t.term, group: t.group };
      if (t.negative && nearAny(text, hit, t.negative.near, t.negative.window)) continue;
      all.push(hit);
    }
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: Hit[] = [];
  for (const h of all) {
    if (!taken.some((t) => h.start < t.end && t.start < h.end)) taken.push(h);
  }
  return taken;
}

function nearAny(text: string, hit: Hit, near: Set<string>, window: number): boolean {
  const before = text
    .slice(Math.max(0, hit.start - 200), hit.start)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const after = text
    .slice(hit.end, hit.end + 200)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...before.slice(-window), ...after.slice(0, window)].some((w) =>
    near.has(w.toLowerCase()),
  );
}

/** True when any story term occurs in the text (outside its negative contexts). */
export function matchesAnyTerm(text: string, matcher: StoryMatcher): boolean {
  return findHits(text, matcher).length > 0;
}

/** Scores how much an article is about the story, and says why. */
export function scoreRelevance(input: RelevanceInput, matcher: StoryMatcher): Relevance {
  const { story } = matcher;
  const bodyHits = findHits(input.text, matcher);
  const titleHits = input.title ? findHits(input.title, matcher) : [];

  const perGroup = new Map<string, { hits: number; terms: Map<string, number> }>();
  const count = (h: Hit, weight: number): void => {
    const g = perGroup.get(h.group) ?? { hits: 0, terms: new Map<string, number>() };
    g.hits += weight;
    g.terms.set(h.term, (g.terms.get(h.term) ?? 0) + 1);
    perGroup.set(h.group, g);
  };
  const leadEnd = leadLength(input.text);
  bodyHits.forEach((h) => count(h, h.start < leadEnd ? LEAD_WEIGHT : 1));
  titleHits.forEach((h) => count(h, TITLE_WEIGHT));

  let weighted = 0;
  const why: string[] = [];
  for (const [group, spec] of Object.entries(story.groups)) {
    const g = perGroup.get(group);
    if (!g) continue;
    weighted += spec.weight * (1 - Math.exp(-g.hits / SATURATION));
    const terms = [...g.terms.entries()].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ×${n}`);
    why.push(`${group}: ${terms.join(', ')}`);
  }
  if (titleHits.length > 0)
    why.push(`title: ${[...new Set(titleHits.map((h) => h.term))].join(', ')}`);
  const leadHits = bodyHits.filter((h) => h.start < leadEnd).sort((a, b) => a.start - b.start);
  if (leadHits.length > 0)
    why.push(`lead: ${[...new Set(leadHits.map((h) => h.term))].join(', ')}`);

  // Normalised so that an article hitting every group a few times scores near 1.
  const score = round(Math.min(1, weighted / (matcher.totalWeight * 0.75)));
  const missing = story.require.filter((clause) => !clause.some((g) => perGroup.has(g)));
  missing.forEach((clause) => why.push(`missing required: ${clause.join(' or ')}`));

  const outside = outsideWindow(input.publishedAt, story.window);
  if (outside) why.push(outside);

  const relevant = missing.length === 0 && !outside && score >= story.threshold;
  return { relevant, score, why };
}

/** The first paragraph of at least a sentence's length (a one-line dateline is not the lead). */
function leadLength(text: string): number {
  let end = 0;
  for (const para of text.split('\n\n')) {
    end += para.length + 2;
    if (para.trim().split(/\s+/).length >= 12) return end;
  }
  return end;
}

function outsideWindow(publishedAt: string | null, window: StoryConfig['window']): string | null {
  if (!publishedAt) return null;
  const day = publishedAt.slice(0, 10);
  if (window.from && day < window.from)
    return `published ${day}, before the story window (${window.from})`;
  if (window.to && day > window.to)
    return `published ${day}, after the story window (${window.to})`;
  return null;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
