// The analyser's view of every known statement: one index kept in memory and brought up to date
// before each analysis with only the documents that changed since, instead of reading and
// indexing every statement again per article (which made a long run quadratic).
import {
  addStatements,
  buildStatementIndex,
  compacted,
  removeDocument,
  type StatementIndex,
} from '../claims/statement-index.js';
import type { DocumentStore } from './document.store.js';

export class KnownStatementCache {
  private index: StatementIndex | null = null;
  private seq = 0;

  constructor(private readonly documents: DocumentStore) {}

  /** The index, current to the last committed change. */
  async current(): Promise<StatementIndex> {
    if (this.index) {
      const { seq, reset, docs } = await this.documents.statementsSince(this.seq);
      if (!reset) {
        for (const [docId, statements] of docs) {
          removeDocument(this.index, docId);
          if (statements) addStatements(this.index, statements);
        }
        this.index = compacted(this.index);
        this.seq = seq;
        return this.index;
      }
    }
    const { seq, docs } = await this.documents.allStatements();
    this.index = buildStatementIndex([...docs.values()].flat());
    this.seq = seq;
    return this.index;
  }
}
