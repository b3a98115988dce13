import { describe, expect, it } from 'vitest';

import { articleIdFor, canonicalUrl, safeCanonical } from '../../src/feeds/url-canonical.js';
import { TRACKING_PARAMS } from '../../src/feeds/tracking-params.js';

type Case = { name: string; input: string; want: string };

describe('canonicalUrl', () => {
  const general: Case[] = [
    {
      name: 'http and https are one page',
      input: 'http://example.com/story',
      want: 'https://example.com/story',
    },
    {
      name: 'www. and the bare host are one page',
      input: 'https://www.example.com/story',
      want: 'https://example.com/story',
    },
    {
      name: 'drops a trailing slash',
      input: 'https://example.com/2025/10/04/story/',
      want: 'https://example.com/2025/10/04/story',
    },
    {
      name: 'drops the slash of a bare host',
      input: 'https://example.com/',
      want: 'https://example.com',
    },
    {
      name: 'drops the fragment',
      input: 'https://example.com/story#comments',
      want: 'https://example.com/story',
    },
    {
      name: 'drops credentials',
      input: 'https://user:secret@example.com/story',
      want: 'https://example.com/story',
    },
    {
      name: 'lower-cases the host but keeps the path case',
      input: 'https://WWW.Example.COM/News/Story-A',
      want: 'https://example.com/News/Story-A',
    },
    {
      name: 'drops a trailing dot on the host',
      input: 'https://example.com./story',
      want: 'https://example.com/story',
    },
    {
      name: 'drops the default https port',
      input: 'https://example.com:443/story',
      want: 'https://example.com/story',
    },
    {
      name: 'drops the default http port',
      input: 'http://example.com:80/story',
      want: 'https://example.com/story',
    },
    {
      name: 'keeps a non-default port',
      input: 'https://example.com:8443/story',
      want: 'https://example.com:8443/story',
    },
    {
      name: 'collapses doubled slashes in the path',
      input: 'https://example.com/news//story',
      want: 'https://example.com/news/story',
    },
    {
      name: 'keeps other parameters and sorts them by name',
      input: 'https://example.com/story?page=2&id=42&utm_source=rss&lang=en',
      want: 'https://example.com/story?id=42&lang=en&page=2',
    },
    {
      name: 'keeps the order of repeated values of one parameter',
      input: 'https://example.com/search?tag=b&q=x&tag=a',
      want: 'https://example.com/search?q=x&tag=b&tag=a',
    },
    {
      // localeCompare would put `a` before `B` (and in et-EE even `z` before `t`).
      name: 'sorts parameter names by code unit, independent of the process locale',
      input: 'https://example.com/story?b=1&a=2&B=3&z=4&t=5',
      want: 'https://example.com/story?B=3&a=2&b=1&t=5&z=4',
    },
    {
      name: 'keeps an encoded & inside a value',
      input: 'https://example.com/story?q=a%26b&id=1',
      want: 'https://example.com/story?id=1&q=a%26b',
    },
    {
      name: 'leaves no dangling ? when every parameter was tracking',
      input: 'https://example.com/story?utm_source=x',
      want: 'https://example.com/story',
    },
    {
      name: 'keeps parameters whose names merely contain a tracking name',
      input: 'https://example.com/story?referrer=a&prefix=b&shares=3&cmpx=1',
      want: 'https://example.com/story?cmpx=1&prefix=b&referrer=a&shares=3',
    },
  ];

  const trackers: Case[] = [
    {
      name: 'drops every utm_* parameter',
      input:
        'https://example.com/world/a?utm_source=rss&utm_medium=feed&utm_campaign=x&utm_term=y&utm_content=z',
      want: 'https://example.com/world/a',
    },
    {
      name: 'drops click ids (fbclid, gclid, msclkid, twclid)',
      input: 'https://example.com/story?fbclid=IwAR0abc&gclid=Cj0KCQ&msclkid=1&twclid=2',
      want: 'https://example.com/story',
    },
    {
      name: 'drops the Google Analytics linkers _ga and _gl',
      input: 'https://example.com/story?_ga=2.123.456&_gl=1*abc',
      want: 'https://example.com/story',
    },
    {
      name: 'drops a New York Times share id (smid, smtyp)',
      input: 'https://example.com/2025/10/04/us/story.html?smid=nytcore-ios-share&smtyp=cur',
      want: 'https://example.com/2025/10/04/us/story.html',
    },
    {
      name: 'drops a Guardian campaign code (CMP, INTCMP)',
      input: 'https://example.com/us-news/story?CMP=share_btn_url&INTCMP=x',
      want: 'https://example.com/us-news/story',
    },
    {
      name: 'drops AT Internet / Piano parameters (at_medium, at_campaign)',
      input: 'https://example.com/news/articles/c1?at_medium=RSS&at_campaign=rss&at_link_id=9',
      want: 'https://example.com/news/articles/c1',
    },
    {
      name: 'drops X share markers (s, ref_src)',
      input: 'https://example.com/story?s=20&ref_src=twsrc%5Etfw',
      want: 'https://example.com/story',
    },
    {
      name: 'drops share, ref and newsletter ids',
      input: 'https://example.com/story?share=1&ref=homepage&mc_cid=a&mc_eid=b',
      want: 'https://example.com/story',
    },
    {
      name: 'matches tracking parameter names case-insensitively',
      input: 'https://example.com/story?UTM_Source=rss&FBCLID=1&Smid=x',
      want: 'https://example.com/story',
    },
  ];

  const amp: Case[] = [
    {
      name: 'an amp. host is its article',
      input: 'https://amp.example.com/2025/10/04/us/story/index.html',
      want: 'https://example.com/2025/10/04/us/story/index.html',
    },
    {
      name: 'a trailing /amp/ segment is its article',
      input: 'https://example.com/2025/10/story/amp/',
      want: 'https://example.com/2025/10/story',
    },
    {
      name: 'a leading /amp/ segment is its article',
      input: 'https://example.com/news/amp/story-123',
      want: 'https://example.com/news/story-123',
    },
    {
      name: 'a .amp page is its article',
      input: 'https://example.com/news/articles/c123.amp',
      want: 'https://example.com/news/articles/c123',
    },
    {
      name: 'a .amp.html page is the .html page',
      input: 'https://example.com/news/story.amp.html',
      want: 'https://example.com/news/story.html',
    },
    {
      name: 'an ?outputType=amp page is its article',
      input: 'https://example.com/nation/2025/10/04/story/?outputType=amp',
      want: 'https://example.com/nation/2025/10/04/story',
    },
    {
      name: 'an ?amp or ?amp=1 page is its article',
      input: 'https://example.com/story?amp=1&id=4',
      want: 'https://example.com/story?id=4',
    },
    {
      name: 'keeps another outputType',
      input: 'https://example.com/story?outputType=print',
      want: 'https://example.com/story?outputType=print',
    },
    {
      name: "Google's AMP viewer unwraps to the publisher's article",
      input: 'https://www.google.com/amp/s/www.example.com/2025/10/story/amp/',
      want: 'https://example.com/2025/10/story',
    },
    {
      name: "the AMP cache unwraps to the publisher's article, its parameters dropped",
      input:
        'https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story/amp/?amp_js_v=0.1&usqp=mq331AQ',
      want: 'https://example.com/story',
    },
    {
      name: 'a host named amp.<tld> is not an amp. prefix',
      input: 'https://amp.com/story',
      want: 'https://amp.com/story',
    },
    {
      name: 'a segment that merely contains amp is kept',
      input: 'https://example.com/ampere/camp-story',
      want: 'https://example.com/ampere/camp-story',
    },
  ];

  it.each(general)('$name', ({ input, want }) => {
    expect(canonicalUrl(input)).toBe(want);
  });

  it.each(trackers)('trackers: $name', ({ input, want }) => {
    expect(canonicalUrl(input)).toBe(want);
  });

  it.each(amp)('AMP: $name', ({ input, want }) => {
    expect(canonicalUrl(input)).toBe(want);
  });

  it.each(TRACKING_PARAMS.map((name) => ({ name, param: name.replace('*', 'x') })))(
    'drops the listed tracker $name',
    ({ param }) => {
      expect(canonicalUrl(`https://example.com/story?${param}=1&id=7`)).toBe(
        'https://example.com/story?id=7',
      );
    },
  );

  it('is idempotent: the canonical form of a canonical URL is itself', () => {
    for (const { input } of [...general, ...trackers, ...amp]) {
      const once = canonicalUrl(input);
      expect(canonicalUrl(once)).toBe(once);
    }
  });

  it('throws on a string that is not an absolute URL', () => {
    expect(() => canonicalUrl('/relative/path')).toThrow(TypeError);
  });
});

