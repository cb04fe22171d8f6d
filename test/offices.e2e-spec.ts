import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { AuditEventRow } from '../src/audit/audit-hash';
import type { Office } from '../src/offices/office.entity';
import type { Role } from '../src/users/role';
import { User } from '../src/users/user.entity';
import { SignedIn } from './support/factories';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HASH = /^[0-9a-f]{64}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NON_ADMINS: Role[] = ['viewer', 'staffer', 'director'];
const ROLES: Role[] = [...NON_ADMINS, 'admin'];
const NEEDS_ADMIN = 'This action needs role admin or above';
const NO_TOKEN = 'Missing, invalid or expired access token';
const TAKEN = 'An office with this name already exists';
const SORT_FIELDS = 'sort must be one of: name, -name, createdAt, -createdAt';

interface OfficeView {
  id: string;
  name: string;
  timeZone: string;
}
const DEFAULT_ZONE = 'America/New_York';
interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
/** The audit columns a write's event is checked on. */
type AuditRow = Omit<AuditEventRow, 'id' | 'seq' | 'occurred_at'>;

/** The contract's error body, with the request id the response carried in its header. */
function expectError(res: Response, statusCode: number, error: string, message: unknown): void {
  expect(res.headers['x-request-id']).toEqual(expect.any(String));
  expect(res.body).toEqual({ statusCode, error, message, requestId: res.headers['x-request-id'] });
}

const officeView = (o: Pick<Office, 'id' | 'name' | 'timeZone'>): OfficeView => ({ id: o.id, name: o.name, timeZone: o.timeZone });
const byName = (a: OfficeView, b: OfficeView) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

