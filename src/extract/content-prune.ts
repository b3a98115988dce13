// What Readability keeps but a reader skips: captions and photo credits, breadcrumbs, and the
// "Related" / "Read more" link blocks publishers drop between paragraphs. The rules are about
// page structure, never about a particular site.

// Captions and galleries repeat the story in other words and credit photographers. Navigation and
// asides inside the article are breadcrumbs, pull quotes and promotions.
const NEVER_BODY = 'figure, figcaption, nav, aside, [role="navigation"], [role="complementary"]';

// Class and id words that CMSs give to non-body parts of an article. Caption-like words match
// inside camelCase names too ("newsCaption", "imageCredit"); the short words only as whole words.
const BOILERPLATE_NAME =
  /caption|credit|breadcrumb|newsletter|byline|dateline|(?:^|[\s_-])(?:share|sharing|social|related|promo|sponsored|author|bio)(?:$|[\s_-])/i;

// A block whose text is mostly link text is a list of other stories, not part of this one.
// Measured on the dev set: 0.8 drops "Related:"/"READ MORE:" blocks and keeps paragraphs that
// merely cite a source through a link.
const MAX_LINK_SHARE = 0.8;
const LINK_DENSITY_BLOCKS = 'p, li, ul, ol, dl, h2, h3, h4, h5, h6';

function visibleLength(el: Element): number {
  return (el.textContent ?? '').replace(/\s+/g, '').length;
}

function linkShare(el: Element): number {
  const total = visibleLength(el);
  if (total === 0) return 0;
  let linked = 0;
  for (const link of el.querySelectorAll('a')) linked += visibleLength(link);
  return linked / total;
}

/** Removes captions, navigation and link lists from extracted content, in place. */
export function pruneBoilerplate(root: Element | DocumentFragment): void {
  for (const el of root.querySelectorAll(NEVER_BODY)) el.remove();
  for (const el of root.querySelectorAll('[class], [id]')) {
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (BOILERPLATE_NAME.test(names)) el.remove();
  }
  for (const el of root.querySelectorAll(LINK_DENSITY_BLOCKS)) {
    if (root.contains(el) && linkShare(el) > MAX_LINK_SHARE) el.remove();
  }
}

// "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: …" lines that templates print above the body;
// the date is kept in Article.publishedAt, and as a paragraph it reads as a claim with numbers.
const DATELINE = /^[\s|•·-]*(?:published|updated|posted|last updated|modified)\b[\s\S]{0,80}\d/i;
const MAX_DATELINE_CHARS = 100;

/** Drops the paragraphs that only state when the article was published or updated. */
export function withoutDatelines(paragraphs: readonly string[]): string[] {
  return paragraphs.filter((p) => p.length > MAX_DATELINE_CHARS || !DATELINE.test(p));
}
