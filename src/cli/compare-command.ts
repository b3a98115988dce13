// `newsmon compare PAIRS.jsonl`: the restatement judgement on sentence pairs, so that what the
// pipeline decides (novelty.ts calls the same restatement()) can be measured on public
// paraphrase benchmarks. Each line `{"id","a","b"}`: b is judged against a as the known
// statement. Words are weighed by IDF over the file's own sentences (each one document), as the
// pipeline weighs them over its known statements.
import { readFile } from 'node:fs/promises';
import { idfOfSentences, restatement } from '../claims/restatement.js';
import { readSentence } from '../claims/sentence-reading.js';
import { describeError, NewsmonError } from '../errors.js';
import type { Out } from './cli-redis.js';

export const COMPARE_USAGE = `usage: newsmon compare PAIRS.jsonl
  reads lines {"id","a","b"} and prints {"id","restated":true|false,"score"} per pair,
  b judged against a as the known statement (the pipeline's restatement judgement)`;

interface Pair {
  id: unknown;
  a: string;
  b: string;
}

function parsePair(line: string, n: number): Pair {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new NewsmonError('INPUT_INVALID', `line ${n}: not JSON`);
  }
  const p = value as Partial<Pair> | null;
  if (!p || typeof p.a !== 'string' || typeof p.b !== 'string') {
    throw new NewsmonError('INPUT_INVALID', `line ${n}: needs string fields "a" and "b"`);
  }
  return { id: p.id ?? null, a: p.a, b: p.b };
}

/** The judgement of every pair of `text` (JSON Lines); a bad line gives an error line, and exit 1. */
export function comparePairs(text: string, out: Out): number {
  const rows = text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter((r) => r.line !== '')
    .map((r) => {
      try {
        return parsePair(r.line, r.n);
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
    });
  const pairs = rows.filter((r): r is Pair => !(r instanceof Error));
  const weight = idfOfSentences(pairs.flatMap((p) => [p.a, p.b]));
  let failures = 0;
  for (const r of rows) {
    if (r instanceof Error) {
      failures++;
      out(JSON.stringify({ error: describeError(r) }));
      continue;
    }
    const { restated, score } = restatement(readSentence(r.b), readSentence(r.a), weight);
    out(JSON.stringify({ id: r.id, restated, score: Math.round(score * 1000) / 1000 }));
  }
  return failures > 0 ? 1 : 0;
}

export async function runCompareCommand(args: string[], out: Out, err: Out): Promise<number> {
  const [file] = args;
  if (!file || args.length > 1) {
    err(COMPARE_USAGE);
    return 2;
  }
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    err(`newsmon compare: ${file}: ${e.code ?? e.message}`);
    return null;
  });
  return text === null ? 1 : comparePairs(text, out);
}
