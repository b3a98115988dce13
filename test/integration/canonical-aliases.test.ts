// Articles stored under an older canonical-URL form keep their ids when the form changes: links
// that now canonicalise differently resolve to the stored article instead of a new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { articleIdFor, canonicalUrl, CANONICAL_FORM } from '../../src/feeds/url-canonical.js';
import { ArticleStore } from '../../src/store/article.store.js';
import { keysFor } from '../../src/store/keys.js';
import { createRedis, waitReady } from '../../src/store/redis-connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const keys = keysFor('canonicaltest');
const NOW = new Date('2025-10-05T12:00:00Z');

describe('canonical URL aliases for stored articles', () => {
  let redis: TestRedis;
  let conn: ReturnType<typeof createRedis>;
  let articles: ArticleStore;

  // What the previous form (no https, www, slash or AMP rules) stored: the id hashed that form.
  const legacy = [
    { id: 'legacy0000000000000a', url: 'http://www.example.com/2025/10/story-a/' },
    { id: 'legacy0000000000000b', url: 'https://example.com/news/story-b/amp/?smid=tw-share' },
  ];
  const declared = { alias: 'http://www.example.com/2025/10/story-c/', id: 'legacy0000000000000c' };

  beforeAll(async () => {
    redis = await startTestRedis();
    conn = createRedis(redis.url, 'worker');
    await waitReady(conn);
    articles = new ArticleStore(conn, keys);
    for (const a of legacy) {
      // The old canonical form was the URL with only host case, port and fragment tidied.
      await articles.register(a.id, a.url, a.url, { kind: 'ingest' }, null, NOW);
    }
    await articles.register(
      declared.id,
      'https://m.example.com/c',
      'https://m.example.com/c',
      { kind: 'ingest' },
      null,
      NOW,
    );
    await articles.addAlias(declared.alias, declared.id);
    await conn.set(keys.urlCanonicalForm, '1');
  }, 30_000);

  afterAll(async () => {
    conn.disconnect();
    await redis.stop();
  });

  it('ties the new canonical form of each stored URL and alias to the stored id, once', async () => {
    // Two legacy articles, the third article's own URL, and the alias the third's page declared.
    expect(await articles.ensureCanonicalAliases()).toBe(4);
    expect(await conn.get(keys.urlCanonicalForm)).toBe(CANONICAL_FORM);
    expect(await articles.ensureCanonicalAliases()).toBe(0);
  });

  const [a, b] = legacy.map((l) => l.id);
  it.each(
    [
      ['http + www + trailing slash', 'http://www.example.com/2025/10/story-a', a],
      ['https, bare host, a tracker', 'https://example.com/2025/10/story-a?_ga=1', a],
      ['the AMP page of a stored article', 'https://amp.example.com/news/story-b', b],
      ['the article an AMP page was stored for', 'https://example.com/news/story-b', b],
      [
        'a declared canonical under the old form',
        'https://example.com/2025/10/story-c',
        declared.id,
      ],
    ].map(([name, link, id]) => ({ name, link: link!, id })),
  )('resolves $name to the stored article', async ({ link, id }) => {
    expect(await articles.resolveId(canonicalUrl(link))).toBe(id);
  });

  it('registers a link to a stored article as a new origin, not a new article', async () => {
    const link = 'https://example.com/2025/10/story-a/?utm_source=rss';
    const canonical = canonicalUrl(link);
    const id = await articles.resolveId(canonical);
    const created = await articles.register(id, link, canonical, { kind: 'ingest' }, null, NOW);
    expect(created).toBe(false);
    expect(await conn.zcard(keys.articlesByTime)).toBe(3);
  });

  it('leaves new articles on the id of their own canonical URL', async () => {
    const canonical = canonicalUrl('http://www.example.com/another-story/');
    expect(await articles.resolveId(canonical)).toBe(articleIdFor(canonical));
  });
});
