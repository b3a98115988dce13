// Readable output of the one-shot commands, for a person at a terminal.
import { FLAGGED_NOVELTY } from '../claims/review-items.js';
import type { Novelty } from '../domain/types.js';
import type { CheckLine, OneShotLine } from './one-shot.js';

interface ErrorLine {
  input: string;
  error: { code: string; message: string };
}

function isError(line: OneShotLine): line is OneShotLine & ErrorLine {
  return typeof line.error === 'object' && line.error !== null;
}

export function formatExtract(line: OneShotLine): string {
  if (isError(line)) return `✗ ${line.input}\n  ${line.error.code}: ${line.error.message}\n`;
  const l = line as Record<string, string | number | null>;
  return [
    `== ${String(l.input)}`,
    `title:     ${String(l.title ?? '—')}`,
    `byline:    ${String(l.byline ?? '—')}`,
    `site:      ${String(l.siteName ?? '—')}   lang: ${String(l.lang ?? '—')}   published: ${String(l.publishedAt ?? '—')}`,
    `method:    ${String(l.method)}   words: ${String(l.wordCount)}`,
    '',
    String(l.text),
    '',
  ].join('\n');
}

export function formatCheck(line: OneShotLine): string {
  if (isError(line)) return `✗ ${line.input}\n  ${line.error.code}: ${line.error.message}\n`;
  const l = line as unknown as CheckLine;
  const out = [`== ${l.input}`];
  out.push(`relevant:  ${l.relevance.relevant ? 'yes' : 'no'} (score ${l.relevance.score})`);
  l.relevance.why.forEach((w) => out.push(`           ${w}`));
  const best = l.dedup.matches[0];
  out.push(
    `dedup:     ${l.dedup.verdict}` +
      (best ? ` — ${best.doc} (jaccard ${best.jaccard}, containment ${best.containment})` : ''),
  );
  const fresh = l.claims.filter((c) => FLAGGED_NOVELTY.includes(c.novelty as Novelty));
  out.push(`claims:    ${l.claims.length} found, ${fresh.length} not known`);
  for (const c of fresh) {
    const who = c.speaker ? ` — ${c.speaker}` : '';
    out.push(`  [${c.novelty}] ${c.kind}${who}: ${truncate(c.text, 160)}`);
    out.push(
      c.nearest
        ? `      nearest ${c.nearest.doc} (${c.nearest.score}): ${truncate(c.nearest.text, 120)}`
        : '      nothing similar known',
    );
    if (c.diff)
      out.push(`      differs: − ${c.diff.removed.join(' ')}  + ${c.diff.added.join(' ')}`);
    if (c.conflict) out.push(`      conflict: ${c.conflict.ours} here, ${c.conflict.theirs} known`);
  }
  out.push('');
  return out.join('\n');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
