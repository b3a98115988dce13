import { describe, expect, it } from 'vitest';

import type { FeedSource } from '../../src/domain/types.js';
import { NewsmonError } from '../../src/errors.js';
import { feedIdFor, parseOpml, toOpml } from '../../src/feeds/opml.js';

// Shaped like a Feedly / Inoreader export: nested folders, type="rss", htmlUrl, entities, a
// folder inside a folder, a podcast on a non-http scheme and a feed filed in two folders.
const READER_EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head>
    <title>Subscriptions in Inoreader</title>
    <dateCreated>Tue, 04 Mar 2025 09:12:44 +0000</dateCreated>
  </head>
  <body>
    <outline text="Chicago Sun-Times" title="Chicago Sun-Times">
      <outline text="Chicago Sun-Times &#8212; News" title="Chicago Sun-Times &#8212; News" type="rss"
        xmlUrl="https://chicago.suntimes.com/rss/index.xml" htmlUrl="https://chicago.suntimes.com/"/>
      <outline text="Immigration" title="Immigration">
        <outline text="Sun-Times: Immigration" type="rss"
          xmlUrl="https://chicago.suntimes.com/rss/immigration/index.xml"
          htmlUrl="https://chicago.suntimes.com/immigration"/>
      </outline>
    </outline>
    <outline text="Fox News" title="Fox News">
      <outline text="Fox &amp; Friends" title="Fox &amp; Friends" type="rss"
        xmlUrl="https://moxie.foxnews.com/google-publisher/fox-friends.xml"
        htmlUrl="https://www.foxnews.com/shows/fox-and-friends"/>
      <outline text="Fox News &#x2014; U.S." title="Fox News &#x2014; U.S." type="rss"
        xmlUrl="https://moxie.foxnews.com/google-publisher/us.xml" htmlUrl="https://www.foxnews.com/us"/>
    </outline>
    <outline text="Podcasts" title="Podcasts">
      <outline text="The Daily" type="rss" xmlUrl="itpc://feeds.simplecast.com/54nAGcIl"/>
    </outline>
    <outline text="Must read" title="Must read">
      <outline text="Fox &amp; Friends" type="rss"
        xmlUrl="https://moxie.foxnews.com/google-publisher/fox-friends.xml"/>
    </outline>
  </body>
</opml>
`;

const FLAT = `<?xml version="1.0"?>
<opml version="2.0">
  <head><title>flat</title></head>
  <body>
    <outline type="rss" text="WTTW News" xmlUrl="https://news.wttw.com/rss.xml"/>
    <outline type="rss" title="Block Club Chicago" xmlUrl="https://blockclubchicago.org/feed/"/>
    <outline type="rss" xmlUrl="http://www.wbez.org/rss/index.xml"/>
  </body>
</opml>`;

const CASE_VARIANTS = `<opml version="2.0"><body>
  <outline text="lower" xmlurl="https://a.example/feed"/>
  <outline text="upper" XMLURL="https://b.example/feed"/>
  <outline text="mixed" xmlURL="https://c.example/feed" HTMLURL="https://c.example/"/>
  <outline TEXT="Tag case" xmlUrl="https://d.example/feed"/>
</body></opml>`;

const HTML_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Login</title></head>
<body><p>Please sign in</body></html>`;

const XHTML_PAGE = `<?xml version="1.0"?><html><body><p>Not a list</p></body></html>`;

function feed(id: string, outlet: string, title: string, url: string): FeedSource {
  return { id, outlet, title, url, enabled: true };
}

