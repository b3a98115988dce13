import { describe, expect, it } from 'vitest';
import { parsePage, releasePage } from '../../src/extract/page-parse.js';

const PAGE =
  '<!doctype html><html><head><title>T</title></head><body><a href="../x?y=1#z">x</a></body></html>';

describe('parsePage', () => {
  it.each([
    { url: 'https://one.example/a/b/page', href: 'https://one.example/a/x?y=1#z' },
    { url: 'https://two.example/c/d/e/page', href: 'https://two.example/c/d/x?y=1#z' },
    { url: 'file:///tmp/pages/story.html', href: 'file:///tmp/x?y=1#z' },
  ])('parses the page as the document at $url, links resolved against it', ({ url, href }) => {
    const doc = parsePage(PAGE, url);
    expect(doc.URL).toBe(url);
    expect(doc.baseURI).toBe(url);
    expect(doc.querySelector('a')?.href).toBe(href);
    releasePage(doc);
  });

  it.each([
    { name: 'a script', html: '<script>document.title = "ran"</script><p>text</p>', kept: 0 },
    {
      name: 'a JSON-LD block (kept)',
      html: '<script type="application/ld+json">{}</script>',
      kept: 1,
    },
    {
      name: 'a script hidden in a comment',
      html: '<!-- <script>x</script> --><p>text</p>',
      kept: 0,
    },
    { name: 'an unclosed script, which swallows the rest', html: '<p>a</p><script>x', kept: 0 },
  ])('drops $name before parsing', ({ html, kept }) => {
    const doc = parsePage(`<html><body>${html}</body></html>`, 'https://one.example/');
    expect(doc.querySelectorAll('script')).toHaveLength(kept);
    expect(doc.title).toBe('');
    releasePage(doc);
  });

  it('keeps an unclosed <svg> out of the stripping: the HTML after it stays', () => {
    const doc = parsePage(
      '<html><body><svg><path/><p>after</p></body></html>',
      'https://one.example/',
    );
    expect(doc.body.textContent).toContain('after');
    releasePage(doc);
  });

  it('throws EXTRACT_FAILED for a URL that is not one', () => {
    expect(() => parsePage(PAGE, 'not a url')).toThrow(
      expect.objectContaining({ code: 'EXTRACT_FAILED' }) as Error,
    );
  });

  it('releasePage detaches the tree, so the shared window no longer indexes its ids', () => {
    const doc = parsePage(
      '<html><body><div id="story">x</div></body></html>',
      'https://one.example/',
    );
    releasePage(doc);
    expect(doc.documentElement).toBeNull();
  });
});
