// WebSub discovery (W3C §4) on the document shapes websub.rocks serves for cases 100-104.
import { describe, expect, it } from 'vitest';
import { discoverHub, linksFromHeader } from '../../src/websub/discovery.js';

const HUB = 'https://hub.example/hub';
const SELF = 'https://news.example/feed';

const rss = (head: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
  <title>t</title><link>https://news.example/</link>${head}
  <item><title>a</title><link>https://news.example/a</link></item></channel></rss>`;

describe('discoverHub', () => {
  it('100: takes hub and self from HTTP Link headers, in one header or several', () => {
    const one = discoverHub({ link: `<${HUB}>; rel="hub", <${SELF}>; rel="self"` }, rss(''), null);
    expect(one).toMatchObject({ hubs: [HUB], self: SELF, source: { hub: 'header' } });
    const many = discoverHub({ link: [`<${SELF}>; rel=self`, `<${HUB}>; rel=hub`] }, '', null);
    expect(many).toMatchObject({ hubs: [HUB], self: SELF });
  });

  it('100: reads a link with several rel values and ignores other relations', () => {
    const d = discoverHub(
      { Link: `<https://x.example/a>; rel="alternate", <${HUB}>; title="a, b"; rel="hub self"` },
      '',
      null,
    );
    expect(d.hubs).toEqual([HUB]);
    expect(d.self).toBe(HUB);
  });

  it('101: takes hub and self from HTML <link> tags, skipping comments and scripts', () => {
    const html = `<!doctype html><html><head>
      <!-- <link rel="hub" href="https://commented.example/hub"> -->
      <script>document.write('<link rel="hub" href="https://script.example/hub">')</script>
      <link href="/hub?x=1&amp;y=2" rel="hub">
      <link rel='self' href='https://news.example/page'>
      </head><body><p>hi</p></body></html>`;
    const d = discoverHub({}, html, 'text/html; charset=utf-8', 'https://news.example/page');
    expect(d).toMatchObject({
      hubs: ['https://news.example/hub?x=1&y=2'],
      self: 'https://news.example/page',
      source: { hub: 'body', self: 'body' },
    });
  });

  it("102: takes hub and self from an Atom feed's <link> elements, not an entry's rel=self", () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>t</title><link rel="hub" href="${HUB}"/><link rel="self" href="${SELF}"/>
      <entry><title>e</title><link rel="self" href="https://news.example/entry-self"/></entry>
    </feed>`;
    expect(discoverHub({}, atom, 'application/atom+xml')).toMatchObject({
      hubs: [HUB],
      self: SELF,
    });
  });

  it('103: takes hub and self from <atom:link> in an RSS feed', () => {
    const body = rss(
      `<atom:link rel="hub" href="${HUB}"/><atom:link href="${SELF}" rel="self" type="application/rss+xml"/>`,
    );
    expect(discoverHub({}, body, 'application/rss+xml')).toMatchObject({
      hubs: [HUB],
      self: SELF,
      source: { hub: 'body', self: 'body' },
    });
  });

  it('104: gives the HTTP Link headers priority over the links in the body', () => {
    const body = rss(
      `<atom:link rel="hub" href="https://wrong.example/hub"/><atom:link rel="self" href="https://wrong.example/feed"/>`,
    );
    const d = discoverHub({ link: `<${HUB}>; rel="hub", <${SELF}>; rel="self"` }, body, 'text/xml');
    expect(d).toMatchObject({ hubs: [HUB], self: SELF, source: { hub: 'header', self: 'header' } });
  });

  it('keeps several hubs in order, once each, and drops what is not an http(s) URL', () => {
    const d = discoverHub(
      {
        link: `<${HUB}>; rel=hub, <mailto:a@b.example>; rel=hub, <https://hub2.example/>; rel=hub, <${HUB}>; rel=hub`,
      },
      '',
      null,
    );
    expect(d.hubs).toEqual([HUB, 'https://hub2.example/']);
  });

  it('finds nothing in a feed without hub links', () => {
    expect(discoverHub({}, rss(''), 'application/rss+xml')).toEqual({
      hubs: [],
      self: null,
      source: { hub: null, self: null },
    });
  });

  it('resolves relative Link header targets against the fetched URL', () => {
    const d = discoverHub({ link: '</hub>; rel="hub"' }, '', null, 'https://news.example/f.xml');
    expect(d.hubs).toEqual(['https://news.example/hub']);
  });

  it('parses quoted commas inside parameters without splitting the link', () => {
    const links = linksFromHeader([`<${HUB}>; title="a, b; c"; rel="hub"`]);
    expect(links.get('hub')).toEqual([HUB]);
  });
});
