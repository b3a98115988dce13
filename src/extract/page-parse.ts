// HTML to a Document, reusing one jsdom window per thread. Creating a window costs more than
// parsing a typical page, and a DOMParser document is inert: it has no browsing context, so its
// scripts never run, its stylesheets are never parsed and nothing is fetched.
import { JSDOM, markInert, VirtualConsole } from './jsdom-inert.js';
import { NewsmonError } from '../errors.js';

// The one piece of module state: a blank window whose only job is to own DOMParser. Created on
// first use, so importing this module costs nothing. Every parsed page must be handed back to
// releasePage, or the window keeps it alive (see there).
let parserWindow: JSDOM | null = null;

// Scripts (other than JSON-LD, which the metadata reads), styles, inline SVG and comments carry
// no article text but are most of a typical page's bytes (221 KB mean on the dev set, 71 KB
// without them), and jsdom's tree building is what parsing costs; the parser never sees them.
// Whichever starts first wins, as in the HTML tokenizer: a "<script>" inside a comment is
// comment. A script or style ends at the first </script or </style, and an unclosed one
// swallows the rest of the page, as in a browser; an unclosed <svg> is left to the parser, which
// leaves foreign content at the next HTML block.
const NEVER_TEXT =
  /<!--(?:>|->|[\s\S]*?(?:-->|$))|<(script|style)(?=[\s/>])([^>]*)>[\s\S]*?(?:<\/\1\s*>|$)|<svg(?=[\s/>])[\s\S]*?<\/svg\s*>/gi;
const JSON_LD_TYPE = /\btype\s*=\s*["']?application\/ld\+json/i;

function withoutNonText(html: string): string {
  return html.replace(NEVER_TEXT, (block, tag: string | undefined, attrs: string | undefined) =>
    tag?.toLowerCase() === 'script' && JSON_LD_TYPE.test(attrs ?? '') ? block : '',
  );
}

// Chrome's HTML parser stops nesting at 512 elements (kMaximumHTMLParserDOMTreeDepth). jsdom and
// Readability have no such limit and slow down far faster than linearly with depth: 500 nested
// <div>s take ~2 s to extract, 1,000 ~11 s, and 5,000 overflow the stack (a RangeError, retried as
// if transient). News pages nest a few dozen deep; deeper markup is refused before parsing.
export const MAX_NESTING_DEPTH = 512;
// Elements that never hold others (void) or that the parser closes by itself when a sibling opens
// (optional end tags): counting them would call a page of unclosed <p>s deep.
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta param source track wbr html head body p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rtc rp'.split(
    ' ',
  ),
);
const TAG = /<(\/?)([a-zA-Z][^\s/>]*)[^>]*?(\/?)>/g;

/**
 * How deep the page's elements nest, counted on the markup: open tags minus close tags, leaving
 * out void elements and those with optional end tags. An estimate that errs low, cheap enough
 * for a 10 MB page.
 */
export function nestingDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const [, close, name, selfClosing] of html.matchAll(TAG)) {
    if (selfClosing || NOT_NESTING.has(name!.toLowerCase())) continue;
    if (close) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

/**
 * Parses a decoded page as the document at `url`: relative links and `baseURI` resolve against
 * it (or the page's own <base href>). Throws EXTRACT_FAILED when `url` is not a URL, or when the
 * page nests deeper than MAX_NESTING_DEPTH elements.
 */
export function parsePage(html: string, url: string): Document {
  parserWindow ??= createParserWindow();
  try {
    // DOMParser documents take their URL from the window's document.
    parserWindow.reconfigure({ url });
  } catch (err) {
    throw new NewsmonError('EXTRACT_FAILED', `cannot parse ${url}`, { cause: err });
  }
  const markup = withoutNonText(html);
  const depth = nestingDepth(markup);
  if (depth > MAX_NESTING_DEPTH) {
    throw new NewsmonError(
      'EXTRACT_FAILED',
      `${url} nests ${depth} elements deep (more than ${MAX_NESTING_DEPTH})`,
    );
  }
  return new parserWindow.window.DOMParser().parseFromString(markup, 'text/html');
}

function createParserWindow(): JSDOM {
  // No runScripts and no resources: jsdom's defaults. A silent VirtualConsole keeps jsdom's
  // complaints out of the service's stdout.
  const dom = new JSDOM('', { virtualConsole: new VirtualConsole() });
  // jsdom's selector engine (@asamuzakjp/dom-selector 7) adds eleven focus, key and mouse
  // listeners to the window for every document that runs a querySelector, and never removes
  // them; each listener keeps its document alive, so every page would stay in memory. They
  // track user input for :focus-visible and :hover, which a window that runs no scripts and
  // gets no input never has: this private window takes no listeners at all.
  dom.window.addEventListener = () => undefined;
  markInert(dom);
  return dom;
}

/**
 * Lets a parsed page be collected. jsdom 29 indexes every attached element with an id or a name
 * in its window's named-property table (window.foo for <div id="foo">), even for documents that
 * are not the window's own, such as DOMParser's, and drops an element only when it is detached.
 * Without this, each page stays reachable from the shared window: the heap grew by about 2 MB
 * per page on the dev set. Detaching the root unindexes the whole tree.
 */
export function releasePage(doc: Document): void {
  doc.documentElement?.remove();
}
