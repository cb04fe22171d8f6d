import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { FollowUp, FollowUpStatus } from '../../src/follow-ups/follow-up.entity';
import { Office } from '../../src/offices/office.entity';
import { Recommendation } from '../../src/recommendations/recommendation.entity';
import type { Priority, RecommendationStatus } from '../../src/recommendations/recommendation-status';
import type { Role } from '../../src/users/role';
import { User } from '../../src/users/user.entity';

export const DEFAULT_PASSWORD = 'a-long-enough-test-password';
// Hashing costs tens of milliseconds; factories share one hash of the default password.
const defaultHash = argon2.hash(DEFAULT_PASSWORD, { type: argon2.argon2id });

export interface SignedIn {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** `Authorization` header value. */
  auth: string;
}

/** Builds each test's own data straight in the database: unique names, no shared fixtures. */
export class Factories {
  constructor(
    private readonly db: DataSource,
    private readonly http: () => ReturnType<typeof request>,
  ) {}

  unique(prefix: string): string {
    return `${prefix}-${randomUUID().slice(0, 8)}`;
  }

  async office(name = this.unique('Office')): Promise<Office> {
    return this.db.getRepository(Office).save({ name });
  }

  async user(opts: { role?: Role; offices?: Office[]; password?: string; active?: boolean; email?: string } = {}): Promise<User> {
    const passwordHash = opts.password ? await argon2.hash(opts.password, { type: argon2.argon2id }) : await defaultHash;
    return this.db.getRepository(User).save({
      email: (opts.email ?? `${this.unique('user')}@example.org`).toLowerCase(),
      name: this.unique('Name'),
      role: opts.role ?? 'staffer',
      active: opts.active ?? true,
      passwordHash,
      offices: opts.offices ?? [],
    });
  }

  async login(user: User, password = DEFAULT_PASSWORD): Promise<SignedIn> {
    const res = await this.http().post('/api/v1/auth/login').send({ email: user.email, password }).expect(200);
    const { accessToken, refreshToken } = res.body as { accessToken: string; refreshToken: string };
    return { user, accessToken, refreshToken, auth: `Bearer ${accessToken}` };
  }

  /** A user of the given role, in the given offices, signed in. */
  async signedIn(role: Role, offices: Office[] = []): Promise<SignedIn> {
    return this.login(await this.user({ role, offices }));
  }

  /** A recommendation straight in the database (no audit event): for tests of things that hang off one. */
  async recommendation(
    office: Office,
    opts: { status?: RecommendationStatus; owners?: User[]; parentId?: string; reference?: string; title?: string; text?: string; policyArea?: string } = {},
  ): Promise<Recommendation> {
    return this.db.getRepository(Recommendation).save({
      officeId: office.id,
      reference: opts.reference ?? this.unique('REF'),
      title: opts.title ?? this.unique('Title'),
      text: opts.text ?? 'Recommendation text for a test.',
      policyArea: opts.policyArea ?? 'border_migration',
      priority: 'medium',
      status: opts.status ?? 'open',
      addressees: ['Congress'],
      tags: [],
      parentId: opts.parentId ?? null,
      owners: opts.owners ?? [],
    });
  }

  /**
   * A follow-up straight in the database (no audit event, no notification), on the recommendation's
   * office, assigned by and created by `createdBy` (the assignee unless given).
   */
  async followUp(
    rec: Recommendation,
    assignee: User,
    opts: { dueOn?: string; status?: FollowUpStatus; priority?: Priority; title?: string; createdBy?: User } = {},
  ): Promise<FollowUp> {
    const status = opts.status ?? 'open';
    const createdBy = opts.createdBy ?? assignee;
    return this.db.getRepository(FollowUp).save({
      recommendationId: rec.id,
      officeId: rec.officeId,
      title: opts.title ?? this.unique('Follow-up'),
      details: null,
      assigneeId: assignee.id,
      assignedBy: createdBy.id,
      dueOn: opts.dueOn ?? '2099-12-31',
      priority: opts.priority ?? 'medium',
      status,
      completedAt: status === 'done' ? new Date() : null,
      createdBy: createdBy.id,
      updatedBy: createdBy.id,
    });
  }
}
