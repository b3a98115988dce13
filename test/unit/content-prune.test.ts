import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { nameWords, pruneBoilerplate } from '../../src/extract/content-prune.js';

const STORY = [
  'The county will replace the Mill Road bridge next spring, the highway department said on Monday.',
  'The work will close the road for about four months, and a detour will run through Elm Street.',
  'Residents asked for a temporary footbridge; the department said it would study the request.',
].map((p) => `<p>${p}</p>`);

function root(html: string): Element {
  return new JSDOM(`<body><div id="root">${html}</div></body>`).window.document.getElementById(
    'root',
  )!;
}

function el(attrs: string): Element {
  return root(`<div ${attrs}></div>`).firstElementChild!;
}

describe('nameWords', () => {
  it.each([
    { name: 'hyphenated class', attrs: 'class="share-bar"', words: ['share', 'bar'] },
    { name: 'camelCase class', attrs: 'class="imageCredit"', words: ['image', 'credit'] },
    {
      name: 'underscores and an id',
      attrs: 'class="wp_caption" id="main"',
      words: ['wp', 'caption', 'main'],
    },
    {
      name: 'a word inside a word stays whole',
      attrs: 'class="sharedContent incredible"',
      words: ['shared', 'content', 'incredible'],
    },
    {
      name: 'WordPress taxonomy classes are left out',
      attrs: 'class="post tag-tax-credits category-social-media"',
      words: ['post'],
    },
  ])('$name', ({ attrs, words }) => {
    expect(nameWords(el(attrs))).toEqual(words);
  });
});

describe('pruneBoilerplate', () => {
  const cases: { name: string; html: string; gone: string[]; kept?: string }[] = [
    {
      name: 'drops a share bar and a photo credit inside the story',
      html: `<div class="share-bar"><a href="/s">Share this</a></div>${STORY.join('')}<p class="photo-credit">Photo by Jo Lee</p>`,
      gone: ['Share this', 'Photo by Jo Lee'],
    },
    {
      name: 'keeps a story wrapper whose class holds a boilerplate word (share-container)',
      html: `<div class="share-container">${STORY.join('')}</div>`,
      gone: [],
    },
    {
      name: 'keeps a wrapper whose taxonomy class holds one (tag-tax-credits)',
      html: `<div class="post tag-tax-credits">${STORY.join('')}</div>`,
      gone: [],
    },
    {
      name: 'drops a caption whose class is camelCase (newsCaption)',
      html: `${STORY.join('')}<div class="newsCaption">The bridge in 1958.</div>`,
      gone: ['The bridge in 1958.'],
    },
    {
      name: 'drops the readers’ comments and the comment form',
      html: `${STORY.join('')}<div id="comments"><h3>2 thoughts</h3><div class="comment-body">Great story, thanks.</div></div><div id="respond"><p>Leave a reply</p></div>`,
      gone: ['2 thoughts', 'Great story, thanks.', 'Leave a reply'],
    },
    {
      name: 'keeps a <figure> that holds most of the text',
      html: `<figure>${STORY.join('')}</figure><p>Short line.</p>`,
      gone: [],
    },
    {
      name: 'keeps a paragraph wrapped in an <a name> anchor, which is no link',
      html: `${STORY.join('')}<p><a name="more">${'The vote is set for June. '.repeat(3)}</a></p>`,
      gone: [],
      kept: 'The vote is set for June.',
    },
  ];

  it.each(cases)('$name', ({ html, gone, kept }) => {
    const r = root(html);
    pruneBoilerplate(r);
    const text = r.textContent ?? '';
    for (const p of STORY) expect(text).toContain(p.replace(/<\/?p>/g, ''));
    for (const g of gone) expect(text).not.toContain(g);
    if (kept) expect(text).toContain(kept);
  });

  it('counts the link lists it removes, a list by its items', () => {
    const list = `<ul>${Array.from({ length: 6 }, (_, i) => `<li><a href="/n/${i}">Other story number ${i}</a></li>`).join('')}</ul>`;
    const r = root(`${STORY[0]}${list}<p><a href="/x">Read the full report</a></p>`);
    const lists = pruneBoilerplate(r);
    expect(lists.blocks).toBe(7);
    expect(lists.chars).toBeGreaterThan(100);
    expect(r.querySelectorAll('a')).toHaveLength(0);
  });
});
