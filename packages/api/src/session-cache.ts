/**
 * Short-lived, in-process caches of what every tRPC call needs before it runs: the signed-in
 * user behind a session cookie and the caller's membership of a team. A database session
 * lookup costs several queries; under load those queries were most of an API call's time.
 *
 * Security bound: entries live at most SESSION_CACHE_TTL_MS. In this process they are dropped
 * at once when they may have become wrong (sign-out, session revocation, password change,
 * account deletion: every better-auth endpoint that is not a read; any tRPC mutation for
 * memberships), so only changes made elsewhere (another console process, the database by
 * hand) take up to the TTL to be seen. Only positive answers are cached: an unknown cookie or a
 * team the caller is not in is always looked up again.
 */

export const SESSION_CACHE_TTL_MS = 5_000;
/** Enough for every active user of a console; the oldest entries go first beyond it. */
const MAX_ENTRIES = 10_000;

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Bumped by `clear`, so a lookup that started before it never stores its stale answer. */
  private generation = 0;

  constructor(
    private readonly ttlMs = SESSION_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /**
   * The cached value of `key`, else `load()`'s. A null answer is returned but not cached;
   * `expiresAt` (ms since the epoch) caps an entry's life below the TTL.
   */
  async get(
    key: string,
    load: () => Promise<{ value: V; expiresAt?: number } | null>,
  ): Promise<V | null> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit) this.entries.delete(key);
    const generation = this.generation;
    const loaded = await load();
    if (!loaded) return null;
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      const expiresAt = Math.min(this.now() + this.ttlMs, loaded.expiresAt ?? Infinity);
      this.entries.set(key, { value: loaded.value, expiresAt });
    }
    return loaded.value;
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One cache per owner (an auth instance, a Prisma client): tests run several side by side. */
export function cachePerOwner<V>(): (owner: object) => TtlCache<V> {
  const caches = new WeakMap<object, TtlCache<V>>();
  return (owner) => {
    let cache = caches.get(owner);
    if (!cache) {
      cache = new TtlCache<V>();
      caches.set(owner, cache);
    }
    return cache;
  };
}
