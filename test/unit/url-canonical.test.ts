import { describe, expect, it } from 'vitest';

import { articleIdFor, canonicalUrl } from '../../src/feeds/url-canonical.js';

describe('canonicalUrl', () => {
  const cases: { name: string; input: string; want: string }[] = [
    {
      name: 'drops every utm_* parameter',
      input:
        'https://www.theguardian.com/world/2024/a?utm_source=rss&utm_medium=feed&utm_campaign=x&utm_term=y&utm_content=z',
      want: 'https://www.theguardian.com/world/2024/a',
    },
    {
      name: 'drops fbclid, gclid and ref',
      input: 'https://example.com/story?fbclid=IwAR0abc&gclid=Cj0KCQ&ref=homepage',
      want: 'https://example.com/story',
    },
    {
      name: 'matches tracking parameter names case-insensitively',
      input: 'https://example.com/story?UTM_Source=rss&FBCLID=1',
      want: 'https://example.com/story',
    },
    {
      name: 'drops the fragment',
      input: 'https://example.com/story#comments',
      want: 'https://example.com/story',
    },
    {
      name: 'lower-cases the host but keeps the path case',
      input: 'https://WWW.Example.COM/News/Story-A',
      want: 'https://www.example.com/News/Story-A',
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
      want: 'http://example.com/story',
    },
    {
      name: 'keeps a non-default port',
      input: 'https://example.com:8443/story',
      want: 'https://example.com:8443/story',
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
      name: 'leaves no dangling ? when every parameter was tracking',
      input: 'https://example.com/story?utm_source=x',
      want: 'https://example.com/story',
    },
    {
      name: 'keeps parameters whose names merely contain a tracking name',
      input: 'https://example.com/story?referrer=a&prefix=b',
      want: 'https://example.com/story?prefix=b&referrer=a',
    },
  ];

  it.each(cases)('$name', ({ input, want }) => {
    expect(canonicalUrl(input)).toBe(want);
  });

  it('throws on a string that is not an absolute URL', () => {
    expect(() => canonicalUrl('/relative/path')).toThrow(TypeError);
  });
});

describe('articleIdFor', () => {
  it('gives one id to the same article reached through two URLs', () => {
    const fromFeed =
      'https://www.theguardian.com/us-news/2018/jan/31/trump-state-of-the-union?utm_source=rss&utm_medium=feed#img-1';
    const fromShare =
      'https://WWW.THEGUARDIAN.COM:443/us-news/2018/jan/31/trump-state-of-the-union?fbclid=IwAR0xyz';
    expect(articleIdFor(fromFeed)).toBe(articleIdFor(fromShare));
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
