import { describe, expect, it } from 'vitest';

import type { KnownStatement } from '../../src/domain/types.js';
import {
  addStatements,
  buildStatementIndex,
  compacted,
  contentTerms,
  removeDocument,
  statementAt,
  idfOf,
} from '../../src/claims/statement-index.js';
import {
  candidates,
  earliestOnTimeline,
  termIdsOf,
  timelineOrder,
} from '../../src/claims/statement-lookup.js';
import { prng } from '../helpers/prng.js';

const claim = (
  docId: string,
  text: string,
  extra: Partial<KnownStatement> = {},
): KnownStatement => ({
  docId,
  source: 'ingested',
  kind: 'claim',
  text,
  speaker: null,
  ...extra,
});

const lookUp = (index: ReturnType<typeof buildStatementIndex>, text: string) => {
  const terms = contentTerms(text);
  return candidates(termIdsOf(terms, index), terms.size, index, null).map(
    (id) => statementAt(index, id).docId,
  );
};

describe('statement index storage', () => {
  it('gives back every field of a statement as it was added: curly quotes, dashes, accents, speaker, key, date', () => {
    const quote: KnownStatement = {
      docId: 'a1',
      source: 'seed',
      kind: 'quote',
      text: '“We respond — no matter what,” said José Núñez’s deputy.',
      speaker: 'José Núñez',
      key: '0123456789abcdef0123',
      at: '2025-10-06T12:00:00.000Z',
    };
    const plain = claim('a1', 'The council met on Tuesday.', { key: 'not-a-hex-key' });
    const index = buildStatementIndex([quote, plain]);
    expect(statementAt(index, 0)).toEqual(quote);
    expect(statementAt(index, 1)).toEqual(plain);
  });

  it('finds every statement holding a word through a postings chain of many blocks', () => {
    // 1,000 holders of "ordinance" spread over blocks of 2, 4, … 256; each also has its own word.
    const many = Array.from({ length: 1_000 }, (_, i) =>
      claim(`doc-${i}`, `Ordinance clause w${i}x amended.`),
    );
    const index = buildStatementIndex(many.slice(0, 10));
    addStatements(index, many.slice(10));
    const terms = termIdsOf(contentTerms('ordinance'), index);
    expect(terms.size).toBe(1);
    const found = candidates(terms, 1, index, null);
    // Capped at the look-up's limit, most shared first; all carry the word.
    expect(found.length).toBe(200);
    for (const id of found) expect(statementAt(index, id).text).toContain('Ordinance');
    expect(lookUp(index, 'Ordinance clause w777x amended.')[0]).toBe('doc-777');
    expect(lookUp(index, 'Ordinance clause w3x amended.')[0]).toBe('doc-3');
  });

  it('hides removed documents from look-ups and drops them once they are more than half', () => {
    const text = 'Aldermen approved the sanctuary ordinance amendment.';
    const index = buildStatementIndex([
      claim('old1', text),
      claim('old2', text),
      claim('keep', text),
    ]);
    removeDocument(index, 'old1');
    expect(compacted(index)).toBe(index);
    removeDocument(index, 'old2');
    expect(lookUp(index, text)).toEqual(['keep']);
    const fresh = compacted(index);
    expect(fresh.count).toBe(1);
    expect(statementAt(fresh, 0)).toEqual(claim('keep', text));
    expect(lookUp(fresh, text)).toEqual(['keep']);
  });

  it('passes each statement’s document and date to the look-up filter', () => {
    const index = buildStatementIndex([
      claim('early', 'Federal agents deployed tear gas near the plant.', { at: '2025-10-04' }),
      claim('late', 'Federal agents deployed tear gas near the plant.', { at: '2025-10-09' }),
    ]);
    const terms = contentTerms('Federal agents deployed tear gas near the plant.');
    const seen = candidates(
      termIdsOf(terms, index),
      terms.size,
      index,
      (s) => s.at! <= '2025-10-05',
    );
    expect(seen.map((id) => statementAt(index, id).docId)).toEqual(['early']);
  });
});

