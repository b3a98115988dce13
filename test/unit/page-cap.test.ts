import { describe, expect, it } from 'vitest';
import { capPage } from '../../src/extract/page-cap.js';

const LIMITS = { chars: 1_000, elements: 10 };

describe('capPage: what of a page goes to jsdom', () => {
  it.each([
    ['a small page, whole', '<p>a</p><p>b</p>', '<p>a</p><p>b</p>', null],
    [
      'eleven elements, cut before the eleventh',
      '<p>x</p>'.repeat(11),
      '<p>x</p>'.repeat(10),
      'truncated-for-extraction: more than 10 elements, cut before element 11',
    ],
    ['end tags and comments do not count', '<b>x</b><!-- c -->'.repeat(10), null, null],
    [
      'too many characters, cut at a tag boundary',
      `<p>${'a'.repeat(600)}</p><p>${'b'.repeat(600)}</p>`,
      `<p>${'a'.repeat(600)}</p><p>${'b'.repeat(390)}`,
      'truncated-for-extraction: 1214 characters, cut at 1000',
    ],
    [
      'a cut inside a tag moves back to its start',
      `<p>${'a'.repeat(990)}</p><img src="x.png">`,
      `<p>${'a'.repeat(990)}</p>`,
      'truncated-for-extraction: 1014 characters, cut at 1000',
    ],
    [
      'the contents of scripts and styles do not count toward the characters',
      `<script>${'x'.repeat(5_000)}</script><style>${'y'.repeat(5_000)}</style><p>kept</p>`,
      null,
      null,
    ],
    [
      'markup after a long script still counts',
      `<script>${'x'.repeat(5_000)}</script><p>${'a'.repeat(1_200)}</p>`,
      `<script>${'x'.repeat(5_000)}</script><p>${'a'.repeat(980)}`,
      'truncated-for-extraction: 6224 characters, cut at 6000',
    ],
  ])('%s', (_name, html, kept, cut) => {
    const page = capPage(html, LIMITS);
    expect(page.html).toBe(kept ?? html);
    expect(page.cut).toBe(cut);
  });
});
