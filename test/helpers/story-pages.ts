// A news site about the story, made on demand: article i is always the same page (a seeded
// generator per index), so the soak's 10,000 pages need no memory and its naive baseline reads
// exactly the pages the pipeline reads; the fault tests serve a few of them (story-site.ts).
// Every article is about the story and carries one new quote by its own (invented) speaker,
// inside ~60 KB of navigation boilerplate so that extraction does real work; the texts are random
// enough that no two are near-duplicates.
import { prng } from './prng.js';

const FIRST = ['Rosa', 'Daniel', 'Amara', 'Victor', 'Helen', 'Marcus', 'Lena', 'Omar', 'Grace'];
const LAST = ['Quintero', 'Okafor', 'Lindqvist', 'Marchetti', 'Abernathy', 'Kowalczyk', 'Haddad'];
const TOPICS = [
  'patrol staffing',
  'radio dispatch',
  'the Brighton Park block',
  'federal agents',
  'the Welcoming City rules',
  'overtime budgets',
  'community meetings',
  'traffic control',
];
// Filler words follow Zipf's law over a large vocabulary, as words in real text do: a few are
// in most sentences, most are rare, and the vocabulary keeps growing with the corpus (Heaps' law).
// A small flat vocabulary, as this generator once had (56 words), makes every word common: each
// sits in a fifth of all sentences, and any index keyed on words degrades to a scan of the
// corpus, which no real story's text does. The words are pronounceable nonsense from syllables.
const VOCABULARY = 50_000;
const ZIPF_EXPONENT = 1.07;
const SYLLABLES = (
  'ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko la le li lo lu ma me mi mo ' +
  'na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi wa we zo'
).split(' ');

/** The word of rank r (0 = most frequent): r written in base |SYLLABLES|, two syllables at least. */
function wordOfRank(r: number): string {
  let word = '';
  let n = r + SYLLABLES.length;
  while (n > 0) {
    word = SYLLABLES[n % SYLLABLES.length]! + word;
    n = Math.floor(n / SYLLABLES.length);
  }
  return word;
}

// Cumulative Zipf weights, built on first use (the fault tests need only a handful of pages).
let zipfCdf: Float64Array | null = null;

function zipfRank(u: number): number {
  if (!zipfCdf) {
    zipfCdf = new Float64Array(VOCABULARY);
    let sum = 0;
    for (let r = 0; r < VOCABULARY; r++) zipfCdf[r] = sum += 1 / (r + 1) ** ZIPF_EXPONENT;
    for (let r = 0; r < VOCABULARY; r++) zipfCdf[r]! /= sum;
  }
  let lo = 0;
  let hi = VOCABULARY - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (zipfCdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Entries per feed: feeds are pages of the site's article list. */
export const PER_FEED = 500;

export function speakerOf(i: number): string {
  const base = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
  return i >= FIRST.length * LAST.length ? `${base} ${i}` : base;
}

export function articlePath(i: number): string {
  return `/news/story-${i}`;
}

/** Article i's HTML page. */
export function articlePage(i: number): string {
  const next = prng(0x5eed0000 + i);
  const filler = (n: number) =>
    Array.from({ length: n }, () => wordOfRank(zipfRank(next() / 2 ** 32)))
      .join(' ')
      .replace(/^./, (c) => c.toUpperCase()) + '.';
  const speaker = speakerOf(i);
  const topic = TOPICS[i % TOPICS.length]!;
  const quote =
    `On ${topic}, ward ${i + 1} deserves a straight answer from the department about ` +
    filler(6).toLowerCase().replace(/\.$/, '');
  const nav = Array.from({ length: 600 }, (_, k) => `<li><a href="/s/${k}">${filler(3)}</a></li>`);
  const body = [
    `Chicago aldermen questioned Chicago Police Department commanders about ${topic} in ward ` +
      `${i + 1} as ICE and Border Patrol agents returned to the city. ${filler(10)}`,
    `“${quote},” Ald. ${speaker} said.`,
    ...Array.from({ length: 6 }, () => `${filler(14)} ${filler(12)}`),
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<!-- Synthetic bench page: people and quotes are invented for newsmon's benchmarks. -->
<title>Alderman ${speaker} presses CPD on ${topic}</title>
<meta property="og:site_name" content="Story Bench Daily"></head><body>
<nav><ul>${nav.join('')}</ul></nav><article><h1>Alderman ${speaker} presses CPD on ${topic}</h1>
${body.map((p) => `<p>${p}</p>`).join('\n')}
</article><aside><ul>${nav.slice(0, 30).join('')}</ul></aside><footer>© Story Bench Daily</footer></body></html>`;
}

/** Feed k of a site of `count` articles: entries k·PER_FEED up to the next page. */
export function feedBody(k: number, count: number, origin: string): string {
  return feedOf(k * PER_FEED, Math.min(count, (k + 1) * PER_FEED), origin, `page ${k}`);
}

/** An RSS feed listing articles `from` up to `to`. */
export function feedOf(from: number, to: number, origin: string, label: string): string {
  const items: string[] = [];
  for (let i = from; i < to; i++) {
    const speaker = speakerOf(i);
    items.push(`<item><title>Alderman ${speaker} presses CPD</title>
<link>${origin}${articlePath(i)}</link><guid isPermaLink="false">story-${i}</guid>
<pubDate>${new Date(Date.UTC(2025, 9, 8, 12, 0, i)).toUTCString()}</pubDate>
<description>Chicago police and ICE: ${speaker}</description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Story Bench Daily ${label}</title><link>${origin}/</link><description>${label}</description>${items.join('\n')}</channel></rss>`;
}

export function feedCount(count: number): number {
  return Math.ceil(count / PER_FEED);
}
