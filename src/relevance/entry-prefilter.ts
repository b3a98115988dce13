import type { FeedEntry } from '../domain/types.js';
import { matchesAnyTerm, type StoryMatcher } from './relevance-score.js';

/**
 * The cheap gate before an article is fetched at all: any story term (a group term, an entity
 * or one of its aliases) in the entry's title or summary lets it through. Deliberately loose —
 * the full relevance score on the article text makes the real decision — and an entry that
 * carries no text to judge is let through rather than dropped blind.
 */
export function passesPrefilter(
  entry: Pick<FeedEntry, 'title' | 'summary'>,
  matcher: StoryMatcher,
): boolean {
  const text = [entry.title, entry.summary].filter(Boolean).join('\n');
  if (text.trim().length === 0) return true;
  return matchesAnyTerm(text, matcher);
}
