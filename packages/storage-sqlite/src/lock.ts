/**
 * better-sqlite3 is synchronous, but a scope's callback awaits between statements: while one transaction is
 * open on a connection, no other async flow may use that connection. This queue runs transactions one at a
 * time. (SQLite allows one writer at a time anyway.)
 */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}
