// What of a page goes to jsdom: at most so many characters and so many start tags. jsdom's tree
// costs about a kilobyte per node, so a 7.5 MB page of `x<br>` (1.5 million elements) needs
// gigabytes; a real article page has a few thousand elements. Past a cap the page is cut at a
// tag boundary and the cut is named, so the article is extracted from what came before it and
// flagged, never dropped. HTML parsers close whatever a cut leaves open.

export interface PageLimits {
  chars: number;
  elements: number;
}

export interface CappedPage {
  html: string;
  /** Why the page was cut (`truncated-for-extraction: …`), or null when it was whole. */
  cut: string | null;
}

export function capPage(html: string, limits: PageLimits): CappedPage {
  let end = charCut(html, limits.chars);
  let reason: string | null = end < html.length ? `${html.length} characters, cut at ${end}` : null;
  // The start of the element past the cap, if the part kept has that many.
  let elements = 0;
  for (let at = html.indexOf('<'); at !== -1 && at < end; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    const letter = (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
    if (letter && ++elements > limits.elements) {
      end = at;
      reason = `more than ${limits.elements} elements, cut before element ${elements}`;
      break;
    }
  }
  if (reason === null) return { html, cut: null };
  // Not inside a tag: back to the last '<' before the cut.
  const tag = html.lastIndexOf('<', end - 1);
  const gt = html.lastIndexOf('>', end - 1);
  if (tag > gt) end = tag;
  return { html: html.slice(0, end), cut: `truncated-for-extraction: ${reason}` };
}

const RAW_TEXT_OPEN = /<(script|style)\b[^>]*>/gi;

/**
 * Where the page passes `chars` characters of markup, or its length. The contents of <script>
 * and <style> do not count: each becomes one text node whatever its length, so a 10 MB inline
 * state object (a framework's hydration data, a JSON-LD body) costs jsdom no tree; cutting the
 * page inside one would lose the whole body after it.
 */
function charCut(html: string, chars: number): number {
  let pos = 0;
  let counted = 0;
  RAW_TEXT_OPEN.lastIndex = 0;
  for (;;) {
    const open = RAW_TEXT_OPEN.exec(html);
    const markupEnd = open ? open.index + open[0].length : html.length;
    if (counted + (markupEnd - pos) > chars) return pos + (chars - counted);
    if (!open) return html.length;
    counted += markupEnd - pos;
    const close = new RegExp(`</${open[1]}`, 'gi');
    close.lastIndex = markupEnd;
    const closed = close.exec(html);
    pos = closed ? closed.index : html.length;
    RAW_TEXT_OPEN.lastIndex = pos;
  }
}
