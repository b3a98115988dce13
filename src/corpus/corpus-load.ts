import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument } from '../domain/types.js';
import { parseCorpusFile } from './corpus-parse.js';

/** Every .txt file of a directory, sorted by name; the corpus is named after the directory. */
export async function loadCorpusDir(dir: string, corpus = path.basename(dir)): Promise<CorpusDocument[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(
    names.map(async (name) =>
      parseCorpusFile(path.basename(name, '.txt'), corpus, await readFile(path.join(dir, name), 'utf8')),
    ),
  );
}
