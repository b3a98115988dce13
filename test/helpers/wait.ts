/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`.
 * The default is long on purpose: it only turns a hang into a named failure, and must not fail a
 * healthy pipeline that a loaded machine runs a few times slower than usual.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
