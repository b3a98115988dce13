// The extraction dev set (pages of scrapinghub/article-extraction-benchmark, kept outside the
// repo: they are publishers' pages, for evaluation only) and the plain Readability-on-jsdom
// baseline that both the eval and the bench measure newsmon against.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { projectRoot } from '../src/config.js';
// jsdom through newsmon's loader, which must load it first in any process (see there); the
// baseline's windows are not marked inert, so they do all of jsdom's work.
import { JSDOM, VirtualConsole } from '../src/extract/jsdom-inert.js';
import { decodeDocument } from '../src/extract/charset-decode.js';

export interface ExtractionPage {
  id: string;
  url: string;
  /** Decoded as the pipeline decodes a fetched page with no Content-Type charset. */
  html: string;
  /** The benchmark's gold article body. */
  truth: string;
  /** The benchmark a page comes from, when the ground truth names it (extraction2 does). */
  source: string | null;
}

interface GroundTruth {
  [id: string]: { articleBody?: string; url?: string; source?: string };
}

/** ../shared/data/extraction-dev beside the project, when it is there. */
export function defaultDevSetDir(): string | null {
  const dir = path.resolve(projectRoot(), '../shared/data/extraction-dev');
  return existsSync(path.join(dir, 'ground-truth.json')) ? dir : null;
}

/** Every page named in DIR/ground-truth.json, read from DIR/html/<id>.html.gz or <id>.html. */
export function loadExtractionPages(dir: string): ExtractionPage[] {
  const truthFile = path.join(dir, 'ground-truth.json');
  if (!existsSync(truthFile)) throw new Error(`eval: ${truthFile} not found`);
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
  const htmlDir = path.join(dir, 'html');
  const files = new Set(existsSync(htmlDir) ? readdirSync(htmlDir) : []);
  return Object.entries(truth).map(([id, gold]) => {
    let bytes: Buffer;
    if (files.has(`${id}.html.gz`))
      bytes = gunzipSync(readFileSync(path.join(htmlDir, `${id}.html.gz`)));
    else if (files.has(`${id}.html`)) bytes = readFileSync(path.join(htmlDir, `${id}.html`));
    else throw new Error(`eval: no html/${id}.html.gz or html/${id}.html in ${dir}`);
    if (!gold.url) throw new Error(`eval: ground truth of ${id} has no url`);
    return {
      id,
      url: gold.url,
      // No Content-Type: the snapshots carry no headers. The README's plain utf8 decode and this
      // agree on the dev set; decodeDocument also honours a page's own charset, as the pipeline does.
      html: decodeDocument(bytes, null).text,
      truth: gold.articleBody ?? '',
      source: typeof gold.source === 'string' ? gold.source : null,
    };
  });
}

/**
 * The baseline: `new JSDOM(html, { url })` and Readability's textContent, as the benchmark's
 * readability_js extractor runs it. A page that throws or yields nothing is empty. The silent
 * VirtualConsole changes no text; it keeps jsdom's CSS complaints off the report (and, in the
 * bench, keeps console writes out of the timing, as newsmon's own call does).
 */
export function plainReadabilityText(html: string, url: string): string {
  let dom: JSDOM | undefined;
  try {
    dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
    return new Readability(dom.window.document).parse()?.textContent ?? '';
  } catch {
    // jsdom throws on some pages' stylesheets (an unbalanced calc()); the baseline scores 0 there.
    return '';
  } finally {
    dom?.window.close();
  }
}
