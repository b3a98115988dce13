import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { NewsmonError } from '../../src/errors.js';
import { decodeDocument } from '../../src/extract/charset-decode.js';
import { parseFeed } from '../../src/feeds/feed-parse.js';

const FIXTURES = new URL('../fixtures/feeds/', import.meta.url);

/** Reads a fixture the way the poll handler does: raw bytes, then the browser charset rules. */
function feedText(file: string): string {
  return decodeDocument(readFileSync(new URL(file, FIXTURES)), null).text;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// UTF-8 read as Latin-1/1252 (Ã©, Ã£, Ð¾…) or undecodable bytes.
const MOJIBAKE = /[ÃÂÐÑ][\u0080-\u00bf\u2018-\u203a]|\ufffd/;

describe('parseFeed on real feeds', () => {
  const cases: {
    name: string;
    file: string;
    baseUrl: string;
    feedTitle: string;
    count: number;
    title: string;
    datedEntries: number;
  }[] = [
    {
      name: 'Guardian RSS 2.0 (UTF-8, media:content, dc:creator)',
      file: '01_guardian_us__rbren-rss-parser.rss',
      baseUrl: 'https://www.theguardian.com/us/rss',
      feedTitle: 'The Guardian',
      count: 55,
      title: 'Trump State of the Union address promised unity but emphasized discord',
      datedEntries: 55,
    },
    {
      // A bare <rss> with no version attribute and no XML declaration, in ISO-8859-1 bytes.
      name: 'UOL Notícias RSS (Latin-1, no version, no XML declaration)',
      file: '02_uol_noticias_latin1__rbren-rss-parser.rss',
      baseUrl: 'https://rss.uol.com.br/feed/noticias.xml',
      feedTitle: 'UOL Noticias',
      count: 15,
      title: 'Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno',
      // Its pubDates are in Portuguese ("Seg, 24 Set 2018"): unparseable, so left null.
      datedEntries: 0,
    },
    {
      name: 'heise developer Atom 1.0 (German)',
      file: '03_heise_developer__rbren-rss-parser.atom',
      baseUrl: 'https://www.heise.de/developer/rss/news-atom.xml',
      feedTitle: 'heise developer neueste Meldungen',
      count: 15,
      title: 'Scrum Day 2016: Bewerbungen für Vorträge und Workshops',
      datedEntries: 15,
    },
    {
      name: 'Mail Online RSS with one item carrying duplicated media:content',
      file: '06_dailymail_mediacontent_dupes__node-feedparser.xml',
      baseUrl: 'https://www.dailymail.co.uk/ushome/index.rss',
      feedTitle: 'Home | Mail Online',
      count: 1,
      title:
        'Could the infamous Black Dahlia case be about to be solved? Cadaver dog discovers death scent at Hollywood home of suspect 66 years after the horrific murder',
      datedEntries: 1,
    },
    {
      name: 'oren.ru RSS (windows-1251, default namespace on <rss>)',
      file: '07_oren_ru_windows1251__node-feedparser.xml',
      baseUrl: 'http://www.oren.ru/rss/',
      feedTitle: 'Новости Оренбурга и области / Раздел Новости',
      count: 10,
      title: 'В Бузулуке главные стройплощадки – детсад и Ледовый дворец',
      datedEntries: 10,
    },
  ];

  it.each(cases)('$name: entry count and feed title', async (c) => {
    const feed = await parseFeed(feedText(c.file), c.baseUrl);
    expect(feed.entries).toHaveLength(c.count);
    expect(feed.title).toBe(c.feedTitle);
  });

  it.each(cases)('$name: titles decode without mojibake', async (c) => {
    const feed = await parseFeed(feedText(c.file), c.baseUrl);
    const titles = feed.entries.map((e) => e.title);
    expect(titles).toContain(c.title);
    for (const title of titles) {
      expect(title).not.toBeNull();
      expect(title).not.toMatch(MOJIBAKE);
    }
  });

  it.each(cases)('$name: every entry has an absolute http(s) link and an id', async (c) => {
    const feed = await parseFeed(feedText(c.file), c.baseUrl);
    for (const entry of feed.entries) {
      expect(entry.link).not.toBeNull();
      expect(new URL(entry.link!).protocol).toMatch(/^https?:$/);
      expect(entry.entryId).toBe(entry.guid ?? entry.link);
    }
    expect(new Set(feed.entries.map((e) => e.entryId)).size).toBe(feed.entries.length);
  });

  it.each(cases)('$name: publishedAt is an ISO-8601 UTC instant or null', async (c) => {
    const feed = await parseFeed(feedText(c.file), c.baseUrl);
    const dated = feed.entries.filter((e) => e.publishedAt !== null);
    expect(dated).toHaveLength(c.datedEntries);
    for (const { publishedAt } of dated) {
      expect(publishedAt).toMatch(ISO_INSTANT);
      expect(new Date(publishedAt!).toISOString()).toBe(publishedAt);
    }
  });

  it('converts an RFC 822 pubDate with an offset to UTC', async () => {
    const feed = await parseFeed(
      feedText('07_oren_ru_windows1251__node-feedparser.xml'),
      'http://www.oren.ru/rss/',
    );
    // <pubDate>Wed, 22 Jan 2014 20:31:31 +0600</pubDate>
    expect(feed.entries[0]!.publishedAt).toBe('2014-01-22T14:31:31.000Z');
  });

  it('takes an Atom entry id as its identity and the alternate link as its link', async () => {
    const feed = await parseFeed(
      feedText('03_heise_developer__rbren-rss-parser.atom'),
      'https://www.heise.de/developer/rss/news-atom.xml',
    );
    expect(feed.entries[0]).toMatchObject({
      entryId: 'http://heise.de/-3088438',
      guid: 'http://heise.de/-3088438',
      link: 'http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html?wt_mc=rss.developer.beitrag.atom',
      publishedAt: '2016-02-01T16:22:00.000Z',
    });
  });

  it('keeps curly quotes in a UTF-8 summary intact', async () => {
    const feed = await parseFeed(
      feedText('01_guardian_us__rbren-rss-parser.rss'),
      'https://www.theguardian.com/us/rss',
    );
    expect(feed.entries[0]!.summary).toMatch(/^The president’s ‘new American moment’ speech/);
  });
});

describe('parseFeed duplicate entries', () => {
  it('drops a repeated item and keeps the first copy', async () => {
    const xml = feedText('01_guardian_us__rbren-rss-parser.rss');
    const first = /<item>[\s\S]*?<\/item>/.exec(xml)![0];
    // A republished item: the same guid appears again at the end of the channel, retitled.
    const again = first.replace(/<title>[\s\S]*?<\/title>/, '<title>Updated headline</title>');
    const republished = xml.replace('</channel>', `${again}</channel>`);
    const feed = await parseFeed(republished, 'https://www.theguardian.com/us/rss');
    expect(feed.entries).toHaveLength(55);
    expect(feed.entries.filter((e) => e.entryId === feed.entries[0]!.entryId)).toHaveLength(1);
    expect(feed.entries[0]!.title).toBe(
      'Trump State of the Union address promised unity but emphasized discord',
    );
    expect(feed.entries.map((e) => e.title)).not.toContain('Updated headline');
  });

  it('drops items without guid that repeat the same link', async () => {
    const xml = feedText('07_oren_ru_windows1251__node-feedparser.xml');
    const first = /<item>[\s\S]*?<\/item>/.exec(xml)![0];
    const feed = await parseFeed(
      xml.replace('</channel>', `${first}${first}</channel>`),
      'http://www.oren.ru/rss/',
    );
    expect(feed.entries.map((e) => e.entryId)).toEqual([
      ...new Set(feed.entries.map((e) => e.entryId)),
    ]);
    expect(feed.entries).toHaveLength(10);
  });
});

function rss(items: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;
}

describe('parseFeed entry identity and links', () => {
  const bare = (title: string, date?: string) =>
    `<item><title>${title}</title>${date ? `<pubDate>${date}</pubDate>` : ''}<description>d</description></item>`;

  it('gives an entry with neither guid nor link an h- id from title and date', async () => {
    const feed = await parseFeed(
      rss(bare('Council votes on budget', 'Mon, 01 Jan 2024 10:00:00 GMT')),
      'https://example.com/feed',
    );
    expect(feed.entries[0]!.entryId).toMatch(/^h-[0-9a-f]{24}$/);
    expect(feed.entries[0]!.link).toBeNull();
  });

  it('keeps the h- id stable across polls and item order', async () => {
    const a = bare('Council votes on budget', 'Mon, 01 Jan 2024 10:00:00 GMT');
    const b = bare('Mayor resigns', 'Mon, 01 Jan 2024 11:00:00 GMT');
    const first = await parseFeed(rss(a + b), 'https://example.com/feed');
    const second = await parseFeed(rss(b + a), 'https://example.com/other-url');
    const idOf = (f: typeof first, title: string) =>
      f.entries.find((e) => e.title === title)!.entryId;
    expect(idOf(second, 'Council votes on budget')).toBe(idOf(first, 'Council votes on budget'));
    expect(idOf(second, 'Mayor resigns')).toBe(idOf(first, 'Mayor resigns'));
    expect(idOf(first, 'Mayor resigns')).not.toBe(idOf(first, 'Council votes on budget'));
  });

  it('gives the same title on two dates two h- ids', async () => {
    const feed = await parseFeed(
      rss(
        bare('Live updates', 'Mon, 01 Jan 2024 10:00:00 GMT') +
          bare('Live updates', 'Tue, 02 Jan 2024 10:00:00 GMT'),
      ),
      'https://example.com/feed',
    );
    expect(feed.entries).toHaveLength(2);
  });

  it('drops an exact repeat of an entry with neither guid nor link', async () => {
    const item = bare('Council votes on budget', 'Mon, 01 Jan 2024 10:00:00 GMT');
    const feed = await parseFeed(rss(item + item), 'https://example.com/feed');
    expect(feed.entries).toHaveLength(1);
  });

  const linkCases: { name: string; doc: string; want: Record<string, unknown> }[] = [
    {
      name: 'a relative RSS link resolves against the feed URL',
      doc: rss('<item><title>a</title><link>../news/1.html</link></item>'),
      want: { link: 'https://example.com/news/1.html', entryId: 'https://example.com/news/1.html' },
    },
    {
      name: 'a relative Atom link resolves against the feed URL',
      doc: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>a</title><link rel="alternate" href="/world/2.html"/></entry></feed>',
      want: {
        link: 'https://example.com/world/2.html',
        entryId: 'https://example.com/world/2.html',
      },
    },
    {
      name: 'a guid with isPermaLink="false" is still the identity',
      doc: rss(
        '<item><title>a</title><guid isPermaLink="false">urn:uuid:42</guid><link>https://example.com/a</link></item>',
      ),
      want: { entryId: 'urn:uuid:42', guid: 'urn:uuid:42', link: 'https://example.com/a' },
    },
    {
      name: 'a blank guid falls back to the link',
      doc: rss('<item><title>a</title><guid>  </guid><link>https://example.com/a</link></item>'),
      want: { entryId: 'https://example.com/a', guid: null },
    },
    {
      name: 'an unparseable pubDate gives a null publishedAt, not a bogus date',
      doc: rss(
        '<item><title>a</title><link>https://example.com/a</link><pubDate>yesterday-ish</pubDate></item>',
      ),
      want: { publishedAt: null },
    },
  ];

  it.each(linkCases)('$name', async ({ doc, want }) => {
    const feed = await parseFeed(doc, 'https://example.com/feeds/world.xml');
    expect(feed.entries[0]).toMatchObject(want);
  });
});

// Issue 18: a year-99999 entry date pinned its article to the top of /api/articles.
describe('parseFeed entry dates after `now`', () => {
  const NOW = new Date('2025-10-06T12:00:00Z');
  const dated = (title: string, date: string, tag = 'pubDate') =>
    `<item><title>${title}</title><link>https://example.com/${encodeURIComponent(title)}</link><${tag}>${date}</${tag}></item>`;

  const cases: { name: string; date: string; tag?: string; want: string | null }[] = [
    {
      name: 'an hour before now',
      date: 'Mon, 06 Oct 2025 11:00:00 GMT',
      want: '2025-10-06T11:00:00.000Z',
    },
    {
      name: '20 hours after now (time-zone slack)',
      date: 'Tue, 07 Oct 2025 08:00:00 GMT',
      want: '2025-10-07T08:00:00.000Z',
    },
    {
      name: 'exactly a day after now',
      date: 'Tue, 07 Oct 2025 12:00:00 GMT',
      want: '2025-10-07T12:00:00.000Z',
    },
    { name: 'a day and a minute after now', date: 'Tue, 07 Oct 2025 12:01:00 GMT', want: null },
    { name: 'the year 3000', date: 'Wed, 01 Jan 3000 00:00:00 GMT', want: null },
    { name: 'the year 99999 in RFC 822', date: 'Fri, 01 Jan 99999 00:00:00 GMT', want: null },
    {
      name: 'the year 99999 in an Atom-style ISO date',
      date: '+099999-01-01T00:00:00Z',
      tag: 'dc:date',
      want: null,
    },
  ];

  it.each(cases)('$name → $want', async ({ date, tag, want }) => {
    const feed = await parseFeed(rss(dated('a', date, tag)), 'https://example.com/feed', NOW);
    expect(feed.entries[0]!.publishedAt).toBe(want);
    expect(feed.futureDated).toBe(want === null ? 1 : 0);
  });

  it('keeps a future-dated entry’s h- id what it was without `now`', async () => {
    const item = `<item><title>Live</title><pubDate>Wed, 01 Jan 3000 00:00:00 GMT</pubDate><description>d</description></item>`;
    const judged = await parseFeed(rss(item), 'https://example.com/feed', NOW);
    const raw = await parseFeed(rss(item), 'https://example.com/feed');
    expect(judged.entries[0]!.entryId).toBe(raw.entries[0]!.entryId);
    expect([raw.entries[0]!.publishedAt, judged.entries[0]!.publishedAt]).toEqual([
      '3000-01-01T00:00:00.000Z',
      null,
    ]);
  });
});

describe('parseFeed on input that is not a feed', () => {
  const cases: { name: string; input: string }[] = [
    { name: 'truncated XML', input: '<rss version="2.0"><channel><item><title>a</title>' },
    { name: 'mismatched tags', input: '<rss version="2.0"><channel></item></channel></rss>' },
    { name: 'plain text', input: 'Service temporarily unavailable' },
    { name: 'an empty body', input: '' },
    {
      name: 'an HTML5 page',
      input:
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Home</title></head><body><h1>News</h1><p>Latest<br>stories</p></body></html>',
    },
    {
      // Well-formed XML, so the XML parser accepts it: the root element decides.
      name: 'an XHTML page (well-formed XML)',
      input:
        '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Home</title></head><body><p>Latest stories</p></body></html>',
    },
  ];

  it.each(cases)('$name → FEED_PARSE_FAILED', async ({ input }) => {
    const err: unknown = await parseFeed(input, 'https://example.com/feed').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NewsmonError);
    expect((err as NewsmonError).code).toBe('FEED_PARSE_FAILED');
    expect((err as NewsmonError).transient).toBe(false);
  });

  it('accepts a valid feed with no items as an empty feed', async () => {
    const feed = await parseFeed(rss(''), 'https://example.com/feed');
    expect(feed).toEqual({ title: 't', ttlMinutes: null, entries: [], futureDated: 0 });
  });
});
