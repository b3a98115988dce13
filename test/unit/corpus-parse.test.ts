import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../src/corpus/corpus-load.js';
import { parseCorpusFile } from '../../src/corpus/corpus-parse.js';
import { projectRoot } from '../../src/config.js';

describe('parseCorpusFile', () => {
  it.each([
    [
      'a date line with the first paragraph on the same line',
      ' date 2025-10-06 Sanctuary city Chicago has ordered police.\n\nSecond paragraph.',
      '2025-10-06',
      'Sanctuary city Chicago has ordered police.\n\nSecond paragraph.',
    ],
    [
      'a date line of its own',
      ' date 2025-10-05\nFirst.\nSecond.',
      '2025-10-05',
      'First.\n\nSecond.',
    ],
    ['no date line', 'First line.\nSecond line.', null, 'First line.\n\nSecond line.'],
    ['CRLF, BOM and runs of blank lines', '\uFEFFA.\r\n\r\n\r\n\r\nB.\r\n', null, 'A.\n\nB.'],
  ])('reads %s', (_name, content, date, text) => {
    const doc = parseCorpusFile('x', 'seed', content);
    expect(doc.publishedAt).toBe(date);
    expect(doc.text).toBe(text);
  });

  it('takes a short first line without closing punctuation as the title', () => {
    expect(parseCorpusFile('x', 's', 'Chicago PD says it will not assist\n\nBody.').title).toBe(
      'Chicago PD says it will not assist',
    );
    expect(parseCorpusFile('x', 's', 'A full sentence.\nBody.').title).toBeNull();
  });
});

describe('loadCorpusDir', () => {
  it('loads the shipped seed corpus with ids from file names, sorted', async () => {
    const docs = await loadCorpusDir(path.join(projectRoot(), 'corpus', 'seed'));
    expect(docs.map((d) => d.id)).toEqual([
      '000_be577ad3e1b75147',
      '001_c8a33281598bb792',
      '002_437fed77ab298106',
      '003_131b773d0a96e494',
      '004_475169c6ad84cf91',
    ]);
    expect(docs.every((d) => d.corpus === 'seed')).toBe(true);
    expect(docs[0]!.publishedAt).toBe('2025-10-06');
    expect(docs[0]!.text.startsWith('Sanctuary city Chicago')).toBe(true);
  });
});
