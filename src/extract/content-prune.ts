// What Readability keeps but a reader skips: captions and photo credits, breadcrumbs, and the
// "Related" / "Read more" link blocks publishers drop between paragraphs. The rules are about
// page structure, never about a particular site.

// Captions and galleries repeat the story in other words and credit photographers. Navigation and
// asides inside the article are breadcrumbs, pull quotes and promotions.
// AMP's ad elements hold only an "Advertisement" placeholder.
const NEVER_BODY =
  'figure, figcaption, nav, aside, [role="navigation"], [role="complementary"], amp-ad, amp-embed, amp-sticky-ad';

// Words that CMSs use in the class and id names of non-body parts of an article. A name counts
// only when one of its words IS such a word (see nameWords): "imageCredit" and "share-bar" do,
// "sharedContent" and "incredible" do not.
const BOILERPLATE_WORDS = new Set([
  'caption',
  'captions',
  'credit',
  'credits',
  'breadcrumb',
  'breadcrumbs',
  'newsletter',
  'byline',
  'dateline',
  'share',
  'sharing',
  'social',
  'related',
  'promo',
  'sponsored',
  'author',
  'bio',
  // Readers' comments and the form to add one: what a commenter claims is not the outlet's story.
  'comment',
  'comments',
  'respond',
  'disqus',
]);

// Kickers, eyebrows and labels ("U.S.", "News brief", "Advertisement") name a section or a slot,
// never a sentence: only short ones go, so a "label" class on a real paragraph costs nothing.
const LABEL_WORDS = new Set(['kicker', 'eyebrow', 'overline', 'label']);
const MAX_LABEL_CHARS = 40;

// WordPress's post_class() and its imitators name the post's taxonomy terms on the story's own
// wrapper ("tag-social-media", "category-related-news"): the words after the prefix are a term
// someone typed, not the element's role.
const TAXONOMY_PREFIX = /^(?:tag|tags|category|categories|cat|topic|topics|section|format)[-_]/i;

// An element holding more than this share of the text is the story's wrapper whatever its name
// says ("share-container" around the whole story): removing it would empty the extraction.
const MAX_REMOVED_SHARE = 0.5;

