// A loopback news site of N distinct articles about the story (story-pages.ts), each carrying one
// new quote by its own (invented) speaker: what a fault test counts to prove nothing was lost or
// duplicated.
import { send, startTestServer, type Route, type TestServer } from './http-server.js';
import { articlePage, articlePath, feedOf, speakerOf } from './story-pages.js';

export interface StoryArticle {
  slug: string;
  speaker: string;
}

export interface StorySite extends TestServer {
  articles: StoryArticle[];
  feedUrl: string;
}

/**
 * Articles `first` up to `first + count`, and a feed at /feed.xml listing them. `pages` replaces
 * the HTML of some of them (a hostile page among good ones).
 */
export async function startStorySite(
  count: number,
  { first = 0, pages = {} }: { first?: number; pages?: Record<number, string> } = {},
): Promise<StorySite> {
  const routes: Record<string, Route> = {};
  const site = await startTestServer(routes);
  const articles: StoryArticle[] = [];
  for (let i = first; i < first + count; i++) {
    routes[articlePath(i)] = send(200, 'text/html; charset=utf-8', pages[i] ?? articlePage(i));
    articles.push({ slug: `story-${i}`, speaker: speakerOf(i) });
  }
  routes['/feed.xml'] = send(
    200,
    'application/rss+xml; charset=utf-8',
    feedOf(first, first + count, site.origin, 'test'),
  );
  return { ...site, articles, feedUrl: `${site.origin}/feed.xml` };
}
