import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';
import { db, first, type On } from '../database/sql.js';

/** How many events one `audit_seal` call links at most (one transaction of the sealer). */
export const SEAL_BATCH = 1000;
/** How long an appended event waits at most, give or take a batch, before it is linked. */
export const SEAL_EVERY_MS = 200;
/** After a failed attempt (the database unreachable, say): the next one. */
const RETRY_AFTER_MS = 2_000;

/** One sealer's turn: how many events it linked (0 when another sealer holds the head). */
const seal = sql<{ sealed: number }>`SELECT audit_seal(${SEAL_BATCH}::int) AS sealed`;

/** Whether committed events wait for their link. */
const pending = db.selectNoFrom((eb) =>
  eb
    .exists(
      eb
        .selectFrom('audit_event')
        .select(sql.lit(1).as('one'))
        .where('chain_version', '=', sql.lit(3))
        .where('chain_pos', 'is', null)
        .where('prev_hash', 'is', null)
        .where('hash', 'is', null)
        .where('content_mac', 'is not', null),
    )
    .as('pending'),
);

/**
 * Links every event committed so far into the chain, for verify and checkpoints, which must see
 * every committed event linked. While another sealer holds the chain's head (it links them too) it
 * tries again, for `patienceMs` at most: a head held longer (a stuck or hostile session) must not
 * hang verify, which then reports the events left unsealed.
 */
export async function sealPending(on: On, patienceMs = 2_000): Promise<number> {
  const deadline = Date.now() + patienceMs;
  let total = 0;
  for (;;) {
    const sealed = (await first(on, seal, { core: true }))?.sealed ?? 0;
    total += sealed;
    if (sealed === SEAL_BATCH) continue;
    if (sealed > 0) return total;
    const waiting = (await first(on, pending, { core: true }))?.pending;
    if (!waiting || Date.now() >= deadline) return total;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Links appended audit events into the chain (migration AuditSealer) every SEAL_EVERY_MS, at once
 * again while a full batch was found. Each instance runs one; the chain's head is taken with SKIP
 * LOCKED, so while one seals the others' calls return at once. A poll with nothing pending takes no
 * lock and writes nothing.
 */
@Injectable()
export class AuditSealer implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failing = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.schedule(0);
  }

  /** Stops before the pool closes: no timer left, no call in flight. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => (this.running = null));
    }, delay);
    // The process may end while a seal is due: the next start (or verify) seals what is left.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let next = SEAL_EVERY_MS;
    try {
      const sealed = (await first(this.dataSource, seal, { core: true }))?.sealed ?? 0;
      if (sealed === SEAL_BATCH) next = 0;
      if (this.failing) logger().info('audit sealer: sealing again');
      this.failing = false;
    } catch (error) {
      if (this.stopped) return;
      // Once per run of failures: an unreachable database must not fill the log.
      if (!this.failing)
        logger().warn(
          { err: error instanceof Error ? error.message : String(error) },
          'audit sealer: sealing failed; retrying',
        );
      this.failing = true;
      next = RETRY_AFTER_MS;
    }
    this.schedule(next);
  }
}