describe('safeCanonical', () => {
  it.each([
    { name: 'an http URL', input: 'http://www.example.com/a/', want: 'https://example.com/a' },
    { name: 'a javascript: URL', input: 'javascript:alert(1)', want: null },
    { name: 'a relative path', input: '/story', want: null },
    { name: 'a mailto: link', input: 'mailto:desk@example.com', want: null },
  ])('$name', ({ input, want }) => {
    expect(safeCanonical(input)).toBe(want);
  });
});

describe('articleIdFor', () => {
  it('gives one id to the same article reached through feed, share and AMP links', () => {
    const ids = new Set(
      [
        'https://www.example.com/us-news/2025/oct/04/story?utm_source=rss&utm_medium=feed#img-1',
        'http://EXAMPLE.com:80/us-news/2025/oct/04/story/?fbclid=IwAR0xyz&CMP=share_btn_tw',
        'https://amp.example.com/us-news/2025/oct/04/story',
        'https://example.com/us-news/2025/oct/04/story/amp/?_ga=2.1.2',
      ].map(articleIdFor),
    );
    expect(ids.size).toBe(1);
  });

  it('gives different ids to different articles', () => {
    expect(articleIdFor('https://example.com/story?id=1')).not.toBe(
      articleIdFor('https://example.com/story?id=2'),
    );
  });

  it('is a 20-character lower-case hex string (safe as a Redis key and BullMQ job id)', () => {
    expect(articleIdFor('https://example.com/story')).toMatch(/^[0-9a-f]{20}$/);
  });
});
