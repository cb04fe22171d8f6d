import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { startEmbeddedDatabase } from '../src/database/embedded-database';
import type { Office } from '../src/offices/office.entity';
import type { Role } from '../src/users/role';
import { User } from '../src/users/user.entity';
import { DEFAULT_PASSWORD, SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const USER_KEYS = ['active', 'email', 'id', 'name', 'offices', 'role'];
const ROLES: Role[] = ['viewer', 'staffer', 'director', 'admin'];
const NON_ADMINS: Role[] = ['viewer', 'staffer', 'director'];
const LAST_ADMIN = 'The last active admin cannot be deactivated or demoted';
const PAGE_PARAMS_ERRORS = 'page/pageSize';

/** A client address of its own for each failed login, so this file's failures never throttle 127.0.0.1. */
const address = () => `10.${randomBytes(3).join('.')}`;

/** The contract's error body, with the request id the response carried in its header. */
function expectError(res: Response, statusCode: number, error: string, message: unknown): void {
  expect(res.body).toEqual({ statusCode, error, message, requestId: res.headers['x-request-id'] });
  expect(res.headers['x-request-id']).toEqual(expect.any(String));
}

/** No password, hash or argon2 string anywhere in a response. */
function expectNoSecrets(res: Response): void {
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/password|hash|\$argon2/i);
}

const officeView = (o: Office) => ({ id: o.id, name: o.name });

