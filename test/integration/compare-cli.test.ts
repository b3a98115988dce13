// `newsmon compare` as a user runs it: the built CLI in a child process, on synthetic pairs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';

const bin = path.join(projectRoot(), 'bin', 'newsmon.js');

function compare(lines: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'newsmon-compare-'));
  const file = path.join(dir, 'pairs.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const res = spawnSync(process.execPath, [bin, 'compare', file], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    code: res.status,
    lines: res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('newsmon compare', () => {
  it('prints {id, restated, score} per pair, b judged against a', () => {
    const { code, lines } = compare([
      JSON.stringify({
        id: 'same',
        a: 'The city council approved the budget on Tuesday, the mayor said.',
        b: 'On Tuesday the budget was approved by the city council, the mayor said.',
      }),
      JSON.stringify({
        id: 'number-added',
        a: 'The city council approved the budget on Tuesday.',
        b: 'The city council approved the $40 million budget on Tuesday.',
      }),
      JSON.stringify({
        id: 'other',
        a: 'The city council approved the budget on Tuesday.',
        b: 'Police arrested a suspect near the train station.',
      }),
    ]);
    expect(code).toBe(0);
    expect(lines.map((l) => [l.id, l.restated])).toEqual([
      ['same', true],
      ['number-added', false],
      ['other', false],
    ]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['id', 'restated', 'score']);
      expect(l.score).toBeGreaterThanOrEqual(0);
      expect(l.score).toBeLessThanOrEqual(1);
    }
  });

  it('answers a malformed line with an error line and exit code 1, judging the others', () => {
    const { code, lines } = compare([
      'not json',
      JSON.stringify({ id: 'x', a: 'The council met.', b: 'The council met.' }),
    ]);
    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({ error: { code: 'INPUT_INVALID' } });
    expect(lines[1]).toMatchObject({ id: 'x', restated: true });
  });
});
