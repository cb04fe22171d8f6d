import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { TooManyRequestsException } from '../common/http/domain-exceptions';
import { LoginFailure } from './login-failure.entity';

// Advisory-lock classes (the two-key form), one per kind of key, so an account's key and an address's
// key never meet, and locks are always taken account first: no two logins can deadlock.
const ACCOUNT_LOCK = 0x4c4f4731; // 'LOG1'
const ADDRESS_LOCK = 0x4c4f4732; // 'LOG2'

/**
 * Refuses logins (429) after too many recent failures for one account or from one client address.
 * Counts live in the database, so the limit holds across every instance of the service.
 *
 * An attempt is counted as a failure from the moment it is let through (`reserveAttempt`), before the
 * password is checked, and a success takes it back (`clearAccount`). Checking and counting happen
 * under one lock per account and per address, so a burst of concurrent guesses cannot all slip past
 * the check before any of them is counted.
 */
@Injectable()
export class LoginThrottleService {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  /** Throws 429 (with Retry-After) when the account or the address is over its limit; else counts the attempt as a failure. */
  async reserveAttempt(db: EntityManager, email: string, address: string): Promise<void> {
    await db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [ACCOUNT_LOCK, email]);
      await m.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [ADDRESS_LOCK, address]);
      const retryAfter = await this.lockedFor(m, email, address);
      if (retryAfter !== null) throw new TooManyRequestsException('Too many failed logins; try again later', retryAfter);
      await m.insert(LoginFailure, { email, address });
      // Keep the table small: rows older than a day no longer count for anything.
      await m.query(`DELETE FROM login_failures WHERE failed_at < now() - interval '1 day' AND (email = $1 OR address = $2)`, [email, address]);
    });
  }

  /** A successful login: the account's failures, this attempt's included, no longer count. */
  async clearAccount(m: EntityManager, email: string): Promise<void> {
    await m.delete(LoginFailure, { email });
  }

  /**
   * Seconds until the account and the address are both under their limits again, or null when they
   * are now. A limit of n is reached while n failures are in the window; it lifts when the n-th newest
   * of them leaves it.
   */
  private async lockedFor(m: EntityManager, email: string, address: string): Promise<number | null> {
    const [row] = (await m.query(
      `SELECT EXTRACT(EPOCH FROM (GREATEST(
                (SELECT failed_at FROM login_failures
                  WHERE email = $1 AND failed_at > now() - make_interval(secs => $3)
                  ORDER BY failed_at DESC OFFSET $4 LIMIT 1),
                (SELECT failed_at FROM login_failures
                  WHERE address = $2 AND failed_at > now() - make_interval(secs => $3)
                  ORDER BY failed_at DESC OFFSET $5 LIMIT 1)
              ) + make_interval(secs => $3) - now()))::float AS retry_after`,
      [
        email,
        address,
        this.config.LOGIN_FAILURE_WINDOW_SECONDS,
        this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT - 1,
        this.config.LOGIN_MAX_FAILURES_PER_ADDRESS - 1,
      ],
    )) as { retry_after: number | null }[];
    return row.retry_after;
  }
}
