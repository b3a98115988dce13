// Feeds as they live: the registry (seeded from feeds.yaml, managed by API and CLI), each feed's
// polling state, its seen entries and the history of its last polls.
import type { Redis } from 'ioredis';
import type { AnnouncedHealth, FeedHealthChange, FeedSource } from '../domain/types.js';
import type { NextPollReason } from '../feeds/poll-schedule.js';
import type { Keys } from './keys.js';

export interface FeedRecord extends FeedSource {
  origin: 'config' | 'api';
  /** The URL feeds.yaml gave, so that editing the file wins over a URL learned from redirects. */
  configUrl: string | null;
  addedAt: string;
  urlChanges: { from: string; to: string; at: string; reason: string }[];
  /** A config feed's fields changed by API or CLI: they win over feeds.yaml across restarts. */
  edited?: FeedEdit;
}

/** What a person may change on a registered feed without a restart. */
export type FeedEdit = Partial<Pick<FeedSource, 'outlet' | 'title' | 'enabled'>> & {
  /** null: back to polling.intervalSeconds. */
  intervalSeconds?: number | null;
};

export type PollOutcome = 'ok' | 'not-modified' | 'unchanged' | 'error';

/** Times are epoch milliseconds. */
export interface FeedState {
  lastPolledAt: number | null;
  lastOutcome: PollOutcome | null;
  lastError: { code: string; message: string } | null;
  consecutiveErrors: number;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  nextPollAt: number | null;
  /** Why nextPollAt is when it is, and the server's freshness hint (seconds) if it gave one. */
  nextPollReason: NextPollReason | null;
  serverHintSeconds: number | null;
  backoffUntil: number | null;
  lastNewAt: number | null;
  /** Times of the last polls that found new entries: the feed's rhythm. */
  arrivals: number[];
  entriesSeen: number;
  prefilterDropped: number;
  /** A permanent redirect seen on consecutive polls, and how many. */
  redirect: { url: string; count: number } | null;
  /** The health last announced to alert targets; null: none yet (counts as ok). */
  health: HealthMark | null;
}

/** Written only by recordPoll's script (a compare-and-set) and markHealthQueued. */
export interface HealthMark {
  state: AnnouncedHealth;
  since: string;
  /** How many changes the feed has had: the last change's number. */
  seq: number;
  /** The last change, until its alert jobs are queued: a poll that died meanwhile owes them. */
  pending: FeedHealthChange | null;
}

export interface PollRecord {
  at: string;
  outcome: PollOutcome;
  httpStatus: number | null;
  durationMs: number;
  bytes: number;
  entries: number;
  fresh: number;
  dropped: number;
  /** Unseen entries the per-poll cap left for the next poll; absent when the cap was not hit. */
  capped?: number;
  error: { code: string; message: string } | null;
}

const EMPTY_STATE: FeedState = {
  lastPolledAt: null,
  lastOutcome: null,
  lastError: null,
  consecutiveErrors: 0,
  etag: null,
  lastModified: null,
  bodyHash: null,
  nextPollAt: null,
  nextPollReason: null,
  serverHintSeconds: null,
  backoffUntil: null,
  lastNewAt: null,
  arrivals: [],
  entriesSeen: 0,
  prefilterDropped: 0,
  redirect: null,
  health: null,
};

export const HISTORY_LENGTH = 100;

/** The per-feed poll lock a claim holds; released by recordPoll or by the claim's release(). */
export interface PollLock {
  key: string;
  token: string;
  released: boolean;
}
const ARRIVALS_KEPT = 20;