describe('users (admin only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
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
  const login = (email: string, password: string) =>
    t.http().post(`${API}/auth/login`).set('X-Forwarded-For', address()).send({ email, password });
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: `${t.factories.unique('new')}@example.org`,
    name: t.factories.unique('New User'),
    role: 'staffer',
    password: 'correct-horse-battery',
    officeIds: [],
    ...overrides,
  });
  const usersWithEmail = async (email: string) =>
    (await t.db.query('SELECT id, email FROM users WHERE lower(email) = lower($1)', [email])) as { id: string; email: string }[];

  describe('GET /users', () => {
    it('answers a page of users in the user shape, with the default page and page size', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      await t.factories.user({ role: 'viewer', offices: [office] });

      const res = await get('/users', admin).expect(200);

      expect(Object.keys(res.body as object).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
      const body = res.body as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
      expect(body.page).toBe(1);
      expect(body.pageSize).toBe(25);
      expect(body.total).toBeGreaterThanOrEqual(2);
      expect(body.items.length).toBe(Math.min(25, body.total));
      for (const item of body.items) {
        expect(Object.keys(item).sort()).toEqual(USER_KEYS);
        expect(item).toEqual({
          id: expect.stringMatching(UUID),
          email: expect.any(String),
          name: expect.any(String),
          role: expect.stringMatching(/^(viewer|staffer|director|admin)$/),
          active: expect.any(Boolean),
          offices: expect.any(Array),
        });
      }
      expectNoSecrets(res);
    });

    it('pages consistently: page 2 of size 2 is the 3rd and 4th of the first page of 4, under each sort', async () => {
      const admin = await t.factories.signedIn('admin');
      for (let i = 0; i < 4; i++) await t.factories.user();
      // createdAt ascending is stable under the inserts of concurrently running files: new users go last.
      const first4 = await get('/users?sort=createdAt&pageSize=4', admin).expect(200);
      const page2 = await get('/users?sort=createdAt&pageSize=2&page=2', admin).expect(200);
      expect(first4.body).toMatchObject({ page: 1, pageSize: 4 });
      expect(page2.body).toMatchObject({ page: 2, pageSize: 2 });
      const ids4 = (first4.body as { items: { id: string }[] }).items.map((u) => u.id);
      expect(ids4).toHaveLength(4);
      expect((page2.body as { items: { id: string }[] }).items.map((u) => u.id)).toEqual(ids4.slice(2, 4));
    });

    it('answers an empty page past the end, with the total', async () => {
      const admin = await t.factories.signedIn('admin');
      const res = await get('/users?page=1000000&pageSize=100', admin).expect(200);
      expect(res.body).toEqual({ items: [], total: expect.any(Number), page: 1000000, pageSize: 100 });
      expect((res.body as { total: number }).total).toBeGreaterThan(0);
    });

    it.each([
      ['page=0', ['page must not be less than 1']],
      ['page=-1', ['page must not be less than 1']],
      ['page=x', ['page must be an integer number']],
      ['page=1.5', ['page must be an integer number']],
      ['pageSize=0', ['pageSize must not be less than 1']],
      ['pageSize=101', ['pageSize must not be greater than 100']],
      ['pageSize=x', ['pageSize must be an integer number']],
    ])('answers 400 for %s (%s)', async (query, message) => {
      const admin = await t.factories.signedIn('admin');
      const res = await get(`/users?${query}`, admin).expect(400);
      expectError(res, 400, 'Bad Request', expect.arrayContaining(message));
    });

    it.each(['password', 'passwordHash', 'active', 'nope', '--name', 'name,email', ''])('answers 400 for sort=%p', async (sort) => {
      const admin = await t.factories.signedIn('admin');
      const res = await get(`/users?sort=${encodeURIComponent(sort)}`, admin).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.anything(),
        requestId: res.headers['x-request-id'],
      });
    });

    it('names the allowed sort fields when the field is unknown', async () => {
      const admin = await t.factories.signedIn('admin');
      const res = await get('/users?sort=-passwordHash', admin).expect(400);
      expectError(res, 400, 'Bad Request', 'sort must be one of: name, -name, email, -email, role, -role, createdAt, -createdAt');
    });

    it('answers 400 for an unknown query parameter', async () => {
      const admin = await t.factories.signedIn('admin');
      const res = await get('/users?role=admin', admin).expect(400);
      expectError(res, 400, 'Bad Request', ['property role should not exist']);
    });

    it(`accepts the limits of ${PAGE_PARAMS_ERRORS}: page 1 and page size 1 and 100`, async () => {
      const admin = await t.factories.signedIn('admin');
      const one = await get('/users?page=1&pageSize=1', admin).expect(200);
      expect((one.body as { items: unknown[] }).items).toHaveLength(1);
      const hundred = await get('/users?pageSize=100', admin).expect(200);
      expect(hundred.body).toMatchObject({ page: 1, pageSize: 100 });
    });
  });

  describe('POST /users', () => {
    it('answers 201 with the user: e-mail trimmed and lower-cased, name trimmed, offices by name, no password', async () => {
      const admin = await t.factories.signedIn('admin');
      const zeta = await t.factories.office(t.factories.unique('Zeta'));
      const alpha = await t.factories.office(t.factories.unique('Alpha'));
      const local = t.factories.unique('Ana.Ruiz');
      const name = t.factories.unique('Ana Ruiz');

      const res = await post(
        '/users',
        { email: `  ${local.toUpperCase()}@Mail.House.GOV `, name: `  ${name} `, role: 'director', password: 'a-very-long-secret', officeIds: [zeta.id, alpha.id] },
        admin,
      ).expect(201);

      const created = {
        id: expect.stringMatching(UUID),
        email: `${local.toLowerCase()}@mail.house.gov`,
        name,
        role: 'director',
        active: true,
        offices: [officeView(alpha), officeView(zeta)],
      };
      expect(res.body).toEqual(created);
      expect(Object.keys(res.body as object).sort()).toEqual(USER_KEYS);
      expectNoSecrets(res);
      const id = (res.body as { id: string }).id;

      const read = await get(`/users/${id}`, admin).expect(200);
      expect(read.body).toEqual({ ...created, id });
      expectNoSecrets(read);

      // The stored password is a hash of the one given, and the new user can sign in with it.
      const [row] = (await t.db.query('SELECT email, password_hash FROM users WHERE id = $1', [id])) as { email: string; password_hash: string }[];
      expect(row.email).toBe(`${local.toLowerCase()}@mail.house.gov`);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain('a-very-long-secret');
      const signedIn = await login(`${local}@mail.house.gov`, 'a-very-long-secret').expect(200);
      expect((signedIn.body as { user: unknown }).user).toEqual({ ...created, id });
    });

    it('creates every role, with no office', async () => {
      const admin = await t.factories.signedIn('admin');
      for (const role of ROLES) {
        const body = newUser({ role });
        const res = await post('/users', body, admin).expect(201);
        expect(res.body).toEqual({ id: expect.stringMatching(UUID), email: body.email, name: body.name, role, active: true, offices: [] });
      }
    });

    it('accepts a password of exactly 12 characters and refuses one of 11', async () => {
      const admin = await t.factories.signedIn('admin');
      const ok = newUser({ password: '123456789012' });
      await post('/users', ok, admin).expect(201);
      await login(ok.email, '123456789012').expect(200);

      const short = newUser({ password: '12345678901' });
      const res = await post('/users', short, admin).expect(400);
      expectError(res, 400, 'Bad Request', ['password must be longer than or equal to 12 characters']);
      expect(await usersWithEmail(short.email)).toEqual([]);
    });

    it('answers 409 for an e-mail taken in another case, and keeps only the first user', async () => {
      const admin = await t.factories.signedIn('admin');
      const first = newUser({ email: `${t.factories.unique('taken')}@example.org` });
      const created = await post('/users', first, admin).expect(201);

      const res = await post('/users', newUser({ email: first.email.toUpperCase() }), admin).expect(409);
      expectError(res, 409, 'Conflict', 'A user with this e-mail already exists');
      expect(await usersWithEmail(first.email)).toEqual([{ id: (created.body as { id: string }).id, email: first.email }]);
    });

    it('answers 409 for an e-mail that only differs by surrounding spaces', async () => {
      const admin = await t.factories.signedIn('admin');
      const first = newUser();
      await post('/users', first, admin).expect(201);
      const res = await post('/users', newUser({ email: `  ${first.email}  ` }), admin).expect(409);
      expectError(res, 409, 'Conflict', 'A user with this e-mail already exists');
    });

    it('answers 422 for an office id that does not exist, and creates nothing', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const body = newUser({ officeIds: [office.id, UNKNOWN_ID] });
      const res = await post('/users', body, admin).expect(422);
      expectError(res, 422, 'Unprocessable Entity', `Unknown office id(s): ${UNKNOWN_ID}`);
      expect(await usersWithEmail(body.email)).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['an unknown field', { isAdmin: true }, ['property isAdmin should not exist']],
      ['a password hash', { passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$abc$def' }, ['property passwordHash should not exist']],
      ['an id', { id: UNKNOWN_ID }, ['property id should not exist']],
      ['an active flag', { active: false }, ['property active should not exist']],
      ['a bad role', { role: 'superuser' }, ['role must be one of the following values: viewer, staffer, director, admin']],
      ['a role in another case', { role: 'Admin' }, ['role must be one of the following values: viewer, staffer, director, admin']],
      ['a bad e-mail', { email: 'not-an-email' }, ['email must be an email']],
      ['an e-mail that is a number', { email: 42 }, ['email must be an email']],
      ['an empty name', { name: '' }, ['name must be longer than or equal to 1 characters']],
      ['a blank name', { name: '   ' }, ['name must be longer than or equal to 1 characters']],
      ['a name over 200 characters', { name: 'n'.repeat(201) }, ['name must be shorter than or equal to 200 characters']],
      ['a name with a NUL character', { name: 'Ana\u0000Ruiz' }, ['name must not contain control characters']],
      ['a password that is not a string', { password: 123456789012345 }, expect.arrayContaining(['password must be a string'])],
      ['a password over 256 characters', { password: 'p'.repeat(257) }, ['password must be shorter than or equal to 256 characters']],
      ['office ids that are not an array', { officeIds: UNKNOWN_ID }, expect.arrayContaining(['officeIds must be an array'])],
      ['an office id that is not a UUID', { officeIds: ['office-1'] }, ['each value in officeIds must be a UUID']],
      ['a repeated office id', { officeIds: [UNKNOWN_ID, UNKNOWN_ID] }, ["All officeIds's elements must be unique"]],
    ])('answers 400 for %s', async (_case, overrides, message) => {
      const admin = await t.factories.signedIn('admin');
      const body = newUser(overrides);
      const res = await post('/users', body, admin).expect(400);
      expectError(res, 400, 'Bad Request', message);
      if (typeof body.email === 'string' && body.email.includes('@')) expect(await usersWithEmail(body.email)).toEqual([]);
    });

    it.each(['email', 'name', 'role', 'password', 'officeIds'])('answers 400 when %s is missing', async (field) => {
      const admin = await t.factories.signedIn('admin');
      const body: Record<string, unknown> = newUser();
      delete body[field];
      const res = await post('/users', body, admin).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(Array), requestId: res.headers['x-request-id'] });
      expect((res.body as { message: string[] }).message.every((m) => m.startsWith(field) || m.includes(field))).toBe(true);
    });

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['a string', '"x"'],
    ])('answers 400 for a body that is %s', async (_case, raw) => {
      const admin = await t.factories.signedIn('admin');
      const res = await t.http().post(`${API}/users`).set('Authorization', admin.auth).set('Content-Type', 'application/json').send(raw).expect(400);
      expectError(res, 400, 'Bad Request', 'Request body must be a JSON object');
    });
  });

  describe('GET /users/:id', () => {
    it('answers 200 with the user and their offices', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const user = await t.factories.user({ role: 'viewer', offices: [office], active: false });
      const res = await get(`/users/${user.id}`, admin).expect(200);
      expect(res.body).toEqual({ id: user.id, email: user.email, name: user.name, role: 'viewer', active: false, offices: [officeView(office)] });
      expectNoSecrets(res);
    });

    it.each(['not-a-uuid', '123', `${UNKNOWN_ID}x`])('answers 400 for the malformed id %p', async (id) => {
      const admin = await t.factories.signedIn('admin');
      const res = await get(`/users/${id}`, admin).expect(400);
      expectError(res, 400, 'Bad Request', 'Validation failed (uuid is expected)');
    });

    it('answers 404 for a well-formed unknown id', async () => {
      const admin = await t.factories.signedIn('admin');
      const res = await get(`/users/${UNKNOWN_ID}`, admin).expect(404);
      expectError(res, 404, 'Not Found', 'User not found');
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes the name (trimmed) and answers the user', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const user = await t.factories.user({ role: 'staffer', offices: [office] });
      const name = t.factories.unique('Renamed');
      const res = await patch(`/users/${user.id}`, { name: ` ${name} ` }, admin).expect(200);
      const expected = { id: user.id, email: user.email, name, role: 'staffer', active: true, offices: [officeView(office)] };
      expect(res.body).toEqual(expected);
      expectNoSecrets(res);
      expect((await get(`/users/${user.id}`, admin).expect(200)).body).toEqual(expected);
    });

    it('changes the role, which takes effect on the next request of the user', async () => {
      const admin = await t.factories.signedIn('admin');
      const who = await t.factories.signedIn('staffer');
      await get('/users', who).expect(403);

      const promoted = await patch(`/users/${who.user.id}`, { role: 'admin' }, admin).expect(200);
      expect(promoted.body).toEqual({ id: who.user.id, email: who.user.email, name: who.user.name, role: 'admin', active: true, offices: [] });
      await get('/users', who).expect(200);

      const demoted = await patch(`/users/${who.user.id}`, { role: 'viewer' }, admin).expect(200);
      expect(demoted.body).toMatchObject({ role: 'viewer' });
      await get('/users', who).expect(403);
    });

    it('replaces the offices, and empties them with []', async () => {
      const admin = await t.factories.signedIn('admin');
      const [a, b, c] = [await t.factories.office(t.factories.unique('B')), await t.factories.office(t.factories.unique('A')), await t.factories.office(t.factories.unique('C'))];
      const who = await t.factories.signedIn('staffer', [a]);

      const res = await patch(`/users/${who.user.id}`, { officeIds: [c.id, b.id] }, admin).expect(200);
      expect(res.body).toEqual({ id: who.user.id, email: who.user.email, name: who.user.name, role: 'staffer', active: true, offices: [officeView(b), officeView(c)] });
      // The member's own view follows at once.
      const mine = await get('/offices', who).expect(200);
      // GET /offices shows the whole office; a user's `offices` only id and name.
      const full = (o: Office) => ({ ...officeView(o), timeZone: 'America/New_York' });
      expect(mine.body).toEqual({ items: [full(b), full(c)], total: 2, page: 1, pageSize: 25 });
      await get(`/offices/${a.id}`, who).expect(404);

      const emptied = await patch(`/users/${who.user.id}`, { officeIds: [] }, admin).expect(200);
      expect(emptied.body).toMatchObject({ offices: [] });
      expect((await get('/offices', who).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
    });

    it('answers 422 for an unknown office id and changes nothing', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const user = await t.factories.user({ offices: [office] });
      const res = await patch(`/users/${user.id}`, { name: 'Not applied', officeIds: [UNKNOWN_ID] }, admin).expect(422);
      expectError(res, 422, 'Unprocessable Entity', `Unknown office id(s): ${UNKNOWN_ID}`);
      expect((await get(`/users/${user.id}`, admin).expect(200)).body).toEqual({
        id: user.id,
        email: user.email,
        name: user.name,
        role: 'staffer',
        active: true,
        offices: [officeView(office)],
      });
    });

    it('deactivates: the user can no longer sign in, their tokens stop at once; reactivating lets them sign in again', async () => {
      const admin = await t.factories.signedIn('admin');
      const who = await t.factories.signedIn('staffer');
      await get('/auth/me', who).expect(200);

      const res = await patch(`/users/${who.user.id}`, { active: false }, admin).expect(200);
      expect(res.body).toEqual({ id: who.user.id, email: who.user.email, name: who.user.name, role: 'staffer', active: false, offices: [] });

      const me = await get('/auth/me', who).expect(401);
      expectError(me, 401, 'Unauthorized', 'Missing, invalid or expired access token');
      const refused = await login(who.user.email, DEFAULT_PASSWORD).expect(401);
      expectError(refused, 401, 'Unauthorized', 'Invalid email or password');
      const refresh = await t.http().post(`${API}/auth/refresh`).send({ refreshToken: who.refreshToken }).expect(401);
      expect(refresh.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });

      const back = await patch(`/users/${who.user.id}`, { active: true }, admin).expect(200);
      expect(back.body).toMatchObject({ active: true });
      // The sessions of before stay ended; a new login works.
      await get('/auth/me', who).expect(401);
      const again = await login(who.user.email, DEFAULT_PASSWORD).expect(200);
      await t.http().get(`${API}/auth/me`).set('Authorization', `Bearer ${(again.body as { accessToken: string }).accessToken}`).expect(200);
    });

    it('sets a new password: the old one and the old tokens stop working, the new one signs in', async () => {
      const admin = await t.factories.signedIn('admin');
      const who = await t.factories.signedIn('director');
      const res = await patch(`/users/${who.user.id}`, { password: 'a-brand-new-password' }, admin).expect(200);
      expect(res.body).toEqual({ id: who.user.id, email: who.user.email, name: who.user.name, role: 'director', active: true, offices: [] });
      expectNoSecrets(res);

      await get('/auth/me', who).expect(401);
      await login(who.user.email, DEFAULT_PASSWORD).expect(401);
      await login(who.user.email, 'a-brand-new-password').expect(200);
    });

    it('changes several fields at once', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const user = await t.factories.user({ role: 'viewer' });
      const name = t.factories.unique('Both');
      const res = await patch(`/users/${user.id}`, { name, role: 'director', active: false, officeIds: [office.id], password: 'another-long-password' }, admin).expect(200);
      expect(res.body).toEqual({ id: user.id, email: user.email, name, role: 'director', active: false, offices: [officeView(office)] });
    });

    it('answers 200 and changes nothing for an empty body', async () => {
      const admin = await t.factories.signedIn('admin');
      const user = await t.factories.user({ role: 'viewer' });
      const res = await patch(`/users/${user.id}`, {}, admin).expect(200);
      expect(res.body).toEqual({ id: user.id, email: user.email, name: user.name, role: 'viewer', active: true, offices: [] });
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['an unknown field', { nickname: 'x' }, ['property nickname should not exist']],
      ['an e-mail (not changeable here)', { email: 'new@example.org' }, ['property email should not exist']],
      ['a password hash', { passwordHash: 'x' }, ['property passwordHash should not exist']],
      ['a bad role', { role: 'root' }, ['role must be one of the following values: viewer, staffer, director, admin']],
      ['a non-boolean active', { active: 'false' }, ['active must be a boolean value']],
      ['a short password', { password: 'short' }, ['password must be longer than or equal to 12 characters']],
      ['an empty name', { name: '  ' }, ['name must be longer than or equal to 1 characters']],
      ['a name with a control character', { name: 'Tab\there' }, ['name must not contain control characters']],
      ['a malformed office id', { officeIds: ['x'] }, ['each value in officeIds must be a UUID']],
      ['a null name', { name: null }, ['name must be shorter than or equal to 200 characters', 'name must be longer than or equal to 1 characters', 'name must be a string']],
      ['a null role', { role: null }, ['role must be one of the following values: viewer, staffer, director, admin']],
      ['a null active', { active: null }, ['active must be a boolean value']],
      ['null office ids', { officeIds: null }, expect.arrayContaining(['officeIds must be an array'])],
      ['a null password', { password: null }, expect.arrayContaining(['password must be a string'])],
    ])('answers 400 for %s and changes nothing', async (_case, body, message) => {
      const admin = await t.factories.signedIn('admin');
      const user = await t.factories.user({ role: 'staffer' });
      const res = await patch(`/users/${user.id}`, body, admin).expect(400);
      expectError(res, 400, 'Bad Request', message);
      expect((await get(`/users/${user.id}`, admin).expect(200)).body).toEqual({
        id: user.id,
        email: user.email,
        name: user.name,
        role: 'staffer',
        active: true,
        offices: [],
      });
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      const admin = await t.factories.signedIn('admin');
      const bad = await patch('/users/nope', { name: 'x' }, admin).expect(400);
      expectError(bad, 400, 'Bad Request', 'Validation failed (uuid is expected)');
      const unknown = await patch(`/users/${UNKNOWN_ID}`, { name: 'x' }, admin).expect(404);
      expectError(unknown, 404, 'Not Found', 'User not found');
    });

    it('lets an admin be deactivated or demoted while another active admin remains', async () => {
      const admin = await t.factories.signedIn('admin');
      const other = await t.factories.user({ role: 'admin' });
      await patch(`/users/${other.id}`, { role: 'director' }, admin).expect(200);
      await patch(`/users/${other.id}`, { role: 'admin' }, admin).expect(200);
      const res = await patch(`/users/${other.id}`, { active: false }, admin).expect(200);
      expect(res.body).toMatchObject({ role: 'admin', active: false });
    });
  });

  describe('access', () => {
    const routes: [string, (c: { id: string; who?: SignedIn }) => ReturnType<typeof get>][] = [
      ['GET /users', ({ who }) => get('/users', who)],
      ['GET /users/:id', ({ id, who }) => get(`/users/${id}`, who)],
      ['POST /users', ({ who }) => post('/users', newUser(), who)],
      ['PATCH /users/:id', ({ id, who }) => patch(`/users/${id}`, { name: 'Hijacked' }, who)],
    ];

    it.each(routes.flatMap(([name, call]) => NON_ADMINS.map((role) => [name, role, call] as const)))(
      '%s answers 403 to a %s',
      async (_name, role, call) => {
        const office = await t.factories.office();
        const who = await t.factories.signedIn(role, [office]);
        const target = await t.factories.user({ offices: [office] });
        const res = await call({ id: target.id, who }).expect(403);
        expectError(res, 403, 'Forbidden', 'This action needs role admin or above');
        const [row] = (await t.db.query('SELECT name FROM users WHERE id = $1', [target.id])) as { name: string }[];
        expect(row.name).toBe(target.name);
      },
    );

    it.each(routes)('%s answers 403 to a non-admin even with a malformed id or body (role before input)', async (_name, call) => {
      const who = await t.factories.signedIn('director');
      const res = await call({ id: 'not-a-uuid', who }).expect(403);
      expectError(res, 403, 'Forbidden', 'This action needs role admin or above');
    });

    it('a non-admin POST creates nobody', async () => {
      const who = await t.factories.signedIn('director');
      const body = newUser({ role: 'admin' });
      await post('/users', body, who).expect(403);
      expect(await usersWithEmail(body.email)).toEqual([]);
    });

    it.each(routes)('%s answers 401 without a token, or with a bad one', async (_name, call) => {
      const target = await t.factories.user();
      const none = await call({ id: target.id }).expect(401);
      expectError(none, 401, 'Unauthorized', 'Missing, invalid or expired access token');
      const forged = { auth: 'Bearer not.a.token' } as SignedIn;
      const bad = await call({ id: target.id, who: forged }).expect(401);
      expectError(bad, 401, 'Unauthorized', 'Missing, invalid or expired access token');
    });
  });
});

