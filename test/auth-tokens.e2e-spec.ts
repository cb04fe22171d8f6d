import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../src/users/role';
import { DEFAULT_PASSWORD, SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const NO_TOKEN = { statusCode: 401, error: 'Unauthorized', message: 'Missing, invalid or expired access token', requestId: expect.any(String) };
const BAD_REFRESH = { statusCode: 401, error: 'Unauthorized', message: 'Invalid, expired or already used refresh token', requestId: expect.any(String) };
const BAD_CREDENTIALS = { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', requestId: expect.any(String) };
const NOT_AN_OBJECT = { statusCode: 400, error: 'Bad Request', message: 'Request body must be a JSON object', requestId: expect.any(String) };

type Alg = 'HS256' | 'HS384' | 'HS512' | 'none';
const HASH: Record<Exclude<Alg, 'none'>, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT built by hand, so a test can make every kind of bad token. */
function sign(payload: Record<string, unknown>, secret: string, alg: Alg = 'HS256'): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  return alg === 'none' ? `${head}.` : `${head}.${createHmac(HASH[alg], secret).update(head).digest('base64url')}`;
}
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);
/** A client address of its own, for requests that could count against one (failed logins). */
const address = () => `10.${randomBytes(3).join('.')}`;

interface Pair {
  accessToken: string;
  refreshToken: string;
}