export class FeedStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async list(): Promise<FeedRecord[]> {
    const all = await this.redis.hvals(this.keys.feeds);
    return all.map((j) => JSON.parse(j) as FeedRecord).sort((a, b) => a.id.localeCompare(b.id));
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.feeds, id)) === 1;
  }

  async get(id: string): Promise<FeedRecord | null> {
    const json = await this.redis.hget(this.keys.feeds, id);
    return json ? (JSON.parse(json) as FeedRecord) : null;
  }

  /** Adds a feed; false when the id is taken. */
  async add(feed: FeedRecord): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.feeds, feed.id, JSON.stringify(feed))) === 1;
  }

  async put(feed: FeedRecord): Promise<void> {
    await this.redis.hset(this.keys.feeds, feed.id, JSON.stringify(feed));
  }

  /** Removes a feed with its state, seen entries and history. */
  async remove(id: string): Promise<boolean> {
    const tx = this.redis
      .multi()
      .hdel(this.keys.feeds, id)
      .del(
        this.keys.feedState(id),
        this.keys.feedSeen(id),
        this.keys.feedStamps(id),
        this.keys.feedHistory(id),
      );
    const results = await tx.exec();
    return results?.[0]?.[1] === 1;
  }

  /**
   * Makes the registry agree with feeds.yaml: new config feeds are added, changed ones updated,
   * config feeds no longer in the file removed. Feeds added by API or CLI are left alone.
   */
  async syncConfig(
    feeds: readonly FeedSource[],
    now: Date,
  ): Promise<{ added: number; removed: number }> {
    const existing = new Map((await this.list()).map((f) => [f.id, f]));
    let added = 0;
    for (const f of feeds) {
      const old = existing.get(f.id);
      existing.delete(f.id);
      if (old && old.origin === 'api') continue;
      // A URL moved by permanent redirects is kept until someone edits the file's URL.
      const url = old && old.configUrl === f.url ? old.url : f.url;
      const record = withEdit(
        {
          ...f,
          url,
          origin: 'config',
          configUrl: f.url,
          addedAt: old?.addedAt ?? now.toISOString(),
          urlChanges: old?.urlChanges ?? [],
        },
        old?.edited ?? {},
      );
      if (!old) added++;
      await this.put(record);
    }
    let removed = 0;
    for (const old of existing.values()) {
      if (old.origin === 'config' && (await this.remove(old.id))) removed++;
    }
    return { added, removed };
  }

  async state(id: string): Promise<FeedState> {
    const h = await this.redis.hgetall(this.keys.feedState(id));
    const state: Record<string, unknown> = { ...EMPTY_STATE };
    for (const [k, v] of Object.entries(h)) if (k in EMPTY_STATE) state[k] = JSON.parse(v);
    return state as unknown as FeedState;
  }

  /**
   * Writes the state fields given, with one poll appended to the bounded history, in one atomic
   * step; with the claim's lock, the lock is released in the same step (one round trip less on
   * every poll, which is most of what a 304 costs). With a health candidate, the same step
   * compares it with the health last announced and, when it differs, records the change (with
   * the next number) as announced and pending: the change is returned to this caller only, so
   * of two workers that judge the same change, one announces it.
   */
  async recordPoll(
    id: string,
    patch: Partial<FeedState>,
    poll: PollRecord | null,
    lock?: PollLock,
    /** src/feeds/feed-status.ts healthCandidate. */
    health?: Omit<FeedHealthChange, 'seq' | 'from'> | null,
  ): Promise<FeedHealthChange | null> {
    const fields = Object.entries(patch).flatMap(([k, v]) => [k, JSON.stringify(v)]);
    const change = await this.redis.eval(
      RECORD_SCRIPT,
      3,
      this.keys.feedState(id),
      this.keys.feedHistory(id),
      lock?.key ?? this.keys.feedState(id),
      lock && !lock.released ? lock.token : '',
      HISTORY_LENGTH,
      poll ? JSON.stringify(poll) : '',
      health ? JSON.stringify(health) : '',
      ...fields,
    );
    if (lock) lock.released = true;
    return typeof change === 'string' ? (JSON.parse(change) as FeedHealthChange) : null;
  }

  /** The change's alert jobs are queued: it is no longer owed. */
  async markHealthQueued(id: string, seq: number): Promise<void> {
    await this.redis.eval(HEALTH_QUEUED_SCRIPT, 1, this.keys.feedState(id), seq);
  }

  async history(id: string, limit = HISTORY_LENGTH): Promise<PollRecord[]> {
    const rows = await this.redis.lrange(this.keys.feedHistory(id), 0, limit - 1);
    return rows.map((r) => JSON.parse(r) as PollRecord);
  }

  /** Which of these entry ids the feed has not handed over yet. */
  async unseen(feedId: string, entryIds: string[]): Promise<Set<string>> {
    if (entryIds.length === 0) return new Set();
    const flags = await this.redis.smismember(this.keys.feedSeen(feedId), ...entryIds);
    return new Set(entryIds.filter((_, i) => flags[i] === 0));
  }

  /** The latest date each of these entries gave at an earlier poll (see feedStamps). */
  async entryStamps(feedId: string, entryIds: string[]): Promise<Map<string, string>> {
    if (entryIds.length === 0) return new Map();
    const rows = await this.redis.hmget(this.keys.feedStamps(feedId), ...entryIds);
    return new Map(entryIds.flatMap((id, i) => (rows[i] ? [[id, rows[i]] as const] : [])));
  }

  async setEntryStamps(feedId: string, stamps: Record<string, string>): Promise<void> {
    if (Object.keys(stamps).length > 0) await this.redis.hset(this.keys.feedStamps(feedId), stamps);
  }

  async markSeen(feedId: string, ...entryIds: string[]): Promise<void> {
    if (entryIds.length > 0) await this.redis.sadd(this.keys.feedSeen(feedId), ...entryIds);
  }

  /**
   * Claims a feed's poll in one round trip: reads the feed and its state, checks it is due, and
   * takes the per-feed lock (one poll at a time, whichever worker picks up the tick; the lock
   * expires by itself if its holder dies). A 304 poll is mostly round trips, so they are few.
   */
  async claimPoll(
    feedId: string,
    nowMs: number,
    force: boolean,
    lockMs: number,
    /** The lock's token; a claim with the token that holds the lock takes it back (a retry). */
    owner?: string,
  ): Promise<
    | {
        status: 'claimed';
        feed: FeedRecord;
        state: FeedState;
        lock: PollLock;
        release: () => Promise<void>;
      }
    | { status: 'missing' | 'not-due' | 'locked' }
  > {
    const lock = `${this.keys.feedState(feedId)}:lock`;
    const token = owner ?? `${process.pid}-${nowMs}-${Math.random()}`;
    const reply = (await this.redis.eval(
      CLAIM_SCRIPT,
      3,
      this.keys.feeds,
      this.keys.feedState(feedId),
      lock,
      feedId,
      nowMs,
      force ? '1' : '0',
      lockMs,
      token,
    )) as [string, string?, string[]?];
    if (reply[0] !== 'claimed') return { status: reply[0] as 'missing' | 'not-due' | 'locked' };
    const flat = reply[2] ?? [];
    const state: Record<string, unknown> = { ...EMPTY_STATE };
    for (let i = 0; i < flat.length; i += 2) {
      if (flat[i]! in EMPTY_STATE) state[flat[i]!] = JSON.parse(flat[i + 1]!);
    }
    const pollLock: PollLock = { key: lock, token, released: false };
    return {
      status: 'claimed',
      feed: JSON.parse(reply[1]!) as FeedRecord,
      state: state as unknown as FeedState,
      lock: pollLock,
      release: async () => {
        if (pollLock.released) return;
        await this.redis.eval(UNLOCK_SCRIPT, 1, lock, token);
        pollLock.released = true;
      },
    };
  }
}

