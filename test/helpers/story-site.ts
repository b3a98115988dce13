// A loopback news site of N distinct articles about the story, each carrying one new quote by its
// own (invented) speaker: what a fault test counts to prove nothing was lost or duplicated.
import { send, startTestServer, type Route, type TestServer } from './http-server.js';
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
const WORDS =
  'council hearing ward residents neighbors precinct commander district sergeant block street corner church school library market station bridge avenue park report memo review statement letter question answer meeting vote plan policy'.split(
    ' ',
  );

export interface StoryArticle {
  slug: string;
  speaker: string;
  quote: string;
}

export interface StorySite extends TestServer {
  articles: StoryArticle[];
  feedUrl: string;
}

/** Articles are distinct texts (no two are copies of each other), each relevant to the story. */
export async function startStorySite(
  count: number,
  { seed = 7, first = 0 }: { seed?: number; first?: number } = {},
): Promise<StorySite> {
  const next = prng(seed);
  const rand = () => next() / 2 ** 32;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const filler = (n: number) =>
    Array.from({ length: n }, () => pick(WORDS))
      .join(' ')
      .replace(/^./, (c) => c.toUpperCase()) + '.';
  const routes: Record<string, Route> = {};
  const site = await startTestServer(routes);
  const articles: StoryArticle[] = [];
  for (let i = first; i < first + count; i++) {
    const speaker = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`;
    const topic = TOPICS[i % TOPICS.length]!;
    const quote = `On ${topic}, ward ${i + 1} deserves a straight answer from the department about ${filler(6).toLowerCase().replace(/\.$/, '')}`;
    const slug = `story-${i}`;
    articles.push({ slug, speaker, quote });
    // Boilerplate around the article, as real pages have, so extraction does real work.
    const nav = Array.from(
      { length: 600 },
      (_, k) => `<li><a href="/s/${k}">${filler(3)}</a></li>`,
    );
    const body = [
      `Chicago aldermen questioned Chicago Police Department commanders about ${topic} as ICE and Border Patrol agents returned to the city, and about how officers answer immigration agents who call for help.`,
      `“${quote},” Ald. ${speaker} said.`,
      ...Array.from({ length: 6 }, () => `${filler(14)} ${filler(12)}`),
    ];
    routes[`/news/${slug}`] = send(
      200,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8">
<!-- Synthetic test page: people and quotes are invented for newsmon's tests. -->
<title>Alderman ${speaker} presses CPD on ${topic}</title>
<meta property="og:site_name" content="Story Test Daily"></head><body>
<nav><ul>${nav.join('')}</ul></nav><article><h1>Alderman ${speaker} presses CPD on ${topic}</h1>
${body.map((p) => `<p>${p}</p>`).join('\n')}
</article><aside><ul>${nav.slice(0, 30).join('')}</ul></aside><footer>© Story Test Daily</footer></body></html>`,
    );
  }
  const items = articles
    .map(
      (a, k) => `<item><title>Alderman ${a.speaker} presses CPD</title>
<link>${site.origin}/news/${a.slug}</link><guid isPermaLink="false">${a.slug}</guid>
<pubDate>${new Date(Date.UTC(2025, 9, 8, 12, k)).toUTCString()}</pubDate>
<description>Chicago police and ICE: ${a.speaker}</description></item>`,
    )
    .join('\n');
  routes['/feed.xml'] = send(
    200,
    'application/rss+xml; charset=utf-8',
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Story Test Daily</title><link>${site.origin}/</link><description>t</description>${items}</channel></rss>`,
  );
  return { ...site, articles, feedUrl: `${site.origin}/feed.xml` };
}
