import { describe, expect, it } from 'vitest';
import { removeNeverStory } from '../../src/extract/article-extract.js';
import { parsePage, releasePage } from '../../src/extract/page-parse.js';
import { scanPage } from '../../src/extract/page-scan.js';

const STORY =
  '<p>Route 9 reopened on Tuesday after crews cleared the landslide that closed it for a week, ' +
  'the county said. Commuters had been sent on a 40-minute detour through the hills.</p>';
const menu = (n: number): string =>
  `<ul>${Array.from({ length: n }, (_, k) => `<li><a href="/s/${k}">Section headline number ${k}</a></li>`).join('')}</ul>`;

/** What is left of the page's body after navigation and asides are removed. */
function afterRemoval(body: string): string {
  const doc = parsePage(
    `<!doctype html><html><body>${body}</body></html>`,
    'https://news.example/a',
  );
  try {
    removeNeverStory(doc, scanPage(doc).neverStory);
    return doc.body.innerHTML;
  } finally {
    releasePage(doc);
  }
}

describe('navigation and asides are removed before Readability', () => {
  it('removes a mega-menu that holds more text than the story, all of it link text', () => {
    const left = afterRemoval(`<nav>${menu(200)}</nav><div>${STORY}</div>`);
    expect(left).not.toContain('Section headline');
    expect(left).toContain('Route 9 reopened');
  });

  it('removes an aside whose prose is a small share of the page', () => {
    const left = afterRemoval(
      `<div>${STORY}${STORY}</div><aside><p>Sign up for our newsletter.</p></aside>`,
    );
    expect(left).not.toContain('newsletter');
  });

  it('keeps an unclosed aside that swallowed the story: it holds most of the prose', () => {
    const left = afterRemoval(
      `<div class="rail"><aside><h3>Most read</h3>${menu(3)}${STORY}</div>`,
    );
    expect(left).toContain('Route 9 reopened');
    expect(left).toContain('<aside>');
  });
});
