// Adds one golden extraction case, as mozilla/readability's test/generate-testcase.js does:
// test/fixtures/articles/<slug>/source.html (the bytes as read or fetched) and expected.json (what
// the built extractor makes of them today). The expectation is a draft: read its text, and fix it
// by hand wherever the extractor is wrong — a golden file records what is right.
//
//   npm run fixture:add -- <file.html|URL> <slug> [--url PAGE_URL] [--content-type TYPE] [--force]
//
// --url          the address the page is extracted as (relative links and the canonical resolve
//                against it); default: the fetched URL, or a placeholder for a local file
// --content-type the HTTP Content-Type to decode with; default: the response's, or none for a file
// --force        overwrite an existing case
//
// Runs the compiled code in dist/ (`npm run fixture:add` builds first). URLs are fetched with the
// project's own client, so the SSRF guard and the size and redirect limits apply.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CASES_DIR = path.join(ROOT, 'test', 'fixtures', 'articles');
const USAGE =
  'usage: npm run fixture:add -- <file.html|URL> <slug> [--url PAGE_URL] [--content-type TYPE] [--force]';

function fail(message) {
  console.error(message);
  process.exit(1);
}

async function fromDist(relative) {
  const file = path.join(ROOT, 'dist', relative);
  if (!existsSync(file))
    fail(`${path.relative(ROOT, file)} is missing: run \`npm run build\` first`);
  return import(pathToFileURL(file).href);
}

async function fetchPage(url) {
  const { loadConfig } = await fromDist('src/config.js');
  const { createHttpClient, assertOk } = await fromDist('src/fetch/http-client.js');
  const client = createHttpClient(loadConfig({ env: process.env }).fetch);
  try {
    const res = await client.get(url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    assertOk(res);
    return { bytes: res.body, pageUrl: res.url, contentType: res.headers['content-type'] ?? null };
  } finally {
    await client.close();
  }
}

/** The fields a golden case pins; see test/unit/golden-articles.test.ts for how they compare. */
function expectationOf(article) {
  return {
    title: article.title,
    byline: article.byline,
    authors: article.authors,
    siteName: article.siteName,
    lang: article.lang,
    publishedAt: article.publishedAt,
    dates: { published: article.dates.published, modified: article.dates.modified },
    canonicalUrl: article.canonicalUrl,
    method: article.method,
    flags: {
      paywalled: article.flags.paywalled,
      partial: article.flags.partial,
      truncated: article.flags.truncated,
      thin: article.flags.thin,
      linkHeavy: article.flags.linkHeavy,
    },
    text: article.text,
  };
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'content-type': { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    fail(`${err.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [input, slug] = positionals;
  if (!input || !slug || positionals.length > 2) fail(USAGE);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) fail(`slug must be kebab-case: ${slug}`);

  const dir = path.join(CASES_DIR, slug);
  const expectedFile = path.join(dir, 'expected.json');
  if (existsSync(expectedFile) && !values.force) {
    fail(`${path.relative(ROOT, expectedFile)} exists; pass --force to overwrite it`);
  }

  let bytes;
  let pageUrl;
  let contentType = values['content-type'] ?? null;
  if (/^https?:\/\//i.test(input)) {
    const page = await fetchPage(input);
    bytes = page.bytes;
    pageUrl = values.url ?? page.pageUrl;
    contentType ??= page.contentType;
  } else {
    bytes = readFileSync(input);
    pageUrl = values.url ?? `https://fixtures.newsmon.example/articles/${slug}/`;
    if (!values.url) console.warn(`no --url given: extracting as ${pageUrl}`);
  }

  const { decodeDocument } = await fromDist('src/extract/charset-decode.js');
  const { extractArticle } = await fromDist('src/extract/article-extract.js');
  const expected = { url: pageUrl };
  if (contentType) expected.contentType = contentType;
  try {
    const article = extractArticle(decodeDocument(bytes, contentType).text, pageUrl);
    Object.assign(expected, { expect: 'article' }, expectationOf(article));
  } catch (err) {
    if (typeof err?.code !== 'string') throw err;
    Object.assign(expected, { expect: 'rejected', error: err.code });
  }

  mkdirSync(dir, { recursive: true });
  const sourceFile = path.join(dir, 'source.html');
  if (path.resolve(input) !== sourceFile) writeFileSync(sourceFile, bytes);
  writeFileSync(expectedFile, `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`wrote ${path.relative(ROOT, dir)}/{source.html,expected.json}: ${expected.expect}`);
  console.log('Review expected.json before committing: it records what the extractor does today.');
}

await main().catch((err) => {
  // A refused or failed fetch (FETCH_BLOCKED_ADDRESS, FETCH_HTTP_GONE, …) is a message, not a crash.
  if (typeof err?.code === 'string') fail(`${err.code}: ${err.message}`);
  throw err;
});
