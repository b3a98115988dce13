// What the review page shows of an item beyond what the stored item holds: each article's
// outlet when its page names none (the outlet of the feed that delivered it, so a reviewer never
// reads a host name where the operator named the outlet), and the article a nearest known
// statement came from (its title, not its id). Read at request time, so items stored before
// this existed show the same.
import type { ArticleRef, ReviewEntry, StatementTimeline } from '../domain/article-record.js';
import type { ArticleStore, StoredArticleRef } from '../store/article.store.js';
import type { FeedStore } from '../store/feed.store.js';
import { outletOf } from './article-view.js';

export interface ReviewViewDeps {
  articles: ArticleStore;
  feeds: FeedStore;
}

type Lookup = { refs: Map<string, StoredArticleRef>; outlets: Map<string, string> };

async function lookup(deps: ReviewViewDeps, ids: string[]): Promise<Lookup> {
  const [refs, feeds] = await Promise.all([deps.articles.refs(ids), deps.feeds.list()]);
  return { refs, outlets: new Map(feeds.map((f) => [f.id, f.outlet])) };
}

function shown(ref: ArticleRef, { refs, outlets }: Lookup) {
  const stored = refs.get(ref.id);
  return { ...ref, outlet: outletOf(ref.siteName, stored?.feeds ?? [], outlets) };
}

/** Items with their articles' outlets and, for a nearest statement from an article, that article. */
export async function presentItems(items: ReviewEntry[], deps: ReviewViewDeps) {
  const nearestIds = items.flatMap((i) =>
    i.claim.nearest?.source === 'ingested' ? [i.claim.nearest.doc] : [],
  );
  const found = await lookup(deps, [...items.map((i) => i.article.id), ...nearestIds]);
  return items.map((item) => {
    const nearest = item.claim.nearest;
    const from = nearest?.source === 'ingested' ? found.refs.get(nearest.doc) : undefined;
    return {
      ...item,
      article: shown(item.article, found),
      claim: nearest
        ? { ...item.claim, nearest: { ...nearest, article: from ? shown(from, found) : null } }
        : item.claim,
    };
  });
}

/** A timeline whose sightings name their outlets. */
export async function presentTimeline(timeline: StatementTimeline, deps: ReviewViewDeps) {
  const found = await lookup(
    deps,
    timeline.sightings.map((s) => s.article.id),
  );
  return {
    ...timeline,
    sightings: timeline.sightings.map((s) => ({ ...s, article: shown(s.article, found) })),
  };
}
