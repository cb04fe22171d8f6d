import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthSession } from '../auth/auth-session.entity';
import type { AuthUser } from '../auth/auth-user';
import { BusinessRuleException, ConflictValueException, EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { isUniqueViolation } from '../database/pg-errors';
import { Office } from '../offices/office.entity';
import { CreateUserDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/user.dto';
import { PasswordService } from './password.service';
import { Role } from './role';
import { User } from './user.entity';

const SORTABLE = { name: 'user.name', email: 'user.email', role: 'user.role', createdAt: 'user.created_at' };

/** What the audit log keeps of a user: never the password hash. */
function auditView(u: User) {
  return { email: u.email, name: u.name, role: u.role, active: u.active, officeIds: u.offices.map((o) => o.id).sort() };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
  ) {}

  async list(q: UserListQueryDto): Promise<Page<UserDto>> {
    const [column, direction] = resolveSort(q.sort, SORTABLE, 'name');
    const [rows, total] = await this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.offices', 'office')
      .orderBy(column, direction)
      .addOrderBy('user.id')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return pageOf(rows.map(UserDto.of), total, q);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.db.getRepository(User).findOne({ where: { id }, relations: { offices: true } });
    if (!user) throw new EntityNotFoundException('User');
    return UserDto.of(user);
  }

  async create(actor: AuthUser | null, dto: CreateUserDto): Promise<UserDto> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      return await this.db.transaction(async (m) => {
        const offices = await this.findOffices(m, dto.officeIds);
        const user = await m.save(
          m.create(User, { email: dto.email, name: dto.name, role: dto.role, passwordHash, active: true, offices }),
        );
        await this.audit.record(m, {
          actorId: actor?.id ?? null,
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          after: auditView(user),
        });
        return UserDto.of(user);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_users_email')) throw new ConflictValueException('A user with this e-mail already exists');
      throw err;
    }
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const passwordHash = dto.password === undefined ? undefined : await this.passwords.hash(dto.password);
    return this.db.transaction(async (m) => {
      const user = await m.findOne(User, { where: { id }, relations: { offices: true }, lock: { mode: 'pessimistic_write', tables: ['users'] } });
      if (!user) throw new EntityNotFoundException('User');
      const before = auditView(user);
      const losesAdmin = user.role === 'admin' && user.active && (dto.active === false || (dto.role !== undefined && dto.role !== 'admin'));
      if (losesAdmin) await this.requireAnotherActiveAdmin(m, user.id);

      if (dto.name !== undefined) user.name = dto.name;
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.officeIds !== undefined) user.offices = await this.findOffices(m, dto.officeIds);
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      await m.save(user);

      // A deactivated user, or one whose password was reset, keeps no session: their tokens stop now.
      if (dto.active === false || passwordHash !== undefined) {
        await m.update(AuthSession, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: dto.active === false ? 'deactivated' : 'password_changed' });
      }
      const after = auditView(user);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.update',
        entityType: 'user',
        entityId: user.id,
        before,
        after: passwordHash === undefined ? after : { ...after, passwordChanged: true },
      });
      return UserDto.of(user);
    });
  }

  /** Creates the first admin when the database has no user yet; false when there already is one. */
  async createFirstAdmin(email: string, name: string, password: string): Promise<boolean> {
    const passwordHash = await this.passwords.hash(password);
    return this.db.transaction(async (m) => {
      // Two instances starting together must not both create one.
      await m.query("SELECT pg_advisory_xact_lock(hashtextextended('bootstrap-admin', 0))");
      if ((await m.count(User)) > 0) return false;
      const user = await m.save(m.create(User, { email: email.trim().toLowerCase(), name, role: 'admin' as Role, passwordHash, active: true, offices: [] }));
      await this.audit.record(m, { actorId: null, action: 'user.bootstrap_admin', entityType: 'user', entityId: user.id, after: auditView(user) });
      return true;
    });
  }

  private async findOffices(m: EntityManager, ids: string[]): Promise<Office[]> {
    if (ids.length === 0) return [];
    const offices = await m.findBy(Office, { id: In(ids) });
    const missing = ids.filter((id) => !offices.some((o) => o.id === id));
    if (missing.length > 0) throw new BusinessRuleException(`Unknown office id(s): ${missing.join(', ')}`);
    return offices;
  }

  private async requireAnotherActiveAdmin(m: EntityManager, exceptId: string): Promise<void> {
    await m.query("SELECT pg_advisory_xact_lock(hashtextextended('active-admins', 0))");
    const others = await m
      .getRepository(User)
      .createQueryBuilder('u')
      .where("u.role = 'admin' AND u.active AND u.id <> :exceptId", { exceptId })
      .getCount();
    if (others === 0) throw new BusinessRuleException('The last active admin cannot be deactivated or demoted');
  }
}