describe('offices', () => {
  let t: TestApp;
  /** Signed in once: no test changes them (their offices, role or activity). */
  let admin: SignedIn;
  const officeless = {} as Record<Role, SignedIn>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factories.signedIn('admin');
    for (const role of NON_ADMINS) officeless[role] = await t.factories.signedIn(role);
  });
  afterAll(() => t.close());

  const get = (path: string, who?: SignedIn) => {
    const req = t.http().get(`${API}${path}`);
    return who ? req.set('Authorization', who.auth) : req;
  };
  const post = (path: string, body: unknown, who?: SignedIn) => {
    const req = t.http().post(`${API}${path}`);
    return (who ? req.set('Authorization', who.auth) : req).send(body as object);
  };
  const patch = (path: string, body: unknown, who?: SignedIn) => {
    const req = t.http().patch(`${API}${path}`);
    return (who ? req.set('Authorization', who.auth) : req).send(body as object);
  };
  /** Offices whose name equals `name` whatever its case, as stored. */
  const officesNamed = async (name: string) =>
    (await t.db.query('SELECT id, name, time_zone AS "timeZone" FROM offices WHERE lower(name) = lower($1) ORDER BY created_at', [name])) as OfficeView[];
  const storedName = async (id: string) =>
    ((await t.db.query('SELECT name FROM offices WHERE id = $1', [id])) as { name: string }[])[0]?.name;
  /** Every audit event about one office, oldest first. */
  const auditOf = async (officeId: string) =>
    (await t.db.query(
      `SELECT actor_id, action, entity_type, entity_id, office_id, before, after, request_id, chain_key, prev_hash, hash
         FROM audit_events WHERE entity_type = 'office' AND entity_id = $1 ORDER BY seq`,
      [officeId],
    )) as AuditRow[];
  /** office.create events naming `name`, whatever its case (a refused create has none). */
  const createEventsNamed = async (name: string) =>
    ((await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'office.create' AND lower(after->>'name') = lower($1)", [name])) as {
      n: number;
    }[])[0].n;
  /** An office created through the API by an admin, so it has its office.create event. */
  const created = async (admin: SignedIn, name = t.factories.unique('Office')) =>
    (await post('/offices', { name }, admin).expect(201)).body as OfficeView;

  describe('GET /offices', () => {
    it('answers an admin a page of offices in the office shape, with the default page and page size', async () => {
      await t.factories.office();

      const res = await get('/offices', admin).expect(200);

      expect(Object.keys(res.body as object).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
      const body = res.body as PageOf<Record<string, unknown>>;
      expect(body.page).toBe(1);
      expect(body.pageSize).toBe(25);
      expect(body.total).toBeGreaterThanOrEqual(1);
      expect(body.items.length).toBe(Math.min(25, body.total));
      for (const item of body.items) {
        expect(item).toEqual({ id: expect.stringMatching(UUID), name: expect.any(String), timeZone: expect.any(String) });
      }
    });

    it('shows an admin offices they do not belong to', async () => {
      const office = await t.factories.office();
      // Newest first: the office just made is on the first page whatever other files add meanwhile.
      const res = await get('/offices?sort=-createdAt&pageSize=100', admin).expect(200);
      expect((res.body as PageOf<OfficeView>).items).toContainEqual(officeView(office));
    });

    it('pages consistently for an admin: page 2 of size 2 is the 3rd and 4th of the first page of 4', async () => {
      for (let i = 0; i < 4; i++) await t.factories.office();
      // createdAt ascending is stable under the inserts of concurrently running files: new offices go last.
      const first4 = await get('/offices?sort=createdAt&pageSize=4', admin).expect(200);
      const page2 = await get('/offices?sort=createdAt&pageSize=2&page=2', admin).expect(200);
      expect(first4.body).toMatchObject({ page: 1, pageSize: 4 });
      expect(page2.body).toMatchObject({ page: 2, pageSize: 2 });
      const first = (first4.body as PageOf<OfficeView>).items;
      expect(first).toHaveLength(4);
      expect((page2.body as PageOf<OfficeView>).items).toEqual(first.slice(2, 4));
    });

    it('answers an empty page past the end, with the total', async () => {
      await t.factories.office();
      const res = await get('/offices?page=1000000&pageSize=100', admin).expect(200);
      expect(res.body).toEqual({ items: [], total: expect.any(Number), page: 1000000, pageSize: 100 });
      expect((res.body as PageOf<unknown>).total).toBeGreaterThan(0);
    });

    it.each(NON_ADMINS)('answers a %s only their own offices, by name, with an exact total', async (role) => {
      const carmen = await t.factories.office(t.factories.unique('Carmen'));
      const abel = await t.factories.office(t.factories.unique('Abel'));
      const bruno = await t.factories.office(t.factories.unique('Bruno'));
      await t.factories.office(t.factories.unique('Aaron')); // not theirs: would sort first
      const who = await t.factories.signedIn(role, [carmen, abel, bruno]);

      const res = await get('/offices', who).expect(200);
      expect(res.body).toEqual({ items: [abel, bruno, carmen].map(officeView), total: 3, page: 1, pageSize: 25 });
    });

    describe("a non-admin's sorts and pages", () => {
      // Read only: made once. Created in this order, so createdAt follows it; names sort differently.
      const made: Record<string, Office> = {};
      let who: SignedIn;
      beforeAll(async () => {
        for (const key of ['carmen', 'abel', 'bruno']) {
          made[key] = await t.factories.office(t.factories.unique(key[0].toUpperCase() + key.slice(1)));
        }
        who = await t.factories.signedIn('staffer', Object.values(made));
      });

      it.each<[string, string[], number, number]>([
        ['sort=name', ['abel', 'bruno', 'carmen'], 1, 25],
        ['sort=-name', ['carmen', 'bruno', 'abel'], 1, 25],
        ['sort=createdAt', ['carmen', 'abel', 'bruno'], 1, 25],
        ['sort=-createdAt', ['bruno', 'abel', 'carmen'], 1, 25],
        ['sort=-name&pageSize=2', ['carmen', 'bruno'], 1, 2],
        ['sort=-name&pageSize=2&page=2', ['abel'], 2, 2],
        ['pageSize=1&page=2', ['bruno'], 2, 1],
        ['page=2', [], 2, 25],
      ])('answers a non-admin their offices for %s', async (query, order, page, pageSize) => {
        const res = await get(`/offices?${query}`, who).expect(200);
        expect(res.body).toEqual({ items: order.map((k) => officeView(made[k])), total: 3, page, pageSize });
      });
    });

    it('answers a non-admin of no office an empty page', async () => {
      await t.factories.office();
      const res = await get('/offices', officeless.director).expect(200);
      expect(res.body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
    });

    it('follows a change of membership on the next request', async () => {
      const [a, b] = [await t.factories.office(), await t.factories.office()];
      const who = await t.factories.signedIn('viewer', [a]);
      expect((await get('/offices', who).expect(200)).body).toEqual({ items: [officeView(a)], total: 1, page: 1, pageSize: 25 });
      await patch(`/users/${who.user.id}`, { officeIds: [b.id] }, admin).expect(200);
      expect((await get('/offices', who).expect(200)).body).toEqual({ items: [officeView(b)], total: 1, page: 1, pageSize: 25 });
    });

    it.each([
      ['page=0', ['page must not be less than 1']],
      ['page=-1', ['page must not be less than 1']],
      ['page=x', ['page must be an integer number']],
      ['page=1.5', ['page must be an integer number']],
      ['pageSize=0', ['pageSize must not be less than 1']],
      ['pageSize=101', ['pageSize must not be greater than 100']],
      ['pageSize=x', ['pageSize must be an integer number']],
    ])('answers 400 for %s', async (query, message) => {
      const res = await get(`/offices?${query}`, admin).expect(400);
      expectError(res, 400, 'Bad Request', expect.arrayContaining(message));
    });

    it.each(['id', '-id', 'updatedAt', 'nope'])('answers 400 naming the allowed fields for sort=%s', async (sort) => {
      const res = await get(`/offices?sort=${sort}`, admin).expect(400);
      expectError(res, 400, 'Bad Request', SORT_FIELDS);
    });

    it.each(['--name', 'name,createdAt', '', 'na me'])('answers 400 for the malformed sort=%p', async (sort) => {
      const res = await get(`/offices?sort=${encodeURIComponent(sort)}`, admin).expect(400);
      expectError(res, 400, 'Bad Request', ['sort must be a field name, optionally prefixed by -']);
    });

    it('answers 400 for an unknown query parameter, to a non-admin as well', async () => {
      const office = await t.factories.office();
      const who = await t.factories.signedIn('viewer', [office]);
      const res = await get(`/offices?name=${encodeURIComponent(office.name)}`, who).expect(400);
      expectError(res, 400, 'Bad Request', ['property name should not exist']);
    });

    it('answers 401 without a token, or with a bad one', async () => {
      expectError(await get('/offices').expect(401), 401, 'Unauthorized', NO_TOKEN);
      expectError(await get('/offices', { auth: 'Bearer not.a.token' } as SignedIn).expect(401), 401, 'Unauthorized', NO_TOKEN);
    });
  });

  describe('GET /offices/:id', () => {
    it('answers an admin any office, member or not', async () => {
      const office = await t.factories.office();
      const res = await get(`/offices/${office.id}`, admin).expect(200);
      expect(res.body).toEqual(officeView(office));
    });

    it.each(ROLES)('answers a %s an office they belong to', async (role) => {
      const office = await t.factories.office();
      const who = await t.factories.signedIn(role, [office]);
      const res = await get(`/offices/${office.id}`, who).expect(200);
      expect(res.body).toEqual(officeView(office));
    });

    it.each(NON_ADMINS)('answers a %s 404 for an office they do not belong to, as for an unknown one', async (role) => {
      const [mine, other] = [await t.factories.office(), await t.factories.office()];
      const who = await t.factories.signedIn(role, [mine]);
      expectError(await get(`/offices/${other.id}`, who).expect(404), 404, 'Not Found', 'Office not found');
      expectError(await get(`/offices/${UNKNOWN_ID}`, who).expect(404), 404, 'Not Found', 'Office not found');
    });

    it('answers an admin 404 for a well-formed unknown id', async () => {
      expectError(await get(`/offices/${UNKNOWN_ID}`, admin).expect(404), 404, 'Not Found', 'Office not found');
    });

    it.each(
      ROLES.flatMap((role) => ['not-a-uuid', '123', `${UNKNOWN_ID}x`].map((id) => [role, id] as const)),
    )('answers a %s 400 for the malformed id %p', async (role, id) => {
      const who = role === 'admin' ? admin : officeless[role];
      expectError(await get(`/offices/${id}`, who).expect(400), 400, 'Bad Request', 'Validation failed (uuid is expected)');
    });

    it('answers 401 without a token, or with a bad one', async () => {
      const office = await t.factories.office();
      expectError(await get(`/offices/${office.id}`).expect(401), 401, 'Unauthorized', NO_TOKEN);
      expectError(await get(`/offices/${office.id}`, { auth: 'Bearer not.a.token' } as SignedIn).expect(401), 401, 'Unauthorized', NO_TOKEN);
    });
  });

  describe('POST /offices', () => {
    it('answers 201 with the office, name trimmed, stored and readable, with its audit event', async () => {
      const name = t.factories.unique('House Foreign Affairs — Western Hemisphere');
      const requestId = `offices-create-${randomBytes(4).toString('hex')}`;

      const res = await t.http().post(`${API}/offices`).set('Authorization', admin.auth).set('X-Request-Id', requestId).send({ name: `  ${name}\t ` }).expect(201);

      expect(res.headers['x-request-id']).toBe(requestId);
      expect(res.body).toEqual({ id: expect.stringMatching(UUID), name, timeZone: DEFAULT_ZONE });
      const { id } = res.body as OfficeView;
      expect(await officesNamed(name)).toEqual([{ id, name, timeZone: DEFAULT_ZONE }]);
      expect((await get(`/offices/${id}`, admin).expect(200)).body).toEqual({ id, name, timeZone: DEFAULT_ZONE });
      expect(await auditOf(id)).toEqual([
        {
          actor_id: admin.user.id,
          action: 'office.create',
          entity_type: 'office',
          entity_id: id,
          office_id: id,
          before: null,
          after: { name, timeZone: DEFAULT_ZONE },
          request_id: requestId,
          chain_key: `office:${id}`,
          prev_hash: null,
          hash: expect.stringMatching(HASH),
        },
      ]);
    });

    /** `length` characters ending in a random suffix, so that no other test holds the name. */
    const uniqueOfLength = (length: number) => {
      const suffix = randomBytes(4).toString('hex');
      return 'o'.repeat(length - suffix.length) + suffix;
    };
    it.each<[string, () => [sent: string, stored: string]]>([
      ['exactly 200 characters', () => { const n = uniqueOfLength(200); return [n, n]; }],
      ['200 characters once trimmed', () => { const n = uniqueOfLength(200); return [`  ${n} \t`, n]; }],
      ['letters beyond ASCII', () => { const n = t.factories.unique('Oficina de Relaciones Exteriores — Ñandú ü 東京 🏛'); return [n, n]; }],
      ['inner spaces kept', () => { const n = t.factories.unique('Joint   Economic  Committee'); return [` ${n}`, n]; }],
    ])('accepts a name of %s', async (_case, make) => {
      const [sent, stored] = make();
      const res = await post('/offices', { name: sent }, admin).expect(201);
      expect(res.body).toEqual({ id: expect.stringMatching(UUID), name: stored, timeZone: DEFAULT_ZONE });
      expect(await storedName((res.body as OfficeView).id)).toBe(stored);
    });

    it('answers 409 for a name taken in another case, and keeps only the first office and its event', async () => {
      const first = await created(admin, t.factories.unique('Taken Name'));

      for (const variant of [first.name.toUpperCase(), first.name.toLowerCase(), `  ${first.name.toUpperCase()}  `]) {
        const res = await post('/offices', { name: variant }, admin).expect(409);
        expectError(res, 409, 'Conflict', TAKEN);
      }
      expect(await officesNamed(first.name)).toEqual([first]);
      expect(await createEventsNamed(first.name)).toBe(1);
    });

    it('answers 409 for a name that only differs by surrounding spaces', async () => {
      const first = await created(admin);
      const res = await post('/offices', { name: `\t ${first.name}  ` }, admin).expect(409);
      expectError(res, 409, 'Conflict', TAKEN);
      expect(await officesNamed(first.name)).toEqual([first]);
      expect(await createEventsNamed(first.name)).toBe(1);
    });

    it('creates one office when two admins send the same name at once; the other answers 409', async () => {
      const name = t.factories.unique('Race');
      const [a, b] = await Promise.all([post('/offices', { name }, admin), post('/offices', { name: name.toUpperCase() }, admin)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const winner = (a.status === 201 ? a : b).body as OfficeView;
      expectError(a.status === 409 ? a : b, 409, 'Conflict', TAKEN);
      expect(await officesNamed(name)).toEqual([winner]);
      expect(await createEventsNamed(name)).toBe(1);
    });

    it.each<[string, unknown, unknown]>([
      ['an empty name', '', ['name must be longer than or equal to 1 characters']],
      ['a blank name', '   ', ['name must be longer than or equal to 1 characters']],
      ['a name over 200 characters', 'n'.repeat(201), ['name must be shorter than or equal to 200 characters']],
      ['a name over 200 characters inside its spaces', ` ${'n'.repeat(201)} `, ['name must be shorter than or equal to 200 characters']],
      ['a name with a NUL character', 'Ana\u0000Office', ['name must not contain control characters']],
      ['a name with a tab inside', 'Ana\tOffice', ['name must not contain control characters']],
      ['a name with a line break inside', 'Ana\nOffice', ['name must not contain control characters']],
      ['a name with a carriage return inside', 'Ana\rOffice', ['name must not contain control characters']],
      ['a name with an escape character', 'Ana\u001bOffice', ['name must not contain control characters']],
      ['a name with a DEL character', 'Ana\u007fOffice', ['name must not contain control characters']],
      ['a name with a C1 control character', 'Ana\u0085Office', ['name must not contain control characters']],
      ['a number', 42, expect.arrayContaining(['name must be a string'])],
      ['a boolean', true, expect.arrayContaining(['name must be a string'])],
      ['an array', ['Office'], expect.arrayContaining(['name must be a string'])],
      ['an object', { value: 'Office' }, expect.arrayContaining(['name must be a string'])],
      ['null', null, expect.arrayContaining(['name must be a string'])],
    ])('answers 400 for %s as the name, and creates nothing', async (_case, name, message) => {
      const res = await post('/offices', { name }, admin).expect(400);
      expectError(res, 400, 'Bad Request', message);
      expect((res.body as { message: unknown[] }).message.every((m) => typeof m === 'string')).toBe(true);
      if (typeof name === 'string' && name.trim() !== '') {
        // PostgreSQL cannot take a NUL even as a query parameter: look for the name without it.
        const stored = name.replaceAll('\u0000', '');
        expect(await officesNamed(stored)).toEqual([]);
        expect(await createEventsNamed(stored)).toBe(0);
      }
    });

    it('answers 400 when the name is missing', async () => {
      const res = await post('/offices', {}, admin).expect(400);
      expectError(res, 400, 'Bad Request', expect.arrayContaining(['name must be a string']));
      expect((res.body as { message: string[] }).message.every((m) => m.startsWith('name '))).toBe(true);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an id', { id: UNKNOWN_ID }, ['property id should not exist']],
      ['an unknown field', { code: 'HFA' }, ['property code should not exist']],
      ['createdAt', { createdAt: '2020-01-01T00:00:00.000Z' }, ['property createdAt should not exist']],
    ])('answers 400 for %s next to the name, and creates nothing', async (_case, extra, message) => {
      const name = t.factories.unique('Extra');
      const res = await post('/offices', { name, ...extra }, admin).expect(400);
      expectError(res, 400, 'Bad Request', message);
      expect(await officesNamed(name)).toEqual([]);
      expect(await createEventsNamed(name)).toBe(0);
    });

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['an array holding the object', '[{"name":"Office"}]'],
      ['a string', '"Office"'],
      ['a number', '42'],
    ])('answers 400 for a body that is %s', async (_case, raw) => {
      const res = await t.http().post(`${API}/offices`).set('Authorization', admin.auth).set('Content-Type', 'application/json').send(raw).expect(400);
      expectError(res, 400, 'Bad Request', 'Request body must be a JSON object');
    });

    it('answers 400 for no body at all', async () => {
      const res = await t.http().post(`${API}/offices`).set('Authorization', admin.auth).expect(400);
      expectError(res, 400, 'Bad Request', 'Request body must be a JSON object');
    });

    // The messages src/common/http/error-body.ts gives Fastify's JSON parse errors (FST_ERR_CTP_*).
    it.each([
      ['malformed JSON', '{"name":', 'Request body is not valid JSON'],
      ['an empty JSON body', '', 'Request body must not be empty when Content-Type is application/json'],
    ])('answers 400 for %s, in the API\'s own words', async (_case, raw, message) => {
      const res = await t.http().post(`${API}/offices`).set('Authorization', admin.auth).set('Content-Type', 'application/json').send(raw).expect(400);
      expectError(res, 400, 'Bad Request', message);
    });

    it.each(NON_ADMINS)('answers 403 to a %s, even a member of offices, and creates nothing', async (role) => {
      const who = await t.factories.signedIn(role, [await t.factories.office()]);
      const name = t.factories.unique('Forbidden');
      const res = await post('/offices', { name }, who).expect(403);
      expectError(res, 403, 'Forbidden', NEEDS_ADMIN);
      expect(await officesNamed(name)).toEqual([]);
      expect(await createEventsNamed(name)).toBe(0);
    });

    it.each(NON_ADMINS)('answers 403 to a %s before looking at the body', async (role) => {
      expectError(await post('/offices', { name: '', bogus: 1 }, officeless[role]).expect(403), 403, 'Forbidden', NEEDS_ADMIN);
    });

    it('answers 401 without a token, or with a bad one, and creates nothing', async () => {
      const name = t.factories.unique('Anonymous');
      expectError(await post('/offices', { name }).expect(401), 401, 'Unauthorized', NO_TOKEN);
      expectError(await post('/offices', { name }, { auth: 'Bearer not.a.token' } as SignedIn).expect(401), 401, 'Unauthorized', NO_TOKEN);
      expect(await officesNamed(name)).toEqual([]);
    });
  });

  describe('PATCH /offices/:id', () => {
    it('renames the office (trimmed), for everyone at once, with an update event linked after the create event', async () => {
      const office = await created(admin);
      const member = await t.factories.signedIn('viewer', [office as Office]);
      const name = t.factories.unique('Renamed Office');
      const requestId = `offices-rename-${randomBytes(4).toString('hex')}`;

      const res = await t.http().patch(`${API}/offices/${office.id}`).set('Authorization', admin.auth).set('X-Request-Id', requestId).send({ name: ` ${name} ` }).expect(200);

      expect(res.body).toEqual({ id: office.id, name, timeZone: DEFAULT_ZONE });
      expect(await storedName(office.id)).toBe(name);
      expect((await get(`/offices/${office.id}`, member).expect(200)).body).toEqual({ id: office.id, name, timeZone: DEFAULT_ZONE });
      expect((await get('/offices', member).expect(200)).body).toEqual({ items: [{ id: office.id, name, timeZone: DEFAULT_ZONE }], total: 1, page: 1, pageSize: 25 });
      const [create, update, ...rest] = await auditOf(office.id);
      expect(rest).toEqual([]);
      expect(create).toMatchObject({ action: 'office.create', after: { name: office.name }, prev_hash: null });
      expect(update).toEqual({
        actor_id: admin.user.id,
        action: 'office.update',
        entity_type: 'office',
        entity_id: office.id,
        office_id: office.id,
        before: { name: office.name },
        after: { name },
        request_id: requestId,
        chain_key: `office:${office.id}`,
        prev_hash: create.hash,
        hash: expect.stringMatching(HASH),
      });
    });

    it('lets an office take its own name in another case (not a conflict with itself)', async () => {
      const office = await created(admin, t.factories.unique('Casing'));
      const res = await patch(`/offices/${office.id}`, { name: office.name.toUpperCase() }, admin).expect(200);
      expect(res.body).toEqual({ id: office.id, name: office.name.toUpperCase(), timeZone: DEFAULT_ZONE });
      expect(await storedName(office.id)).toBe(office.name.toUpperCase());
      expect((await auditOf(office.id)).map((e) => [e.action, e.before, e.after])).toEqual([
        ['office.create', null, { name: office.name, timeZone: DEFAULT_ZONE }],
        ['office.update', { name: office.name }, { name: office.name.toUpperCase() }],
      ]);
    });

    it.each<[string, (taken: string) => string]>([
      ['in another case', (taken) => taken.toUpperCase()],
      ['with surrounding spaces', (taken) => `  ${taken} `],
    ])("answers 409 for another office's name %s, and changes nothing", async (_case, variant) => {
      const taken = await created(admin);
      const office = await created(admin);
      const res = await patch(`/offices/${office.id}`, { name: variant(taken.name) }, admin).expect(409);
      expectError(res, 409, 'Conflict', TAKEN);
      expect(await storedName(office.id)).toBe(office.name);
      expect(await storedName(taken.id)).toBe(taken.name);
      expect((await auditOf(office.id)).map((e) => e.action)).toEqual(['office.create']);
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['no field', {}, 'Send at least one field to change'],
      ['an empty name', { name: '' }, ['name must be longer than or equal to 1 characters']],
      ['a blank name', { name: '  ' }, ['name must be longer than or equal to 1 characters']],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, ['name must be shorter than or equal to 200 characters']],
      ['a name with a NUL character', { name: 'A\u0000B' }, ['name must not contain control characters']],
      ['a name with a line break inside', { name: 'A\nB' }, ['name must not contain control characters']],
      ['a number', { name: 7 }, expect.arrayContaining(['name must be a string'])],
      ['null', { name: null }, expect.arrayContaining(['name must be a string'])],
      ['an unknown field', { name: 'Fine Name', id: UNKNOWN_ID }, ['property id should not exist']],
    ])('answers 400 for %s, and changes nothing', async (_case, body, message) => {
      const office = await created(admin);
      const res = await patch(`/offices/${office.id}`, body, admin).expect(400);
      expectError(res, 400, 'Bad Request', message);
      expect(await storedName(office.id)).toBe(office.name);
      expect((await auditOf(office.id)).map((e) => e.action)).toEqual(['office.create']);
    });

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['a string', '"Office"'],
    ])('answers 400 for a body that is %s', async (_case, raw) => {
      const office = await created(admin);
      const res = await t.http().patch(`${API}/offices/${office.id}`).set('Authorization', admin.auth).set('Content-Type', 'application/json').send(raw).expect(400);
      expectError(res, 400, 'Bad Request', 'Request body must be a JSON object');
      expect(await storedName(office.id)).toBe(office.name);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      const name = t.factories.unique('Nowhere');
      expectError(await patch('/offices/nope', { name }, admin).expect(400), 400, 'Bad Request', 'Validation failed (uuid is expected)');
      expectError(await patch(`/offices/${UNKNOWN_ID}`, { name }, admin).expect(404), 404, 'Not Found', 'Office not found');
      expect(await officesNamed(name)).toEqual([]);
      const events = (await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'office' AND entity_id = $1", [UNKNOWN_ID])) as { n: number }[];
      expect(events[0].n).toBe(0);
    });

    it.each(NON_ADMINS)('answers 403 to a %s, even a member of the office, and changes nothing', async (role) => {
      const office = await created(admin);
      const who = await t.factories.signedIn(role, [office as Office]);
      const res = await patch(`/offices/${office.id}`, { name: t.factories.unique('Hijacked') }, who).expect(403);
      expectError(res, 403, 'Forbidden', NEEDS_ADMIN);
      expect(await storedName(office.id)).toBe(office.name);
      expect((await auditOf(office.id)).map((e) => e.action)).toEqual(['office.create']);
    });

    it.each(NON_ADMINS)('answers 403 to a %s before looking at the id or the body', async (role) => {
      const who = officeless[role];
      expectError(await patch('/offices/not-a-uuid', { name: null }, who).expect(403), 403, 'Forbidden', NEEDS_ADMIN);
      expectError(await patch(`/offices/${UNKNOWN_ID}`, {}, who).expect(403), 403, 'Forbidden', NEEDS_ADMIN);
    });

    it('answers 401 without a token, or with a bad one, and changes nothing', async () => {
      const office = await t.factories.office();
      const body = { name: t.factories.unique('Anonymous') };
      expectError(await patch(`/offices/${office.id}`, body).expect(401), 401, 'Unauthorized', NO_TOKEN);
      expectError(await patch(`/offices/${office.id}`, body, { auth: 'Bearer not.a.token' } as SignedIn).expect(401), 401, 'Unauthorized', NO_TOKEN);
      expect(await storedName(office.id)).toBe(office.name);
    });
  });

  describe('routes that do not exist', () => {
    it('has no DELETE /offices/:id: 404 for an admin, and the office stays', async () => {
      const office = await t.factories.office();
      const res = await t.http().delete(`${API}/offices/${office.id}`).set('Authorization', admin.auth).expect(404);
      expectError(res, 404, 'Not Found', `Cannot DELETE ${API}/offices/${office.id}`);
      expect(await storedName(office.id)).toBe(office.name);
    });

    it('has no PUT /offices/:id', async () => {
      const office = await t.factories.office();
      const res = await t.http().put(`${API}/offices/${office.id}`).set('Authorization', admin.auth).send({ name: 'Replaced' }).expect(404);
      expectError(res, 404, 'Not Found', `Cannot PUT ${API}/offices/${office.id}`);
      expect(await storedName(office.id)).toBe(office.name);
    });
  });
});

