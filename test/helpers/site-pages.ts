// Pages of the synthetic site in test/fixtures/site/, and the one built around a seed's text.
import { readFileSync } from 'node:fs';
import { parseCorpusFile } from '../../src/corpus/corpus-parse.js';

/** The seed the republished page copies. */
export const REPUBLISHED_SEED_ID = '002_437fed77ab298106';

export function sitePage(name: string): string {
  return readFileSync(new URL(`../fixtures/site/${name}`, import.meta.url), 'utf8');
}

/** An outlet's page carrying the seed's text word for word, with `extra` HTML after it. */
export function republishedPage(extra = ''): string {
  const seed = parseCorpusFile(
    REPUBLISHED_SEED_ID,
    'seed',
    readFileSync(new URL(`../../corpus/seed/${REPUBLISHED_SEED_ID}.txt`, import.meta.url), 'utf8'),
  );
  const paragraphs = seed.text
    .split('\n\n')
    .map((p) => `      <p>${p}</p>`)
    .join('\n');
  return sitePage('republished.html').replace('{{SEED_PARAGRAPHS}}', paragraphs + extra);
}

/** Ald. Quintero's quote in new-quote.html. */
export const QUINTERO_QUOTE =
  'Nobody on this council wants a patrol officer deciding immigration policy at the curb';

// A second outlet's write-up a day later that repeats Quintero's quote in its own words around it.
export const REPEAT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<!-- Synthetic test page: the alderman and her quote are invented for newsmon's tests. -->
<title>Council hearing on CPD and ICE draws a crowd</title>
<meta property="og:site_name" content="Other Daily">
<meta property="article:published_time" content="2025-10-09T12:00:00Z"></head><body><article>
<h1>Council hearing on CPD and ICE draws a crowd</h1>
<p>Residents of Brighton Park filled City Hall on Tuesday as aldermen questioned Chicago Police Department commanders about calls for help from ICE and Border Patrol agents.</p>
<p>“${QUINTERO_QUOTE},” Ald. Rosa Quintero told the room, drawing applause from the crowd in the gallery.</p>
<p>Police officials at the hearing said officers follow the Welcoming City ordinance and respond to emergencies regardless of who calls, and promised a written answer to the council.</p>
</article></body></html>`;