describe('parseOpml', () => {
  const cases: {
    name: string;
    xml: string;
    existing?: string[];
    feeds: FeedSource[];
    skipped: { line: string; reason: string }[];
  }[] = [
    {
      name: 'reader export: nested folders, entities, innermost folder is the outlet',
      xml: READER_EXPORT,
      feeds: [
        feed(
          'chicago-sun-times-news',
          'Chicago Sun-Times',
          'Chicago Sun-Times — News',
          'https://chicago.suntimes.com/rss/index.xml',
        ),
        feed(
          'sun-times-immigration',
          'Immigration',
          'Sun-Times: Immigration',
          'https://chicago.suntimes.com/rss/immigration/index.xml',
        ),
        feed(
          'fox-and-friends',
          'Fox News',
          'Fox & Friends',
          'https://moxie.foxnews.com/google-publisher/fox-friends.xml',
        ),
        feed(
          'fox-news-u-s',
          'Fox News',
          'Fox News — U.S.',
          'https://moxie.foxnews.com/google-publisher/us.xml',
        ),
      ],
      skipped: [
        {
          line: 'The Daily <itpc://feeds.simplecast.com/54nAGcIl>',
          reason: 'not an http(s) URL',
        },
        {
          line: 'Fox & Friends <https://moxie.foxnews.com/google-publisher/fox-friends.xml>',
          reason: 'duplicate URL',
        },
      ],
    },
    {
      name: 'flat file: no folders, outlet is the title, title falls back to the host',
      xml: FLAT,
      feeds: [
        feed('wttw-news', 'WTTW News', 'WTTW News', 'https://news.wttw.com/rss.xml'),
        feed(
          'block-club-chicago',
          'Block Club Chicago',
          'Block Club Chicago',
          'https://blockclubchicago.org/feed/',
        ),
        feed('wbez-org', 'wbez.org', 'wbez.org', 'http://www.wbez.org/rss/index.xml'),
      ],
      skipped: [],
    },
    {
      name: 'attribute names in any case',
      xml: CASE_VARIANTS,
      feeds: [
        feed('lower', 'lower', 'lower', 'https://a.example/feed'),
        feed('upper', 'upper', 'upper', 'https://b.example/feed'),
        feed('mixed', 'mixed', 'mixed', 'https://c.example/feed'),
        feed('tag-case', 'Tag case', 'Tag case', 'https://d.example/feed'),
      ],
      skipped: [],
    },
    {
      name: 'non-http URLs are skipped with a reason',
      xml: `<opml version="2.0"><body>
        <outline text="ftp" xmlUrl="ftp://example.com/feed.xml"/>
        <outline text="js" xmlUrl="javascript:alert(1)"/>
        <outline text="relative" xmlUrl="/feed.xml"/>
        <outline text="bookmark" type="link" url="https://example.com/page"/>
        <outline text="ok" xmlUrl="HTTPS://Example.com/ok.xml"/>
      </body></opml>`,
      feeds: [feed('ok', 'ok', 'ok', 'HTTPS://Example.com/ok.xml')],
      skipped: [
        { line: 'ftp <ftp://example.com/feed.xml>', reason: 'not an http(s) URL' },
        { line: 'js <javascript:alert(1)>', reason: 'not an http(s) URL' },
        { line: 'relative </feed.xml>', reason: 'not an http(s) URL' },
        { line: 'bookmark <https://example.com/page>', reason: 'no xmlUrl: not a feed' },
      ],
    },
    {
      name: 'a URL repeated, also in another host case, is imported once',
      xml: `<opml version="2.0"><body>
        <outline text="A"><outline text="One" xmlUrl="https://example.com/rss"/></outline>
        <outline text="B"><outline text="Two" xmlUrl="https://EXAMPLE.com:443/rss"/></outline>
      </body></opml>`,
      feeds: [feed('one', 'A', 'One', 'https://example.com/rss')],
      skipped: [{ line: 'Two <https://EXAMPLE.com:443/rss>', reason: 'duplicate URL' }],
    },
    {
      name: 'ids are unique against existing ids and against each other',
      xml: `<opml version="2.0"><body>
        <outline text="WTTW News" xmlUrl="https://news.wttw.com/rss.xml"/>
        <outline text="WTTW News" xmlUrl="https://news.wttw.com/politics/rss.xml"/>
      </body></opml>`,
      existing: ['wttw-news', 'wttw-news-2'],
      feeds: [
        feed('wttw-news-3', 'WTTW News', 'WTTW News', 'https://news.wttw.com/rss.xml'),
        feed('wttw-news-4', 'WTTW News', 'WTTW News', 'https://news.wttw.com/politics/rss.xml'),
      ],
      skipped: [],
    },
    {
      name: 'an OPML with an empty body has no feeds',
      xml: `<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>`,
      feeds: [],
      skipped: [],
    },
  ];

  it.each(cases)('$name', ({ xml, existing, feeds, skipped }) => {
    expect(parseOpml(xml, existing)).toEqual({ feeds, skipped });
  });

  const invalid: { name: string; xml: string; message: RegExp }[] = [
    { name: 'HTML document', xml: HTML_PAGE, message: /^input: not an OPML document: line \d+/ },
    {
      name: 'well-formed XHTML document',
      xml: XHTML_PAGE,
      message: /^input: not an OPML document: root element is <html>/,
    },
    { name: 'empty body', xml: '', message: /^input: not an OPML document: empty document$/ },
    { name: 'whitespace only', xml: ' \n\t', message: /not an OPML document: empty document/ },
    { name: 'JSON', xml: '{"feeds":[]}', message: /^input: not an OPML document/ },
    {
      name: 'RSS feed instead of a list',
      xml: '<rss version="2.0"><channel><title>x</title></channel></rss>',
      message: /root element is <rss>/,
    },
  ];

  it.each(invalid)('rejects $name with INPUT_INVALID', ({ xml, message }) => {
    let caught: unknown;
    try {
      parseOpml(xml);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NewsmonError);
    expect((caught as NewsmonError).code).toBe('INPUT_INVALID');
    expect((caught as NewsmonError).message).toMatch(message);
  });

  it('does not change the caller’s existing ids', () => {
    const existing = new Set(['wttw-news']);
    parseOpml(FLAT, existing);
    expect([...existing]).toEqual(['wttw-news']);
  });
});

