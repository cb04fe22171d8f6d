import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Client } from 'pg';
import { appendAuditEvents } from './audit-chain';
import { BatchRows, emptyBatch, TABLES } from './batch';
import { copyRows } from './copy';

export type Counter = (table: string, n: number) => void;

export async function transaction(client: Client, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Writes one batch over two connections at once, so the server works on two cores: the
 * recommendations and their rows (which reference each other) on one, the audit events (which
 * reference nothing) on the other. The rows commit first; should the events then fail, the
 * chains are still whole (the events were never written) and the error stops the run.
 */
async function writeBatch(rowsClient: Client, eventsClient: Client, batch: BatchRows, count: Counter): Promise<void> {
  await Promise.all([rowsClient.query('BEGIN'), eventsClient.query('BEGIN')]);
  const results = await Promise.allSettled([
    (async () => {
      for (const key of ['recommendations', 'owners', 'evidence', 'statusChanges', 'followUps'] as const) {
        const { table, columns } = TABLES[key];
        count(table, await copyRows(rowsClient, table, columns, batch[key]));
      }
    })(),
    appendAuditEvents(eventsClient, batch.events).then((n) => count('audit_events', n)),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all([rowsClient.query('ROLLBACK'), eventsClient.query('ROLLBACK')].map((p) => p.catch(() => undefined)));
    throw failed.reason;
  }
  await rowsClient.query('COMMIT');
  await eventsClient.query('COMMIT');
}

/**
 * Generates batches of about `batchSize` recommendations and writes each while the next one is
 * generated: between groups the generator yields, so the COPY streams keep the server busy.
 */
export async function writeInBatches<G>(
  clients: [Client, Client],
  groups: readonly G[],
  generate: (group: G, into: BatchRows) => number,
  batchSize: number,
  count: Counter,
  onBatch: (recommendations: number) => void,
): Promise<void> {
  let writing: Promise<void> | undefined;
  let failure: unknown;
  const start = (batch: BatchRows, n: number) => {
    writing = writeBatch(clients[0], clients[1], batch, count).then(
      () => onBatch(n),
      (err: unknown) => void (failure ??= err),
    );
  };
  let batch = emptyBatch();
  let inBatch = 0;
  for (const group of groups) {
    if (failure) break;
    inBatch += generate(group, batch);
    if (inBatch >= batchSize) {
      await writing;
      if (failure) break;
      start(batch, inBatch);
      batch = emptyBatch();
      inBatch = 0;
    } else if (writing) {
      await yieldToIo();
    }
  }
  await writing;
  if (!failure && inBatch > 0) {
    start(batch, inBatch);
    await writing;
  }
  if (failure) throw failure;
}