describe('a look-up that does not depend on what is indexed later', () => {
  const before = (key: string) => (s: { at?: string }) => s.at === undefined || s.at < key;
  const found = (index: ReturnType<typeof buildStatementIndex>, text: string, key: string) => {
    const terms = contentTerms(text);
    return candidates(termIdsOf(terms, index), terms.size, index, before(key)).map(
      (id) => statementAt(index, id).docId,
    );
  };

  it('chooses the same look-up words however often an article was analysed again', () => {
    // "delta" is one of four words; the article sharing only it is found when "delta" counts as
    // rare. Replacing a document's statements (an analysis again) must not make its words look
    // commoner: rarity counts live statements only.
    const text = 'Alpha beta gamma delta.';
    const index = buildStatementIndex([
      claim('early', 'Delta squad waited outside.', { at: '2025-10-04' }),
      claim('other', 'Alpha beta gamma waited.', { at: '2025-10-03' }),
      claim('other-2', 'Alpha beta gamma stood.', { at: '2025-10-03' }),
      claim('again', 'Delta report filed.', { at: '2025-10-06' }),
    ]);
    const first = found(index, text, '2025-10-05');
    for (let i = 0; i < 5; i++) {
      removeDocument(index, 'again');
      addStatements(index, [claim('again', 'Delta report filed.', { at: '2025-10-06' })]);
    }
    expect(found(index, text, '2025-10-05')).toEqual(first);
    expect(first).toContain('early');
  });

  it('keeps the earliest statements on the timeline when the limit cuts a look-up, not the first indexed', () => {
    // 300 articles sharing the same words, indexed latest first (a backfill arriving backwards).
    const docs = Array.from({ length: 300 }, (_, i) => {
      const day = String(1 + Math.floor(i / 24)).padStart(2, '0');
      const hour = String(i % 24).padStart(2, '0');
      return claim(`d${String(i).padStart(3, '0')}`, 'Ordinance clause amended.', {
        at: `2025-10-${day}T${hour}:00:00.000Z`,
      });
    });
    const index = buildStatementIndex([...docs].reverse());
    const got = found(index, 'Ordinance clause amended.', '2025-11-01');
    expect(got).toHaveLength(200);
    expect(got.sort()).toEqual(docs.slice(0, 200).map((d) => d.docId));
  });

  it('picks the k earliest on the timeline by selection exactly as a full sort would: dates, documents, texts, corpus first', () => {
    const next = prng(17);
    const statements = Array.from({ length: 400 }, (_, i) => {
      // Few dates and few documents, so that ties go down to documents and texts.
      const r = next();
      const at = r % 5 === 0 ? undefined : `2025-10-0${1 + (r % 4)}T00:00:00.000Z`;
      return claim(`d${next() % 40}`, `Statement ${next() % 7} number ${i}.`, at ? { at } : {});
    });
    const index = buildStatementIndex(statements);
    const ids = Array.from({ length: index.count }, (_, id) => id);
    const sorted = [...ids].sort((a, b) => timelineOrder(index, a, b));
    for (const k of [1, 7, 200, 399, 400]) {
      const shuffled = [...ids].sort(() => (next() % 2 === 0 ? -1 : 1));
      expect(earliestOnTimeline(index, shuffled, k)).toEqual(sorted.slice(0, k));
    }
  });

  it('weighs words by the corpus alone: later articles change no weight, a seed does', () => {
    const index = buildStatementIndex([
      claim('seed-1', 'Aldermen approved the ordinance.', { source: 'seed' }),
      claim('seed-2', 'The mayor spoke on Tuesday.', { source: 'seed' }),
    ]);
    const weights = () => ['aldermen', 'ordinance', 'mayor', 'agents'].map(idfOf(index));
    const was = weights();
    addStatements(index, [
      claim('a1', 'Agents and aldermen met.', { at: '2025-10-09' }),
      claim('a2', 'Agents left the ordinance hearing.', { at: '2025-10-10' }),
    ]);
    expect(weights()).toEqual(was);
    addStatements(index, [claim('seed-3', 'Agents arrived.', { source: 'seed' })]);
    const now = weights();
    expect(now[3]).toBeLessThan(was[3]!);
  });
});
