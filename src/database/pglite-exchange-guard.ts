import type { PGlite } from '@electric-sql/pglite';

// Frontend message types (PostgreSQL protocol 3.0) that belong to an extended-query exchange, which
// only Sync ends: Parse, Bind, Describe, Execute, Close, Flush.
const EXCHANGE_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/**
 * PGlite is one PostgreSQL session; pglite-socket lets several client connections share it by queueing
 * their protocol messages one at a time, and keeps the session to one client while that client has a
 * transaction open (it asks `isInTransaction()`). It does not do the same for an extended-query
 * exchange (Parse, Bind, Describe, Execute … Sync), which every parameterised query of the `pg` driver
 * is: another connection's messages can run in the middle of one, replace its unnamed statement or
 * portal ("portal \"\" does not exist"), bind one client's values to another's statement, or be
 * skipped by the server until the other client's Sync, so that their client waits forever.
 *
 * This wraps the PGlite handed to the socket server so that an open exchange counts like an open
 * transaction: the session stays with the client that started the exchange until its Sync. When that
 * client disconnects mid-exchange, the server's clean-up (a ROLLBACK through `exec`) first ends the
 * exchange with a Sync.
 */
export function exchangeAwarePGlite(db: PGlite): PGlite {
  let exchangeOpen = false;

  const execProtocolRawStream: PGlite['execProtocolRawStream'] = async (message, options) => {
    try {
      return await db.execProtocolRawStream(message, options);
    } finally {
      if (EXCHANGE_MESSAGES.has(message[0])) exchangeOpen = true;
      else if (message[0] === SYNC || message[0] === QUERY) exchangeOpen = false;
    }
  };

  const exec: PGlite['exec'] = async (query, options) => {
    if (exchangeOpen) {
      exchangeOpen = false;
      await db.execProtocolRaw(SYNC_MESSAGE);
    }
    // The clean-up's ROLLBACK only matters when a transaction is open; outside one it would only warn.
    if (query.trim().toUpperCase() === 'ROLLBACK' && !db.isInTransaction()) return [];
    return db.exec(query, options);
  };

  return new Proxy(db, {
    get(target, property) {
      if (property === 'isInTransaction') return () => target.isInTransaction() || exchangeOpen;
      if (property === 'execProtocolRawStream') return execProtocolRawStream;
      if (property === 'exec') return exec;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