describe('feedIdFor', () => {
  const cases: {
    name: string;
    title: string | null;
    url: string;
    taken: string[];
    want: string;
  }[] = [
    {
      name: 'slug of the title',
      title: 'Chicago Sun-Times — News',
      url: 'https://x.example/',
      taken: [],
      want: 'chicago-sun-times-news',
    },
    {
      name: 'accents folded, not dropped',
      title: 'UOL Notícias: Última Hora',
      url: 'https://x.example/',
      taken: [],
      want: 'uol-noticias-ultima-hora',
    },
    {
      name: 'URL host and path when there is no title',
      title: null,
      url: 'https://www.cbsnews.com/chicago/latest/rss/local-news',
      taken: [],
      want: 'cbsnews-com-chicago-latest-rss-local-news',
    },
    {
      name: 'URL when the title has no letters or digits',
      title: '—',
      url: 'https://news.wttw.com/rss.xml',
      taken: [],
      want: 'news-wttw-com-rss-xml',
    },
    {
      name: 'long titles cut at 48 characters without a trailing dash',
      title: 'The Quite Extraordinarily Long Title of a Regional Newspaper Feed',
      url: 'https://x.example/',
      taken: [],
      want: 'the-quite-extraordinarily-long-title-of-a-region',
    },
    {
      name: 'first free suffix',
      title: 'WTTW News',
      url: 'https://x.example/',
      taken: ['wttw-news', 'wttw-news-2'],
      want: 'wttw-news-3',
    },
    {
      name: 'a suffix on a long slug still fits in 48 characters',
      title: 'The Quite Extraordinarily Long Title of a Regional Newspaper Feed',
      url: 'https://x.example/',
      taken: ['the-quite-extraordinarily-long-title-of-a-region'],
      want: 'the-quite-extraordinarily-long-title-of-a-regi-2',
    },
  ];

  it.each(cases)('$name', ({ title, url, taken, want }) => {
    const set = new Set(taken);
    const id = feedIdFor(title, url, set);
    expect(id).toBe(want);
    expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(id.length).toBeLessThanOrEqual(48);
    expect(set.has(id)).toBe(true);
  });
});

describe('toOpml', () => {
  const tricky = [
    feed('a', 'Fox News', `Fox & Friends <"live"> 'late'`, 'https://example.com/rss?a=1&b=2'),
    feed('b', 'Sun-Times', 'Sun-Times — News', 'https://chicago.suntimes.com/rss/index.xml'),
    feed('c', 'Fox News', 'Fox News — U.S.', 'https://moxie.foxnews.com/google-publisher/us.xml'),
  ];

  it('writes OPML 2.0 grouped by outlet with every special character escaped', () => {
    expect(toOpml(tricky, 'My <feeds> & more')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        '  <head>',
        '    <title>My &lt;feeds&gt; &amp; more</title>',
        '  </head>',
        '  <body>',
        '    <outline text="Fox News" title="Fox News">',
        '      <outline type="rss" text="Fox &amp; Friends &lt;&quot;live&quot;&gt; &apos;late&apos;" title="Fox &amp; Friends &lt;&quot;live&quot;&gt; &apos;late&apos;" xmlUrl="https://example.com/rss?a=1&amp;b=2"/>',
        '      <outline type="rss" text="Fox News — U.S." title="Fox News — U.S." xmlUrl="https://moxie.foxnews.com/google-publisher/us.xml"/>',
        '    </outline>',
        '    <outline text="Sun-Times" title="Sun-Times">',
        '      <outline type="rss" text="Sun-Times — News" title="Sun-Times — News" xmlUrl="https://chicago.suntimes.com/rss/index.xml"/>',
        '    </outline>',
        '  </body>',
        '</opml>',
        '',
      ].join('\n'),
    );
  });

  it('writes dateCreated only when given one', () => {
    expect(toOpml([])).not.toContain('dateCreated');
    expect(toOpml([], 'x', new Date('2025-03-04T09:12:44Z'))).toContain(
      '<dateCreated>Tue, 04 Mar 2025 09:12:44 GMT</dateCreated>',
    );
  });

  const roundTrips: { name: string; xml: string }[] = [
    { name: 'reader export', xml: READER_EXPORT },
    { name: 'flat file', xml: FLAT },
    { name: 'case variants', xml: CASE_VARIANTS },
    { name: 'escaped characters', xml: toOpml(tricky) },
  ];

  it.each(roundTrips)('round-trips the feeds of the $name exactly', ({ xml }) => {
    const first = parseOpml(xml).feeds;
    expect(first.length).toBeGreaterThan(0);
    expect(parseOpml(toOpml(first)).feeds).toEqual(first);
  });
});
