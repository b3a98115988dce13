// Secret comparison for bearer and path tokens.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NamedToken } from '../config.js';

/**
 * A matcher from a presented token to the name of the configured token it equals, or null.
 * Both sides are hashed first so that the comparison is of equal-length digests: the time it
 * takes tells nothing about the length or a prefix of any secret. Every token is compared,
 * so the time does not tell which one matched either.
 */
export function tokenMatcher(tokens: readonly NamedToken[]): (presented: string) => string | null {
  const known = tokens.map((t) => ({ name: t.name, digest: digest(t.token) }));
  return (presented) => {
    const candidate = digest(presented);
    let name: string | null = null;
    for (const t of known) {
      if (timingSafeEqual(t.digest, candidate) && name === null) name = t.name;
    }
    return name;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