describe('auth tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  const me = (token?: string) => {
    const req = t.http().get('/api/v1/auth/me');
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };
  const refresh = (body: unknown) => t.http().post('/api/v1/auth/refresh').send(body as object);
  const logout = (accessToken: string, body: unknown) => t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${accessToken}`).send(body as object);
  const refreshed = async (refreshToken: string): Promise<Pair> => (await refresh({ refreshToken }).expect(200)).body as Pair;
  const patchUser = (admin: SignedIn, id: string, body: object) => t.http().patch(`/api/v1/users/${id}`).set('Authorization', admin.auth).send(body);
  const userView = (s: SignedIn, role: Role = s.user.role) => ({ id: s.user.id, email: s.user.email, name: s.user.name, role, active: true, offices: [] });

  describe('POST /auth/refresh', () => {
    it('answers 200 with a new pair and the user, and the new tokens work', async () => {
      const office = await t.factories.office();
      const s = await t.factories.signedIn('staffer', [office]);
      const res = await refresh({ refreshToken: s.refreshToken }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(JWT),
        refreshToken: expect.stringMatching(JWT),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { ...userView(s), offices: [{ id: office.id, name: office.name }] },
      });
      const pair = res.body as Pair;
      expect(pair.refreshToken).not.toBe(s.refreshToken);
      // The same login: the session carries over, the token id does not.
      expect(payloadOf(pair.accessToken)).toMatchObject({ sub: s.user.id, sid: payloadOf(s.accessToken).sid, typ: 'access' });
      expect(payloadOf(pair.refreshToken).sid).toBe(payloadOf(s.refreshToken).sid);
      expect(payloadOf(pair.refreshToken).jti).not.toBe(payloadOf(s.refreshToken).jti);
      await me(pair.accessToken).expect(200);
      // The access token of the login keeps working until it expires.
      await me(s.accessToken).expect(200);
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/i);
    });

    it('can go on: each new refresh token works once, in a chain', async () => {
      const s = await t.factories.signedIn('viewer');
      let token = s.refreshToken;
      for (let i = 0; i < 3; i += 1) {
        const pair = await refreshed(token);
        await me(pair.accessToken).expect(200);
        token = pair.refreshToken;
      }
    });

    it('answers a used refresh token 401 and ends that whole login', async () => {
      const s = await t.factories.signedIn('staffer');
      const second = await refreshed(s.refreshToken);
      const third = await refreshed(second.refreshToken);

      const reused = await refresh({ refreshToken: s.refreshToken }).expect(401);
      expect(reused.body).toEqual(BAD_REFRESH);

      // Every token descended from that login is dead: the newest refresh token, and every access token.
      expect((await refresh({ refreshToken: third.refreshToken }).expect(401)).body).toEqual(BAD_REFRESH);
      for (const token of [s.accessToken, second.accessToken, third.accessToken]) {
        expect((await me(token).expect(401)).body).toEqual(NO_TOKEN);
      }
      const events = (await t.db.query("SELECT actor_id, after FROM audit_events WHERE action = 'auth.refresh_reuse' AND entity_id = $1", [s.user.id])) as {
        actor_id: string;
        after: unknown;
      }[];
      expect(events).toEqual([{ actor_id: s.user.id, after: { sessionId: payloadOf(s.accessToken).sid } }]);
    });

    it('ends only the login the reused token belongs to', async () => {
      const user = await t.factories.user();
      const a = await t.factories.login(user);
      const b = await t.factories.login(user);
      await refreshed(a.refreshToken);
      await refresh({ refreshToken: a.refreshToken }).expect(401);
      await me(a.accessToken).expect(401);
      await me(b.accessToken).expect(200);
      await refreshed(b.refreshToken);
    });

    it('lets exactly one of two concurrent refreshes with one token win, and then treats it as reuse', async () => {
      const s = await t.factories.signedIn('staffer');
      const results = await Promise.all([refresh({ refreshToken: s.refreshToken }), refresh({ refreshToken: s.refreshToken })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      const winner = results.find((r) => r.status === 200)!.body as Pair;
      await me(winner.accessToken).expect(401);
      await refresh({ refreshToken: winner.refreshToken }).expect(401);
    });

    it('gives the user as they are now', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const s = await t.factories.signedIn('viewer');
      await patchUser(admin, s.user.id, { role: 'director', officeIds: [office.id], name: 'Renamed Person' }).expect(200);
      const res = await refresh({ refreshToken: s.refreshToken }).expect(200);
      expect((res.body as { user: unknown }).user).toEqual({ ...userView(s, 'director'), name: 'Renamed Person', offices: [{ id: office.id, name: office.name }] });
    });

    describe('answers an invalid refresh token 401', () => {
      const cases: [string, (c: { t: TestApp; s: SignedIn }) => string][] = [
        ['that is not a JWT', () => 'not-a-jwt'],
        ['that only looks like one', () => 'abc.def.ghi'],
        ['signed with another key', ({ s }) => sign(payloadOf(s.refreshToken), 'another-key-of-at-least-32-characters!!')],
        ['signed with the access-token key', ({ t, s }) => sign(payloadOf(s.refreshToken), t.config.JWT_SECRET!)],
        ['with alg none', ({ s }) => sign(payloadOf(s.refreshToken), '', 'none')],
        ['signed with HS512 and the right key', ({ t, s }) => sign(payloadOf(s.refreshToken), t.config.JWT_REFRESH_SECRET!, 'HS512')],
        ['that has expired', ({ t, s }) => sign({ ...payloadOf(s.refreshToken), iat: now() - 100, exp: now() - 10 }, t.config.JWT_REFRESH_SECRET!)],
        ['whose payload was altered after signing', ({ s }) => {
          const [head, , sig] = s.refreshToken.split('.');
          return `${head}.${b64({ ...payloadOf(s.refreshToken), exp: now() + 10 * 365 * 86400 })}.${sig}`;
        }],
        ['that is an access token', ({ s }) => s.accessToken],
        ['signed right but typed access', ({ t, s }) => sign({ ...payloadOf(s.refreshToken), typ: 'access' }, t.config.JWT_REFRESH_SECRET!)],
        ['signed right with an id never issued', ({ t, s }) => sign({ ...payloadOf(s.refreshToken), jti: randomUUID() }, t.config.JWT_REFRESH_SECRET!)],
        ['signed right with another login’s session', ({ t, s }) => sign({ ...payloadOf(s.refreshToken), sid: randomUUID() }, t.config.JWT_REFRESH_SECRET!)],
        ['signed right with ids that are not UUIDs', ({ t, s }) => sign({ ...payloadOf(s.refreshToken), jti: "1' OR '1'='1" }, t.config.JWT_REFRESH_SECRET!)],
      ];
      it.each(cases)('%s', async (_, make) => {
        const s = await t.factories.signedIn('staffer');
        const res = await refresh({ refreshToken: make({ t, s }) }).expect(401);
        expect(res.body).toEqual(BAD_REFRESH);
        // None of these spends the real token, nor ends the login.
        await me(s.accessToken).expect(200);
        await refreshed(s.refreshToken);
      });
    });

    it('answers a token re-signed with the right key for another user 401, issuing nothing', async () => {
      const a = await t.factories.signedIn('staffer');
      const b = await t.factories.signedIn('admin');
      // Session and token ids of a's login, subject b: that pairing was never issued.
      const forged = sign({ ...payloadOf(a.refreshToken), sub: b.user.id }, t.config.JWT_REFRESH_SECRET!);
      expect((await refresh({ refreshToken: forged }).expect(401)).body).toEqual(BAD_REFRESH);
      await me(a.accessToken).expect(200);
      await refreshed(a.refreshToken);
    });

    describe('answers a malformed body 400', () => {
      it.each<[string, unknown, string[]]>([
        ['with no token', {}, ['refreshToken must be shorter than or equal to 2048 characters', 'refreshToken must be longer than or equal to 1 characters', 'refreshToken must be a string']],
        ['with a token that is a number', { refreshToken: 42 }, ['refreshToken must be shorter than or equal to 2048 characters', 'refreshToken must be longer than or equal to 1 characters', 'refreshToken must be a string']],
        ['with a token that is null', { refreshToken: null }, ['refreshToken must be shorter than or equal to 2048 characters', 'refreshToken must be longer than or equal to 1 characters', 'refreshToken must be a string']],
        ['with an empty token', { refreshToken: '' }, ['refreshToken must be longer than or equal to 1 characters']],
        ['with a token over 2048 characters', { refreshToken: 'a'.repeat(2049) }, ['refreshToken must be shorter than or equal to 2048 characters']],
        ['with an unknown field', { refreshToken: 'a.b.c', accessToken: 'x' }, ['property accessToken should not exist']],
      ])('%s', async (_, body, message) => {
        const res = await refresh(body).expect(400);
        expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message, requestId: expect.any(String) });
      });

      it.each([['null'], ['[]'], ['"a.b.c"'], ['7']])('that is the JSON %s', async (raw) => {
        const res = await t.http().post('/api/v1/auth/refresh').set('Content-Type', 'application/json').send(raw).expect(400);
        expect(res.body).toEqual(NOT_AN_OBJECT);
      });

      it('that is missing', async () => {
        const res = await t.http().post('/api/v1/auth/refresh').expect(400);
        expect(res.body).toEqual(NOT_AN_OBJECT);
      });
    });

    it('does not need an access token, and ignores a bad one', async () => {
      const s = await t.factories.signedIn('viewer');
      await t.http().post('/api/v1/auth/refresh').set('Authorization', 'Bearer nonsense').send({ refreshToken: s.refreshToken }).expect(200);
    });
  });

  describe('POST /auth/logout', () => {
    it('answers 204 with no body, and the login’s tokens stop working', async () => {
      const s = await t.factories.signedIn('staffer');
      const res = await logout(s.accessToken, { refreshToken: s.refreshToken }).expect(204);
      expect(res.text).toBe('');
      expect((await me(s.accessToken).expect(401)).body).toEqual(NO_TOKEN);
      expect((await refresh({ refreshToken: s.refreshToken }).expect(401)).body).toEqual(BAD_REFRESH);
      const events = (await t.db.query("SELECT actor_id, after FROM audit_events WHERE action = 'auth.logout' AND entity_id = $1", [s.user.id])) as unknown[];
      expect(events).toEqual([{ actor_id: s.user.id, after: { sessionId: payloadOf(s.accessToken).sid } }]);
    });

    it('ends a refreshed login: tokens issued before and after the refresh', async () => {
      const s = await t.factories.signedIn('staffer');
      const pair = await refreshed(s.refreshToken);
      await logout(pair.accessToken, { refreshToken: pair.refreshToken }).expect(204);
      await me(s.accessToken).expect(401);
      await me(pair.accessToken).expect(401);
      await refresh({ refreshToken: pair.refreshToken }).expect(401);
    });

    it('leaves the user’s other logins alone', async () => {
      const user = await t.factories.user();
      const a = await t.factories.login(user);
      const b = await t.factories.login(user);
      await logout(a.accessToken, { refreshToken: a.refreshToken }).expect(204);
      await me(a.accessToken).expect(401);
      await me(b.accessToken).expect(200);
      await refreshed(b.refreshToken);
    });

    it('answers 401 without an access token, and the login goes on', async () => {
      const s = await t.factories.signedIn('staffer');
      const res = await t.http().post('/api/v1/auth/logout').send({ refreshToken: s.refreshToken }).expect(401);
      expect(res.body).toEqual(NO_TOKEN);
      await me(s.accessToken).expect(200);
      await refreshed(s.refreshToken);
    });

    it('answers 401 with an access token already logged out', async () => {
      const s = await t.factories.signedIn('staffer');
      await logout(s.accessToken, { refreshToken: s.refreshToken }).expect(204);
      expect((await logout(s.accessToken, { refreshToken: s.refreshToken }).expect(401)).body).toEqual(NO_TOKEN);
    });

    it('answers 401 for another user’s refresh token, and ends neither login', async () => {
      const a = await t.factories.signedIn('staffer');
      const b = await t.factories.signedIn('staffer');
      expect((await logout(a.accessToken, { refreshToken: b.refreshToken }).expect(401)).body).toEqual(BAD_REFRESH);
      await me(a.accessToken).expect(200);
      await me(b.accessToken).expect(200);
      await refreshed(b.refreshToken);
    });

    it('answers 401 for an invalid refresh token', async () => {
      const s = await t.factories.signedIn('staffer');
      expect((await logout(s.accessToken, { refreshToken: 'not-a-jwt' }).expect(401)).body).toEqual(BAD_REFRESH);
      const foreign = sign(payloadOf(s.refreshToken), 'another-key-of-at-least-32-characters!!');
      expect((await logout(s.accessToken, { refreshToken: foreign }).expect(401)).body).toEqual(BAD_REFRESH);
      await me(s.accessToken).expect(200);
    });

    it.each<[string, unknown, string | string[]]>([
      ['no refresh token', {}, ['refreshToken must be shorter than or equal to 2048 characters', 'refreshToken must be longer than or equal to 1 characters', 'refreshToken must be a string']],
      ['a refresh token that is a number', { refreshToken: 1 }, ['refreshToken must be shorter than or equal to 2048 characters', 'refreshToken must be longer than or equal to 1 characters', 'refreshToken must be a string']],
      ['an unknown field', { refreshToken: 'a.b.c', everywhere: true }, ['property everywhere should not exist']],
      ['a body that is an array', [], 'Request body must be a JSON object'],
    ])('answers %s 400, and the login goes on', async (_, body, message) => {
      const s = await t.factories.signedIn('staffer');
      const res = await logout(s.accessToken, body).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message, requestId: expect.any(String) });
      await me(s.accessToken).expect(200);
    });
  });

  describe('GET /auth/me', () => {
    it('answers 200 with the signed-in user and offices by name, never a hash', async () => {
      const b = await t.factories.office(t.factories.unique('Bravo'));
      const a = await t.factories.office(t.factories.unique('Alpha'));
      const s = await t.factories.signedIn('director', [b, a]);
      const res = await me(s.accessToken).expect(200);
      expect(res.body).toEqual({
        ...userView(s),
        offices: [
          { id: a.id, name: a.name },
          { id: b.id, name: b.name },
        ],
      });
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/i);
    });

    it('accepts the scheme in any case', async () => {
      const s = await t.factories.signedIn('viewer');
      await t.http().get('/api/v1/auth/me').set('Authorization', `bearer ${s.accessToken}`).expect(200);
    });

    it('answers 401 without a token', async () => {
      const res = await me().expect(401);
      expect(res.body).toEqual(NO_TOKEN);
    });

    it.each([['Bearer'], ['Bearer '], ['Basic dXNlcjpwYXNz'], ['Token abc'], ['Bearer not-a-jwt'], ['Bearer a.b.c']])('answers the header "%s" 401', async (header) => {
      const res = await t.http().get('/api/v1/auth/me').set('Authorization', header).expect(401);
      expect(res.body).toEqual(NO_TOKEN);
    });

    it('answers a bare token without the scheme 401', async () => {
      const s = await t.factories.signedIn('viewer');
      const res = await t.http().get('/api/v1/auth/me').set('Authorization', s.accessToken).expect(401);
      expect(res.body).toEqual(NO_TOKEN);
    });

    it('accepts a token signed as the service signs them (the forger below is sound)', async () => {
      const s = await t.factories.signedIn('viewer');
      const token = sign({ ...payloadOf(s.accessToken), iat: now(), exp: now() + 60 }, t.config.JWT_SECRET!);
      const res = await me(token).expect(200);
      expect(res.body).toEqual(userView(s));
    });

    describe('answers a bad access token 401', () => {
      const cases: [string, (c: { t: TestApp; s: SignedIn; other: SignedIn }) => string][] = [
        ['signed with another key', ({ s }) => sign(payloadOf(s.accessToken), 'another-key-of-at-least-32-characters!!')],
        ['signed with the refresh-token key', ({ t, s }) => sign(payloadOf(s.accessToken), t.config.JWT_REFRESH_SECRET!)],
        ['with alg none', ({ s }) => sign(payloadOf(s.accessToken), '', 'none')],
        ['with alg none and the original signature', ({ s }) => `${b64({ alg: 'none', typ: 'JWT' })}.${s.accessToken.split('.').slice(1).join('.')}`],
        ['signed with HS384 and the right key', ({ t, s }) => sign(payloadOf(s.accessToken), t.config.JWT_SECRET!, 'HS384')],
        ['that has expired', ({ t, s }) => sign({ ...payloadOf(s.accessToken), iat: now() - 1000, exp: now() - 5 }, t.config.JWT_SECRET!)],
        ['not valid yet', ({ t, s }) => sign({ ...payloadOf(s.accessToken), nbf: now() + 600 }, t.config.JWT_SECRET!)],
        ['whose subject was changed after signing', ({ s, other }) => {
          const [head, , sig] = s.accessToken.split('.');
          return `${head}.${b64({ ...payloadOf(s.accessToken), sub: other.user.id })}.${sig}`;
        }],
        ['whose expiry was pushed back after signing', ({ s }) => {
          const [head, , sig] = s.accessToken.split('.');
          return `${head}.${b64({ ...payloadOf(s.accessToken), exp: now() + 86400 })}.${sig}`;
        }],
        ['with its signature cut off', ({ s }) => s.accessToken.split('.').slice(0, 2).join('.') + '.'],
        ['that is a refresh token', ({ s }) => s.refreshToken],
        ['signed right but typed refresh', ({ t, s }) => sign({ ...payloadOf(s.accessToken), typ: 'refresh' }, t.config.JWT_SECRET!)],
        ['signed right with no type', ({ t, s }) => {
          const payload = payloadOf(s.accessToken);
          delete payload.typ;
          return sign(payload, t.config.JWT_SECRET!);
        }],
        ['signed right for a session that does not exist', ({ t, s }) => sign({ ...payloadOf(s.accessToken), sid: randomUUID() }, t.config.JWT_SECRET!)],
        ['signed right pairing the user with another user’s session', ({ t, s, other }) =>
          sign({ ...payloadOf(s.accessToken), sid: payloadOf(other.accessToken).sid }, t.config.JWT_SECRET!)],
        ['signed right for a user who does not exist', ({ t, s }) => sign({ ...payloadOf(s.accessToken), sub: randomUUID() }, t.config.JWT_SECRET!)],
        ['signed right with ids that are not UUIDs', ({ t, s }) => sign({ ...payloadOf(s.accessToken), sub: "' OR 1=1 --" }, t.config.JWT_SECRET!)],
      ];
      it.each(cases)('%s', async (_, make) => {
        const s = await t.factories.signedIn('staffer');
        const other = await t.factories.signedIn('admin');
        const res = await me(make({ t, s, other })).expect(401);
        expect(res.body).toEqual(NO_TOKEN);
      });
    });
  });

  describe('a deactivated user', () => {
    it('is out at once when an admin deactivates them: token, refresh and login all 401', async () => {
      const admin = await t.factories.signedIn('admin');
      const s = await t.factories.signedIn('staffer');
      const pair = await refreshed(s.refreshToken);
      const patched = await patchUser(admin, s.user.id, { active: false }).expect(200);
      expect((patched.body as { active: boolean }).active).toBe(false);

      expect((await me(pair.accessToken).expect(401)).body).toEqual(NO_TOKEN);
      expect((await me(s.accessToken).expect(401)).body).toEqual(NO_TOKEN);
      expect((await refresh({ refreshToken: pair.refreshToken }).expect(401)).body).toEqual(BAD_REFRESH);
      const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address()).send({ email: s.user.email, password: DEFAULT_PASSWORD }).expect(401);
      expect(login.body).toEqual(BAD_CREDENTIALS);
    });

    it('is out at once when deactivated straight in the database, with the login still open', async () => {
      const s = await t.factories.signedIn('staffer');
      await t.db.query('UPDATE users SET active = false WHERE id = $1', [s.user.id]);
      expect((await me(s.accessToken).expect(401)).body).toEqual(NO_TOKEN);
      expect((await refresh({ refreshToken: s.refreshToken }).expect(401)).body).toEqual(BAD_REFRESH);
      const login = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address()).send({ email: s.user.email, password: DEFAULT_PASSWORD }).expect(401);
      expect(login.body).toEqual(BAD_CREDENTIALS);
    });

    it('signs in again once reactivated, but the old tokens stay dead', async () => {
      const admin = await t.factories.signedIn('admin');
      const s = await t.factories.signedIn('staffer');
      await patchUser(admin, s.user.id, { active: false }).expect(200);
      await patchUser(admin, s.user.id, { active: true }).expect(200);
      await me(s.accessToken).expect(401);
      await refresh({ refreshToken: s.refreshToken }).expect(401);
      const again = await t.factories.login(s.user);
      await me(again.accessToken).expect(200);
    });

    it('is out when an admin resets their password; the new password signs in', async () => {
      const admin = await t.factories.signedIn('admin');
      const s = await t.factories.signedIn('staffer');
      await patchUser(admin, s.user.id, { password: 'a-brand-new-password' }).expect(200);
      await me(s.accessToken).expect(401);
      await refresh({ refreshToken: s.refreshToken }).expect(401);
      const old = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address()).send({ email: s.user.email, password: DEFAULT_PASSWORD }).expect(401);
      expect(old.body).toEqual(BAD_CREDENTIALS);
      await t.factories.login(s.user, 'a-brand-new-password');
    });
  });

  describe('a role change', () => {
    it('takes effect on the next request: a demoted admin gets 403 with the same token', async () => {
      const admin = await t.factories.signedIn('admin');
      const demoted = await t.factories.signedIn('admin');
      await t.http().get('/api/v1/users').set('Authorization', demoted.auth).expect(200);
      await patchUser(admin, demoted.user.id, { role: 'staffer' }).expect(200);

      const res = await t.http().get('/api/v1/users').set('Authorization', demoted.auth).expect(403);
      expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'This action needs role admin or above', requestId: expect.any(String) });
      expect((await me(demoted.accessToken).expect(200)).body).toEqual(userView(demoted, 'staffer'));
      // A refreshed token carries no stale role either.
      const pair = await refreshed(demoted.refreshToken);
      await t.http().get('/api/v1/users').set('Authorization', `Bearer ${pair.accessToken}`).expect(403);
    });

    it('takes effect on the next request: a promoted viewer may act as admin at once', async () => {
      const admin = await t.factories.signedIn('admin');
      const promoted = await t.factories.signedIn('viewer');
      await t.http().get('/api/v1/users').set('Authorization', promoted.auth).expect(403);
      await patchUser(admin, promoted.user.id, { role: 'admin' }).expect(200);
      await t.http().get('/api/v1/users').set('Authorization', promoted.auth).expect(200);
    });

    it('an office change shows on the next request too', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const s = await t.factories.signedIn('staffer');
      await patchUser(admin, s.user.id, { officeIds: [office.id] }).expect(200);
      expect((await me(s.accessToken).expect(200)).body).toEqual({ ...userView(s), offices: [{ id: office.id, name: office.name }] });
    });
  });
});
