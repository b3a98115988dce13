// jsdom for a window that only parses: the one place newsmon loads jsdom, so that it can switch
// off, for that window alone, bookkeeping that serves features an inert window never has.
//
// On every node inserted, removed or changed, jsdom 29 (1) queues a mutation record: it copies the
// node's ancestors into an array, looks on each for MutationObservers and queues a microtask, and
// (2) replaces a cache object on every ancestor. In a window that runs no scripts nobody can
// observe mutations, and the cache it clears (memoized getElementsByTagName results) holds live
// collections, which stay correct whether or not it is cleared. Together these cost about a
// quarter of the time to parse and extract a news page. Documents of every other window (a test's,
// the benchmarks' plain-jsdom baselines) keep jsdom's behaviour untouched.
import { createRequire } from 'node:module';
import type * as Jsdom from 'jsdom';

const require = createRequire(import.meta.url);
const LIVING = 'jsdom/lib/jsdom/living/';

/** Windows (jsdom's global objects) whose documents skip the bookkeeping. */
const inertWindows = new WeakSet<object>();
/** Once any MutationObserver observes anything, in any window, every record is queued again. */
let observed = false;
/** Whether the mutation-record hooks are in place, and how many records they skipped. */
let hooked = false;
let skipped = 0;

interface NodeImpl {
  _globalObject: object;
}
type Queue = (...args: unknown[]) => void;

function skips(target: NodeImpl | null | undefined): boolean {
  if (observed || !target || !inertWindows.has(target._globalObject)) return false;
  skipped++;
  return true;
}

function install(): void {
  // jsdom's nodes read these helpers once, when their own module loads: they must be replaced
  // before anything requires jsdom. If jsdom is loaded already, the hooks would never be called.
  if (require.cache[require.resolve(`${LIVING}nodes/Node-impl.js`)]) return;
  const records = require(`${LIVING}helpers/mutation-observers.js`) as Record<string, Queue>;
  for (const name of [
    'queueMutationRecord',
    'queueTreeMutationRecord',
    'queueAttributeMutationRecord',
  ]) {
    const queue = records[name];
    if (typeof queue !== 'function') return;
    // queueMutationRecord takes the type first; the other two take the target first.
    const targetAt = name === 'queueMutationRecord' ? 1 : 0;
    records[name] = function (this: unknown, ...args: unknown[]) {
      if (!skips(args[targetAt] as NodeImpl | undefined)) queue.apply(this, args);
    };
  }
  const observer = require(`${LIVING}mutation-observer/MutationObserver-impl.js`) as {
    implementation: { prototype: { observe: (...args: unknown[]) => unknown } };
  };
  const observe = observer.implementation.prototype.observe;
  observer.implementation.prototype.observe = function (this: unknown, ...args: unknown[]) {
    observed = true;
    return observe.apply(this, args);
  };
  hooked = true;
}

install();

const jsdom = require('jsdom') as typeof Jsdom;
export const JSDOM = jsdom.JSDOM;
export const VirtualConsole = jsdom.VirtualConsole;
export type JSDOM = Jsdom.JSDOM;

// A prototype method, looked up on each call: it can be replaced whenever jsdom was loaded.
const nodeImpl = require(`${LIVING}nodes/Node-impl.js`) as {
  implementation: {
    prototype: {
      _clearMemoizedQueries: (this: NodeImpl) => void;
      _liveRanges: (this: NodeImpl & { _referencedRanges: Set<unknown> }) => Iterable<unknown>;
    };
  };
};
const clearMemoizedQueries = nodeImpl.implementation.prototype._clearMemoizedQueries;
nodeImpl.implementation.prototype._clearMemoizedQueries = function (this: NodeImpl) {
  if (!inertWindows.has(this._globalObject)) clearMemoizedQueries.call(this);
};
// Every insertion and removal asks each node involved for its live Ranges through a generator; a
// node no Range ever pointed at (every node, in a window without scripts) has none to give.
const NO_RANGES: readonly unknown[] = Object.freeze([]);
const liveRanges = nodeImpl.implementation.prototype._liveRanges;
nodeImpl.implementation.prototype._liveRanges = function (this) {
  return this._referencedRanges.size === 0 && inertWindows.has(this._globalObject)
    ? NO_RANGES
    : liveRanges.call(this);
};

/**
 * Makes a window that never runs scripts skip the bookkeeping above; the caller must never
 * expose it to scripts.
 */
export function markInert(dom: Jsdom.JSDOM): void {
  inertWindows.add(dom.window);
}

/**
 * hooked: whether mutation records are skipped in inert windows (false if something loaded jsdom
 * before this module); skipped: how many were, so far, in this thread.
 */
export function inertStats(): { hooked: boolean; skipped: number } {
  return { hooked, skipped };
}
