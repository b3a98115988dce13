// Golden extraction cases, one directory per page under test/fixtures/articles (the layout of
// mozilla/readability's test/test-pages): source.html holds the bytes as served, expected.json
// what extraction must make of them. Only the fields expected.json names are compared, so a new
// Article field does not churn every fixture; the text always is, exactly.
// `npm run fixture:add` drafts a new case (scripts/add-article-fixture.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/article-extract.js';
import { decodeDocument } from '../../src/extract/charset-decode.js';

const CASES_DIR = new URL('../fixtures/articles/', import.meta.url);

interface Expected {
  /** The address the page is extracted as. */
  url: string;
  /** The HTTP Content-Type it was served with, when the case depends on it. */
  contentType?: string;
  expect: 'article' | 'rejected';
  /** Set while the extractor gets the case wrong: the test then passes only while it fails. */
  knownFailure?: string;
  /** For rejected pages: the NewsmonError code. */
  error?: string;
  /** For articles: the Article fields to compare; nested objects compare only their keys. */
  [field: string]: unknown;
}

interface GoldenCase {
  slug: string;
  source: Buffer;
  expected: Expected;
}

const CASE_KEYS = new Set(['url', 'contentType', 'expect', 'knownFailure', 'error']);

function loadCase(slug: string): GoldenCase {
  const dir = new URL(`${slug}/`, CASES_DIR);
  const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Expected;
  const complete =
    expected.expect === 'rejected' ? typeof expected.error === 'string' : 'text' in expected;
  if (!complete) throw new Error(`${slug}/expected.json: an article needs text, a rejection error`);
  return { slug, source: readFileSync(new URL('source.html', dir)), expected };
}

const cases = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => loadCase(entry.name))
  .sort((a, b) => a.slug.localeCompare(b.slug));

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The part of `actual` that `expected` describes: its keys, recursively into plain objects. */
function pick(actual: Record<string, unknown>, expected: Record<string, unknown>) {
  const picked: Record<string, unknown> = {};
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    picked[key] = isPlainObject(want) && isPlainObject(got) ? pick(got, want) : got;
  }
  return picked;
}

function extract({ source, expected }: GoldenCase) {
  const { text: html } = decodeDocument(source, expected.contentType ?? null);
  return extractArticle(html, expected.url);
}

function check(golden: GoldenCase): void {
  const { expected } = golden;
  if (expected.expect === 'rejected') {
    let error: unknown;
    try {
      extract(golden);
    } catch (err) {
      error = err;
    }
    expect(error, 'the page must be rejected').toMatchObject({ code: expected.error });
    return;
  }
  const fields = Object.fromEntries(
    Object.entries(expected).filter(([key]) => !CASE_KEYS.has(key)),
  );
  const article = extract(golden) as unknown as Record<string, unknown>;
  expect(pick(article, fields)).toEqual(fields);
}

describe('golden articles (test/fixtures/articles)', () => {
  const named = (list: GoldenCase[]) => list.map((c) => [c.slug, c] as const);
  it.each(named(cases.filter((c) => !c.expected.knownFailure)))('%s', (_, c) => check(c));

  // it.fails, not it.skip: when the extractor is fixed these turn red, and the case's
  // knownFailure entry is removed.
  it.fails.each(named(cases.filter((c) => c.expected.knownFailure)))('%s (known failure)', (_, c) =>
    check(c),
  );
});
