// `npm run eval -- web-quotes [LABELS.jsonl] [--misses]`: quotes and their speakers on real web
// pages, the coverage dev set's 40 pages, as `newsmon check` finds them. PolNeAR (the `quotes`
// eval) is wire-service prose; web pages add headlines, embedded posts, radio transcripts and
// reader comments, and their speakers are named further away. The labels (one JSON line per
// quote: page, quote, speaker, accept, kind) were made for newsmon by reading each page; they
// quote the publishers' text, so they live beside the dev set (default ../labels/), never in the
// repository. Scored per part of the dev set (seed-context.ts devPart): rules are built on the
// tuning part and only checked on the part kept aside.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.js';
import type { AssessedStatement } from '../src/domain/types.js';
import {
  containment,
  devPart,
  loadCoverageLabels,
  loadSeedContext,
  readPage,
  ratio,
} from './seed-context.js';

interface QuoteLabel {
  page: string;
  quote: string;
  speaker: string;
  accept?: string[];
  kind: 'person' | 'organisation' | 'description' | 'unknown';
  note?: string;
}

/** A labelled quote is found by a statement holding most of its words. */
const FOUND_SHARE = 0.6;
const GOAL_FOUND = 0.9;
const GOAL_SPEAKER = 0.85;

interface Tally {
  quotes: number;
  found: number;
  named: number;
  right: number;
}

export async function webQuotesEval(args: string[]): Promise<void> {
  const showMisses = args.includes('--misses');
  const file = path.resolve(
    args.find((a) => !a.startsWith('--')) ??
      path.join(projectRoot(), '..', 'labels', 'quotes-web.jsonl'),
  );
  if (!existsSync(file)) {
    throw new Error(`eval web-quotes: ${file} does not exist; pass the labelled quotes file`);
  }
  const labels = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as QuoteLabel);
  const { dir } = loadCoverageLabels('web-quotes', []);
  const seeds = await loadSeedContext();
  const byPage = new Map<string, QuoteLabel[]>();
  for (const l of labels) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
  const parts: Record<'tuning' | 'aside', Tally> = {
    tuning: { quotes: 0, found: 0, named: 0, right: 0 },
    aside: { quotes: 0, found: 0, named: 0, right: 0 },
  };
  console.log(`web quotes: ${labels.length} labelled quotes on ${byPage.size} pages (${file})\n`);
  for (const [page, quotes] of byPage) {
    const statements = seeds.analyze(page, readPage(dir, page)).claims;
    const part = parts[devPart(page)];
    for (const q of quotes) {
      part.quotes++;
      const item = holding(q.quote, statements);
      if (!item) {
        if (showMisses && devPart(page) === 'tuning')
          console.log(`  MISSED  ${page.slice(0, 24)}  ${q.quote.slice(0, 90)}`);
        continue;
      }
      part.found++;
      if (q.kind === 'unknown') continue;
      part.named++;
      if (speakerRight(item.speaker, q)) part.right++;
      else if (showMisses && devPart(page) === 'tuning') {
        console.log(
          `  SPEAKER ${page.slice(0, 24)}  ${JSON.stringify(item.speaker)} for ${JSON.stringify(q.speaker)}: ${q.quote.slice(0, 70)}`,
        );
      }
    }
  }
  const all: Tally = {
    quotes: parts.tuning.quotes + parts.aside.quotes,
    found: parts.tuning.found + parts.aside.found,
    named: parts.tuning.named + parts.aside.named,
    right: parts.tuning.right + parts.aside.right,
  };
  for (const [name, t] of [...Object.entries(parts), ['all', all] as const]) {
    console.log(
      `${name.padEnd(7)} found ${ratio(t.found, t.quotes)} (goal ≥ ${GOAL_FOUND})   ` +
        `speaker right ${ratio(t.right, t.named)} (goal ≥ ${GOAL_SPEAKER}; quotes found whose page names a speaker)`,
    );
  }
}

/** The statement (a quote, or the sentence item carrying it) that holds most of the quote's words. */
function holding(quote: string, statements: AssessedStatement[]): AssessedStatement | null {
  let best: AssessedStatement | null = null;
  let bestShare = 0;
  for (const s of statements) {
    const share = containment(quote, s.text);
    // A quote item prevails over a sentence item that merely holds the same words.
    if (
      share > bestShare ||
      (share === bestShare && best?.kind !== 'quote' && s.kind === 'quote')
    ) {
      best = s;
      bestShare = share;
    }
  }
  return bestShare >= FOUND_SHARE ? best : null;
}

/** The speaker given is the labelled one, one of its accepted forms, or a person's surname. */
function speakerRight(given: string | null, q: QuoteLabel): boolean {
  if (!given) return false;
  const g = norm(given);
  const forms = [q.speaker, ...(q.accept ?? [])].map(norm);
  if (forms.includes(g)) return true;
  const surname = q.speaker.split(' ').pop() ?? '';
  return q.kind === 'person' && g === norm(surname);
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