// KEYS: feeds, state, lock. ARGV: feed id, now ms, force, lock ms, token.
const CLAIM_SCRIPT = `
local feed = redis.call('HGET', KEYS[1], ARGV[1])
if not feed then return {'missing'} end
local nextPoll = tonumber(redis.call('HGET', KEYS[2], 'nextPollAt'))
if ARGV[3] ~= '1' and nextPoll and nextPoll > tonumber(ARGV[2]) then return {'not-due'} end
if not redis.call('SET', KEYS[3], ARGV[5], 'PX', ARGV[4], 'NX') then
  if redis.call('GET', KEYS[3]) ~= ARGV[5] then return {'locked'} end
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
end
return {'claimed', feed, redis.call('HGETALL', KEYS[2])}`;

// KEYS: state, history, lock. ARGV: lock token ('' for none), history length, poll JSON ('' for
// none), health candidate JSON ('' for none), then the state's field/value pairs. Returns the
// health change as JSON when the candidate differs from the health last announced (none: ok).
const RECORD_SCRIPT = `
if #ARGV > 4 then redis.call('HSET', KEYS[1], unpack(ARGV, 5)) end
if ARGV[3] ~= '' then
  redis.call('LPUSH', KEYS[2], ARGV[3])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
end
if ARGV[1] ~= '' and redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
if ARGV[4] == '' then return false end
local change = cjson.decode(ARGV[4])
local raw = redis.call('HGET', KEYS[1], 'health')
local last = raw and cjson.decode(raw) or { state = 'ok', seq = 0 }
if last.state == change.to then return false end
change.from = last.state
change.seq = last.seq + 1
local encoded = cjson.encode(change)
redis.call('HSET', KEYS[1], 'health',
  cjson.encode({ state = change.to, since = change.since, seq = change.seq, pending = change }))
return encoded`;

// KEYS: state. ARGV: the change's number. Clears the pending change if it is still that one.
const HEALTH_QUEUED_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], 'health')
if not raw then return 0 end
local h = cjson.decode(raw)
if type(h.pending) ~= 'table' or h.pending.seq ~= tonumber(ARGV[1]) then return 0 end
h.pending = cjson.null
redis.call('HSET', KEYS[1], 'health', cjson.encode(h))
return 1`;

// Deletes the lock only if it is still ours: a poll that outlived its lock must not free another's.
const UNLOCK_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** The feed with an edit applied; a config feed remembers the edit so feeds.yaml does not undo it. */
export function withEdit(feed: FeedRecord, edit: FeedEdit): FeedRecord {
  const { intervalSeconds, ...rest } = edit;
  const next: FeedRecord = { ...feed };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) Object.assign(next, { [k]: v });
  if (intervalSeconds === null) delete next.intervalSeconds;
  else if (intervalSeconds !== undefined) next.intervalSeconds = intervalSeconds;
  if (feed.origin === 'config' && Object.keys(edit).length > 0) {
    next.edited = { ...feed.edited, ...edit };
  }
  return next;
}

export function withArrival(arrivals: readonly number[], at: number): number[] {
  return [...arrivals, at].slice(-ARRIVALS_KEPT);
}