/**
 * A database of its own, for rules that depend on every user there is (the last active admin, exact
 * totals and orders): on the same server as the run's database when there is one, else embedded.
 */
async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const runUrl = process.env.TEST_DATABASE_URL!;
  if (process.env.DATABASE_URL) {
    const name = `oversight_users_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: runUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(runUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const c = new Client({ connectionString: runUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'oversight-users-'));
  const embedded = await startEmbeddedDatabase(dir, 16);
  return {
    url: embedded.url,
    async drop() {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('users on a database of their own', () => {
  const ADMIN_PASSWORD = 'bootstrap-admin-password';
  let database: { url: string; drop(): Promise<void> };
  let t: TestApp;
  let admin: SignedIn;
  let adminEmail: string;

  // A fresh database for every test: each one needs to know every user there is.
  beforeEach(async () => {
    database = await ownDatabase();
    adminEmail = `Boot.Admin-${randomBytes(3).toString('hex')}@Example.ORG`;
    t = await startTestApp({ MIGRATIONS_RUN: 'true', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD }, database.url);
    const [row] = (await t.db.query('SELECT id FROM users')) as { id: string }[];
    const user = await t.db.getRepository(User).findOneByOrFail({ id: row.id });
    admin = await t.factories.login(user, ADMIN_PASSWORD);
  }, 60_000);
  afterEach(async () => {
    await t?.close();
    await database?.drop();
  }, 60_000);

  const patch = (path: string, body: unknown, who: SignedIn) => t.http().patch(`${API}${path}`).set('Authorization', who.auth).send(body as object);
  const post = (path: string, body: unknown, who: SignedIn) => t.http().post(`${API}${path}`).set('Authorization', who.auth).send(body as object);
  const get = (path: string, who: SignedIn) => t.http().get(`${API}${path}`).set('Authorization', who.auth);
  const adminRow = async (id: string) => ((await t.db.query('SELECT role, active FROM users WHERE id = $1', [id])) as { role: string; active: boolean }[])[0];

  it('first start created exactly one admin, from ADMIN_EMAIL lower-cased, with an audit event', async () => {
    const res = await get('/users', admin).expect(200);
    expect(res.body).toEqual({
      items: [{ id: admin.user.id, email: adminEmail.toLowerCase(), name: 'Administrator', role: 'admin', active: true, offices: [] }],
      total: 1,
      page: 1,
      pageSize: 25,
    });
    const events = (await t.db.query("SELECT actor_id, action, entity_id, after FROM audit_events WHERE action = 'user.bootstrap_admin'")) as Record<string, unknown>[];
    expect(events).toEqual([
      {
        actor_id: null,
        action: 'user.bootstrap_admin',
        entity_id: admin.user.id,
        after: { email: adminEmail.toLowerCase(), name: 'Administrator', role: 'admin', active: true, officeIds: [] },
      },
    ]);
  });

  it('refuses (422) to deactivate or demote the last active admin, and leaves them as they were', async () => {
    for (const body of [{ active: false }, { role: 'director' }, { role: 'viewer' }, { role: 'staffer', active: true }, { role: 'admin', active: false }]) {
      const res = await patch(`/users/${admin.user.id}`, body, admin).expect(422);
      expectError(res, 422, 'Unprocessable Entity', LAST_ADMIN);
    }
    expect(await adminRow(admin.user.id)).toEqual({ role: 'admin', active: true });
    // Still signed in and still an admin.
    await get('/users', admin).expect(200);
    // Nothing was written to the audit log for the refused changes.
    const updates = (await t.db.query("SELECT id FROM audit_events WHERE action = 'user.update'")) as unknown[];
    expect(updates).toEqual([]);
    // Changes that keep them an active admin are fine.
    await patch(`/users/${admin.user.id}`, { role: 'admin', active: true, name: 'Still Admin' }, admin).expect(200);
  });

  it('an inactive admin does not count; another active admin does', async () => {
    const second = await post('/users', { email: 'second@example.org', name: 'Second', role: 'admin', password: 'second-admin-password', officeIds: [] }, admin).expect(201);
    const secondId = (second.body as { id: string }).id;
    // Two active admins: the second can be deactivated; then the first is the last one again.
    await patch(`/users/${secondId}`, { active: false }, admin).expect(200);
    expectError(await patch(`/users/${admin.user.id}`, { active: false }, admin).expect(422), 422, 'Unprocessable Entity', LAST_ADMIN);
    expectError(await patch(`/users/${admin.user.id}`, { role: 'director' }, admin).expect(422), 422, 'Unprocessable Entity', LAST_ADMIN);

    // A deactivated admin is not protected by the rule, even as the last admin of all.
    const demotedInactive = await patch(`/users/${secondId}`, { role: 'viewer' }, admin).expect(200);
    expect(demotedInactive.body).toMatchObject({ role: 'viewer', active: false });

    // Reactivate and promote the second: now the first may step down, and the second is the last.
    await patch(`/users/${secondId}`, { active: true, role: 'admin' }, admin).expect(200);
    const stepDown = await patch(`/users/${admin.user.id}`, { role: 'director' }, admin).expect(200);
    expect(stepDown.body).toMatchObject({ id: admin.user.id, role: 'director', active: true });
    await get('/users', admin).expect(403);

    const secondSignedIn = await t.http().post(`${API}/auth/login`).send({ email: 'second@example.org', password: 'second-admin-password' }).expect(200);
    const secondAuth = { auth: `Bearer ${(secondSignedIn.body as { accessToken: string }).accessToken}` } as SignedIn;
    expectError(await patch(`/users/${secondId}`, { active: false }, secondAuth).expect(422), 422, 'Unprocessable Entity', LAST_ADMIN);
    expect(await adminRow(secondId)).toEqual({ role: 'admin', active: true });
  });

  it('two admins stepping down at the same time: exactly one succeeds, one active admin remains', async () => {
    const second = await post('/users', { email: 'race@example.org', name: 'Race', role: 'admin', password: 'race-admin-password', officeIds: [] }, admin).expect(201);
    const secondId = (second.body as { id: string }).id;
    const [a, b] = await Promise.all([
      patch(`/users/${admin.user.id}`, { active: false }, admin),
      patch(`/users/${secondId}`, { role: 'viewer' }, admin),
    ]);
    // One wins. The other is refused by the last-admin rule (422) or, when it is authenticated after
    // the first committed, because its actor is no longer an active admin (401): timing decides which.
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([401, 422]).toContain(statuses[1]);
    const admins = (await t.db.query("SELECT id FROM users WHERE role = 'admin' AND active")) as unknown[];
    expect(admins).toHaveLength(1);
  });

  it('lists every user with exact totals, pages and each sort', async () => {
    // Created in this order, so createdAt follows it; names and e-mails each sort differently.
    const specs = [
      { name: 'Carmen', email: 'b-carmen@example.org', role: 'viewer' },
      { name: 'Abel', email: 'd-abel@example.org', role: 'staffer' },
      { name: 'Elena', email: 'a-elena@example.org', role: 'director' },
      { name: 'Bruno', email: 'e-bruno@example.org', role: 'staffer' },
      { name: 'Diego', email: 'c-diego@example.org', role: 'admin' },
    ];
    const made: Record<string, unknown>[] = [];
    for (const s of specs) {
      const res = await post('/users', { ...s, password: 'list-test-password', officeIds: [] }, admin).expect(201);
      made.push(res.body as Record<string, unknown>);
    }
    const boot = { id: admin.user.id, email: adminEmail.toLowerCase(), name: 'Administrator', role: 'admin', active: true, offices: [] };
    const all = [boot, ...made];
    const by = (key: 'name' | 'email') => [...all].sort((x, y) => (String(x[key]) < String(y[key]) ? -1 : 1));

    const list = async (query: string) => (await get(`/users?${query}`, admin).expect(200)).body as unknown;

    expect(await list('')).toEqual({ items: by('name'), total: 6, page: 1, pageSize: 25 });
    expect(await list('sort=name')).toEqual({ items: by('name'), total: 6, page: 1, pageSize: 25 });
    expect(await list('sort=-name')).toEqual({ items: by('name').reverse(), total: 6, page: 1, pageSize: 25 });
    expect(await list('sort=email')).toEqual({ items: by('email'), total: 6, page: 1, pageSize: 25 });
    expect(await list('sort=-email')).toEqual({ items: by('email').reverse(), total: 6, page: 1, pageSize: 25 });
    expect(await list('sort=createdAt')).toEqual({ items: all, total: 6, page: 1, pageSize: 25 });
    expect(await list('sort=-createdAt')).toEqual({ items: [...all].reverse(), total: 6, page: 1, pageSize: 25 });

    expect(await list('sort=name&pageSize=4')).toEqual({ items: by('name').slice(0, 4), total: 6, page: 1, pageSize: 4 });
    expect(await list('sort=name&pageSize=4&page=2')).toEqual({ items: by('name').slice(4), total: 6, page: 2, pageSize: 4 });
    expect(await list('sort=-email&pageSize=2&page=2')).toEqual({ items: by('email').reverse().slice(2, 4), total: 6, page: 2, pageSize: 2 });
    expect(await list('sort=createdAt&pageSize=5&page=2')).toEqual({ items: all.slice(5), total: 6, page: 2, pageSize: 5 });
    expect(await list('page=3&pageSize=5')).toEqual({ items: [], total: 6, page: 3, pageSize: 5 });
  });

  it('lists users with several offices without losing users across pages (offices by name in each)', async () => {
    const offices: Office[] = [];
    for (const n of ['Oaxaca', 'Nuevo Leon', 'Merida']) {
      const res = await post('/offices', { name: n }, admin).expect(201);
      offices.push(res.body as Office);
    }
    const ids = offices.map((o) => o.id);
    const names = ['U1', 'U2', 'U3', 'U4'];
    for (const n of names) {
      await post('/users', { name: n, email: `${n.toLowerCase()}@example.org`, role: 'staffer', password: 'paging-password', officeIds: ids }, admin).expect(201);
    }
    const sortedOffices = [...offices].sort((x, y) => (x.name < y.name ? -1 : 1)).map(officeView);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await get(`/users?sort=name&pageSize=2&page=${page}`, admin).expect(200);
      const body = res.body as { items: { name: string; offices: unknown[] }[]; total: number };
      expect(body.total).toBe(5);
      expect(body.items.length).toBe(page < 3 ? 2 : 1);
      for (const u of body.items) {
        seen.push(u.name);
        if (u.name !== 'Administrator') expect(u.offices).toEqual(sortedOffices);
      }
    }
    expect(seen).toEqual(['Administrator', 'U1', 'U2', 'U3', 'U4']);
  });
});
