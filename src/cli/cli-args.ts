// Command-line arguments of the subcommands: Node's parseArgs, with every mistake (an unknown
// option, a missing argument, a bad value) turned into one readable line and a hint to --help
// instead of Node's ERR_PARSE_ARGS_* text and stack.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(command: string, problem: string) {
    super(`newsmon ${command}: ${problem}; see newsmon ${command.split(' ')[0]} --help`);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with positionals allowed and strict options; its errors become UsageErrors. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(command, describeParseError(err));
  }
}

/** Node's parseArgs messages, reworded: the option is named, the advice about "--" dropped. */
function describeParseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take')) return `${option} takes no value`;
      // "argument missing", or "ambiguous": the next word starts with a dash (--limit --json).
      return `${option} needs a value (one starting with "-" as ${option}=-…)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? ''}`.trimEnd();
    default:
      throw err;
  }
}

/** An integer flag within bounds; undefined when absent and no fallback is given. */
export function intFlag(
  command: string,
  flag: string,
  value: string | undefined,
  bounds: { min: number; max?: number },
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < bounds.min || (bounds.max !== undefined && n > bounds.max)) {
    const range = bounds.max === undefined ? `≥ ${bounds.min}` : `${bounds.min}–${bounds.max}`;
    throw new UsageError(command, `${flag} must be a whole number ${range}, not "${value}"`);
  }
  return n;
}

/**
 * A duration flag: seconds, or a number with s, m, h or d ("90", "10m", "1h"); "default" is
 * null (the configured default).
 */
export function durationFlag(command: string, flag: string, value: string): number | null {
  if (value === 'default') return null;
  const m = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!m) {
    throw new UsageError(
      command,
      `${flag} must be seconds or a number with s, m, h or d (e.g. 10m), or "default"; not "${value}"`,
    );
  }
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** Runs a subcommand's body; a UsageError is printed as its one line and ends with code 2. */
export async function withUsage(
  err: (text: string) => void,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
}

/** The value of a flag, which must be one of `allowed`. */
export function oneOf<T extends string>(
  command: string,
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T {
  const found = allowed.find((a) => a === value);
  if (!found) {
    throw new UsageError(command, `${flag} must be one of ${allowed.join(', ')}`);
  }
  return found;
}

/** The head line of a paged list: "51–100 of 230 (next: --offset 100)". */
export function pageLine(total: number, shown: number, offset: number): string {
  if (shown === 0) return offset > 0 ? `none past ${offset} of ${total}` : `0 of ${total}`;
  const range = `${offset + 1}–${offset + shown} of ${total}`;
  return offset + shown < total ? `${range} (next: --offset ${offset + shown})` : range;
}

/**
 * The subcommand and its one argument. `needs` names what each subcommand takes (null: nothing);
 * an unknown subcommand, a missing argument or one too many is a UsageError.
 */
export function subcommand(
  command: string,
  positionals: string[],
  needs: Record<string, string | null>,
  fallback = 'list',
): { sub: string; arg: string | undefined } {
  const [sub = fallback, arg, extra] = positionals;
  const need = needs[sub];
  if (need === undefined) throw new UsageError(command, `unknown subcommand "${sub}"`);
  if (need && !arg) throw new UsageError(`${command} ${sub}`, `give ${need}`);
  if (extra !== undefined || (!need && arg !== undefined)) {
    throw new UsageError(`${command} ${sub}`, `unexpected argument ${extra ?? arg}`);
  }
  return { sub, arg };
}