// A block whose text is mostly link text is a list of other stories, not part of this one.
// Measured on the dev set: 0.8 drops "Related:"/"READ MORE:" blocks and keeps paragraphs that
// merely cite a source through a link.
const MAX_LINK_SHARE = 0.8;
const LINK_DENSITY_BLOCKS = 'p, li, ul, ol, dl, h2, h3, h4, h5, h6';
// A block that opens with a promo label and is then mostly a link is a teaser for another story
// even below the cut: "READ MORE: <headline>" is 0.795 link text on a short headline.
const PROMO_LABEL =
  /^\s*(?:read more|read next|related|see also|also read|read also|more|watch|listen|recommended|don[’']t miss|must read|further reading)\s*:/i;
const MAX_PROMO_LINK_SHARE = 0.5;

function visibleLength(el: Element | DocumentFragment): number {
  return (el.textContent ?? '').replace(/\s+/g, '').length;
}

function linkShare(el: Element): number {
  const total = visibleLength(el);
  if (total === 0) return 0;
  let linked = 0;
  // An <a name> anchor without an href, which old pages wrap around whole stories, is no link.
  for (const link of el.querySelectorAll('a[href]')) linked += visibleLength(link);
  return linked / total;
}

/**
 * The words of an element's class and id names, lower-cased: each name split at hyphens,
 * underscores and camelCase humps ("newsCaption" → news, caption), taxonomy names left out.
 */
export function nameWords(el: Element): string[] {
  const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  const out: string[] = [];
  for (const name of names.split(/\s+/)) {
    if (!name || TAXONOMY_PREFIX.test(name)) continue;
    for (const word of name.replace(/([a-z\d])([A-Z])/g, '$1 $2').split(/[\s_-]+/))
      if (word) out.push(word.toLowerCase());
  }
  return out;
}

/** The lists of links pruning removed: page-kind.ts reads them as evidence of an index page. */
export interface LinkLists {
  /** Blocks removed for being mostly links (a list counts its items), and their characters. */
  blocks: number;
  chars: number;
}

/** Removes captions, navigation and link lists from extracted content, in place. */
export function pruneBoilerplate(root: Element | DocumentFragment): LinkLists {
  // Measured once, before anything goes: the guard compares each removal with the whole.
  const limit = MAX_REMOVED_SHARE * visibleLength(root);
  const removable = (el: Element) => visibleLength(el) <= limit;
  for (const el of root.querySelectorAll(NEVER_BODY)) if (removable(el)) el.remove();
  for (const el of root.querySelectorAll('[class], [id]')) {
    if (!root.contains(el)) continue;
    const words = nameWords(el);
    if (words.length === 0) continue;
    if (words.some((w) => BOILERPLATE_WORDS.has(w))) {
      if (removable(el)) el.remove();
    } else if (words.some((w) => LABEL_WORDS.has(w)) && visibleLength(el) <= MAX_LABEL_CHARS) {
      el.remove();
    }
  }
  const lists: LinkLists = { blocks: 0, chars: 0 };
  for (const el of root.querySelectorAll(LINK_DENSITY_BLOCKS)) {
    if (!root.contains(el)) continue;
    const share = linkShare(el);
    if (share > MAX_LINK_SHARE) {
      lists.blocks += /^(?:ul|ol|dl)$/.test(el.localName) ? el.childElementCount : 1;
      lists.chars += visibleLength(el);
      el.remove();
    } else if (share > MAX_PROMO_LINK_SHARE && PROMO_LABEL.test(el.textContent ?? '')) el.remove();
  }
  return lists;
}

// "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: …" lines that templates print above the body;
// the date is kept in Article.publishedAt, and as a paragraph it reads as a claim with numbers.
const DATELINE = /^[\s|•·-]*(?:published|updated|posted|last updated|modified)\b[\s\S]{0,80}\d/i;
const MAX_DATELINE_CHARS = 100;

/** Drops the paragraphs that only state when the article was published or updated. */
export function withoutDatelines(paragraphs: readonly string[]): string[] {
  return paragraphs.filter((p) => p.length > MAX_DATELINE_CHARS || !DATELINE.test(p));
}

/** What the page says about itself, to recognise lines that only repeat it. */
export interface LineContext {
  /** The article's title. */
  title: string | null;
  /** Author names, the byline and the site name: "Staff · July 8, 2025" is a dateline. */
  names: readonly string[];
}

export interface CleanLines {
  paragraphs: string[];
  /** The subscribe prompt cut from the end, for the paywall flag. */
  prompt: string;
}

// Ad slots print their label as text: "Advertisement", "Story continues below advertisement",
// often two spans run together. Only lines made of nothing else go.
const AD_LABEL =
  /^(?:\s*(?:advertisement|advertising|sponsored content|(?:story|article) continues below(?: this)?(?: advertisement| ad)?|continue reading below|scroll to continue(?: with content)?)[\s.:·|-]*)+$/i;

// A line that is a date and time and nothing else but a name or a "Published/Updated" word.
const MAX_DATE_LINE_CHARS = 120;
// The first paragraph this long is the lead; shorter ones above it are the headline block.
const MIN_LEAD_CHARS = 100;
const MONTH =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/i;
const DATE_WORDS =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?|\b[ap]\.?m\b\.?|\b(?:published|updated|posted|modified|last|on|at|and|by)\b|\b[A-Z]{1,4}T\b|\bUTC\b|\d+(?:[:.]\d+)*(?:st|nd|rd|th)?/gi;

function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function isDateLine(p: string, names: ReadonlySet<string>): boolean {
  if (p.length > MAX_DATE_LINE_CHARS || !MONTH.test(p)) return false;
  // Spans run together ("… CDTUpdated …", "2019Updated"): split them before reading words.
  const spaced = p.replace(/([A-Z])([A-Z][a-z])|([a-z\d.])([A-Z])/g, '$1$3 $2$4');
  const rest = normalized(spaced.replace(DATE_WORDS, ' '));
  return rest === '' || names.has(rest);
}

// A photo caption ends with its credit: "… Photo: Dean Ross", "(Image: © NASA/ESA)".
const MAX_CAPTION_CHARS = 300;
const CAPTION_CREDIT =
  /(?:^|[\s(])(?:photo|photograph|picture|image|illustration)s?(?: credit)?(?: by)?\s*:\s*[^.!?:]{1,80}\)?$/i;

// Subscribe prompts and sign-in links that a paywall leaves after the teaser.
const MAX_PROMPT_CHARS = 200;
const SUBSCRIBE_PROMPT =
  /\bsubscri(?:be|ber|bers|ption)\b|\bunlimited (?:digital )?access\b|\b(?:sign|log) in\b|\bmembers only\b/i;
// "Originally published by …" and "This story first appeared in …" footers of a syndicated copy.
const SYNDICATION_FOOTER =
  /^(?:this (?:story|article) (?:was )?)?(?:originally|first) (?:published|appeared|ran)\b/i;

/**
 * Drops the lines templates print around the story: ad labels, dates, captions, section kickers
 * and a repeat of the title at the top, subscribe prompts and syndication footers at the end.
 */
export function cleanLines(paragraphs: readonly string[], context: LineContext): CleanLines {
  const names = new Set(context.names.map(normalized).filter(Boolean));
  const title = context.title ? normalized(context.title) : '';
  // Date lines only above the lead: further down, "29 November 2018 | 20 January 2019" is an
  // event's dates in a listing, which the story keeps.
  let aboveLead = true;
  const kept = withoutDatelines(paragraphs).filter((p) => {
    if (AD_LABEL.test(p) || (p.length <= MAX_CAPTION_CHARS && CAPTION_CREDIT.test(p))) return false;
    if (aboveLead && isDateLine(p, names)) return false;
    if (p.length >= MIN_LEAD_CHARS) aboveLead = false;
    return true;
  });
  if (title && kept.length > 1 && normalized(kept[0] ?? '') === title) kept.shift();
  const prompt: string[] = [];
  while (kept.length > 1) {
    const last = kept.at(-1) ?? '';
    if (last.length > MAX_PROMPT_CHARS) break;
    if (SUBSCRIBE_PROMPT.test(last)) prompt.unshift(last);
    else if (!SYNDICATION_FOOTER.test(last)) break;
    kept.pop();
  }
  return { paragraphs: kept, prompt: prompt.join(' ') };
}
