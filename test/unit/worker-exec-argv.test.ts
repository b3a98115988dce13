import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../workers/thread-exec-argv.js';

describe('workerExecArgv', () => {
  it('keeps the flags a worker thread accepts, as they are', () => {
    expect(workerExecArgv(['--enable-source-maps', '--no-warnings'])).toEqual([
      '--enable-source-maps',
      '--no-warnings',
    ]);
    expect(workerExecArgv([])).toEqual([]);
  });

  it('drops V8 and process-wide flags, which would stop every extraction thread from starting', () => {
    expect(
      workerExecArgv([
        '--single-threaded-gc',
        '--enable-source-maps',
        '--max-semi-space-size=64',
        '--no-warnings',
      ]),
    ).toEqual(['--enable-source-maps', '--no-warnings']);
  });

  it('keeps a flag that needs an earlier one, and a value written as its own word', () => {
    expect(
      workerExecArgv(['--single-threaded-gc', '--cpu-prof', '--cpu-prof-dir', '/tmp/profiles']),
    ).toEqual(['--cpu-prof', '--cpu-prof-dir', '/tmp/profiles']);
  });
});