describe('offices on a database of their own', () => {
  const ADMIN_PASSWORD = 'bootstrap-admin-password';
  let database: FreshDatabase;
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    // A database of its own: an admin's exact totals and orders depend on every office there is.
    database = await createFreshDatabase();
    t = await startTestApp({ MIGRATIONS_RUN: 'true', ADMIN_EMAIL: `boot-${randomBytes(3).toString('hex')}@example.org`, ADMIN_PASSWORD }, database.url);
    const [row] = (await t.db.query('SELECT id FROM users')) as { id: string }[];
    admin = await t.factories.login(await t.db.getRepository(User).findOneByOrFail({ id: row.id }), ADMIN_PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  }, 60_000);

  const get = (path: string, who: SignedIn) => t.http().get(`${API}${path}`).set('Authorization', who.auth);

  it('lists every office to an admin with exact totals, pages and each sort; a member sees only theirs', async () => {
    expect((await get('/offices', admin).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });

    // Created in this order, so createdAt follows it; names sort differently.
    const made: OfficeView[] = [];
    for (const name of ['Carmen', 'Abel', 'Elena', 'Bruno', 'Diego']) {
      made.push((await t.http().post(`${API}/offices`).set('Authorization', admin.auth).send({ name }).expect(201)).body as OfficeView);
    }
    const names = [...made].sort(byName);
    const list = async (query: string) => (await get(`/offices?${query}`, admin).expect(200)).body as unknown;

    expect(await list('')).toEqual({ items: names, total: 5, page: 1, pageSize: 25 });
    expect(await list('sort=name')).toEqual({ items: names, total: 5, page: 1, pageSize: 25 });
    expect(await list('sort=-name')).toEqual({ items: [...names].reverse(), total: 5, page: 1, pageSize: 25 });
    expect(await list('sort=createdAt')).toEqual({ items: made, total: 5, page: 1, pageSize: 25 });
    expect(await list('sort=-createdAt')).toEqual({ items: [...made].reverse(), total: 5, page: 1, pageSize: 25 });
    expect(await list('pageSize=2')).toEqual({ items: names.slice(0, 2), total: 5, page: 1, pageSize: 2 });
    expect(await list('pageSize=2&page=2')).toEqual({ items: names.slice(2, 4), total: 5, page: 2, pageSize: 2 });
    expect(await list('pageSize=2&page=3')).toEqual({ items: names.slice(4), total: 5, page: 3, pageSize: 2 });
    expect(await list('sort=-createdAt&pageSize=3&page=2')).toEqual({ items: [...made].reverse().slice(3), total: 5, page: 2, pageSize: 3 });
    expect(await list('page=4&pageSize=2')).toEqual({ items: [], total: 5, page: 4, pageSize: 2 });

    const member = await t.factories.signedIn('director', [made[2], made[4]] as Office[]);
    expect((await get('/offices', member).expect(200)).body).toEqual({ items: [made[4], made[2]], total: 2, page: 1, pageSize: 25 });

    // Exactly one office.create event per office, each the first link of its office's chain.
    const events = (await t.db.query("SELECT entity_id, office_id, chain_key, prev_hash FROM audit_events WHERE entity_type = 'office' ORDER BY seq")) as Record<string, unknown>[];
    expect(events).toEqual(made.map((o) => ({ entity_id: o.id, office_id: o.id, chain_key: `office:${o.id}`, prev_hash: null })));
  });
});
