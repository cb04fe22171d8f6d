import { randomBytes } from 'node:crypto';
import { PasswordService } from '../src/users/password.service';
import { DEFAULT_PASSWORD } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BAD_CREDENTIALS = { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', requestId: expect.any(String) };
const NOT_AN_OBJECT = { statusCode: 400, error: 'Bad Request', message: 'Request body must be a JSON object', requestId: expect.any(String) };

/**
 * A client address of its own for each call. The app trusts X-Forwarded-For (TRUST_PROXY=true), so the
 * failed logins of this file never count against 127.0.0.1, which every test file shares.
 */
const address = () => `10.${randomBytes(3).join('.')}`;
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('POST /auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  const login = (body: unknown, from = address()) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send(body as object);
  const auditOf = async (requestId: string) =>
    (await t.db.query('SELECT actor_id, action, entity_type, entity_id, office_id, before, after, request_id FROM audit_events WHERE request_id = $1', [
      requestId,
    ])) as Record<string, unknown>[];
  const failuresOf = async (email: string) => (await t.db.query('SELECT email, address FROM login_failures WHERE email = $1', [email])) as { email: string; address: string }[];

  describe('success', () => {
    it('answers 200 with both tokens, their type and lifetime, and the user with offices by name', async () => {
      const zeta = await t.factories.office(t.factories.unique('Zeta'));
      const alpha = await t.factories.office(t.factories.unique('Alpha'));
      const user = await t.factories.user({ role: 'director', offices: [zeta, alpha] });

      const res = await login({ email: user.email, password: DEFAULT_PASSWORD }).expect(200);

      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(JWT),
        refreshToken: expect.stringMatching(JWT),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          role: 'director',
          active: true,
          offices: [
            { id: alpha.id, name: alpha.name },
            { id: zeta.id, name: zeta.name },
          ],
        },
      });
      const body = res.body as { accessToken: string; refreshToken: string };
      expect(body.accessToken).not.toBe(body.refreshToken);
      const access = payloadOf(body.accessToken);
      expect(access).toEqual({ sub: user.id, sid: expect.stringMatching(UUID), typ: 'access', iat: expect.any(Number), exp: expect.any(Number) });
      expect((access.exp as number) - (access.iat as number)).toBe(900);
      expect(payloadOf(body.refreshToken)).toEqual({
        sub: user.id,
        sid: access.sid,
        jti: expect.stringMatching(UUID),
        typ: 'refresh',
        iat: expect.any(Number),
        exp: expect.any(Number),
      });

      const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${body.accessToken}`).expect(200);
      expect(me.body).toEqual((res.body as { user: unknown }).user);
    });

    it('answers a user of no office with an empty office list', async () => {
      const user = await t.factories.user({ role: 'viewer' });
      const res = await login({ email: user.email, password: DEFAULT_PASSWORD }).expect(200);
      expect((res.body as { user: unknown }).user).toEqual({ id: user.id, email: user.email, name: user.name, role: 'viewer', active: true, offices: [] });
    });

    it('never shows the password hash', async () => {
      const user = await t.factories.user();
      const res = await login({ email: user.email, password: DEFAULT_PASSWORD }).expect(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/argon2|passwordHash|password_hash/i);
      expect(text).not.toContain(DEFAULT_PASSWORD);
      expect(Object.keys((res.body as { user: object }).user).sort()).toEqual(['active', 'email', 'id', 'name', 'offices', 'role']);
    });

    it('matches the e-mail case-insensitively and ignores surrounding spaces', async () => {
      const email = `${t.factories.unique('mixed')}@example.org`;
      const user = await t.factories.user({ email });
      for (const variant of [email.toUpperCase(), `  ${email}  `, email.replace(/^m/, 'M')]) {
        const res = await login({ email: variant, password: DEFAULT_PASSWORD }).expect(200);
        expect((res.body as { user: { id: string; email: string } }).user).toMatchObject({ id: user.id, email });
      }
    });

    it('starts a new, independent login each time', async () => {
      const user = await t.factories.user();
      const first = await login({ email: user.email, password: DEFAULT_PASSWORD }).expect(200);
      const second = await login({ email: user.email, password: DEFAULT_PASSWORD }).expect(200);
      const [a, b] = [first.body, second.body] as { accessToken: string }[];
      expect(payloadOf(a.accessToken).sid).not.toBe(payloadOf(b.accessToken).sid);
      const sessions = (await t.db.query('SELECT count(*)::int AS n FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL', [user.id])) as { n: number }[];
      expect(sessions[0].n).toBe(2);
    });
  });

  describe('refusal', () => {
    it('answers a wrong password and an unknown e-mail 401 with the same body', async () => {
      const user = await t.factories.user();
      const wrong = await login({ email: user.email, password: 'not-the-right-password' }).expect(401);
      const unknown = await login({ email: `${t.factories.unique('nobody')}@example.org`, password: DEFAULT_PASSWORD }).expect(401);
      expect(wrong.body).toEqual(BAD_CREDENTIALS);
      expect(unknown.body).toEqual(BAD_CREDENTIALS);
      expect(wrong.headers['retry-after']).toBeUndefined();
      expect(Object.keys(wrong.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    });

    it('answers a deactivated user with the right password 401 with the same body', async () => {
      const user = await t.factories.user({ active: false });
      const res = await login({ email: user.email, password: DEFAULT_PASSWORD }).expect(401);
      expect(res.body).toEqual(BAD_CREDENTIALS);
    });

    it('compares the password exactly: case, spaces and prefixes do not pass', async () => {
      const user = await t.factories.user();
      for (const password of [DEFAULT_PASSWORD.toUpperCase(), ` ${DEFAULT_PASSWORD}`, `${DEFAULT_PASSWORD} `, DEFAULT_PASSWORD.slice(0, -1)]) {
        const res = await login({ email: user.email, password }).expect(401);
        expect(res.body).toEqual(BAD_CREDENTIALS);
      }
    });

    it('verifies a password for an unknown e-mail too, against a hash as costly as a real one', async () => {
      const passwords = t.app.get(PasswordService);
      const verify = jest.spyOn(passwords, 'verify');
      try {
        const user = await t.factories.user();
        await login({ email: `${t.factories.unique('nobody')}@example.org`, password: 'some-password-123' }).expect(401);
        await login({ email: user.email, password: 'some-password-123' }).expect(401);
        expect(verify).toHaveBeenCalledTimes(2);
        expect(verify.mock.calls[0]).toEqual([undefined, 'some-password-123']);
        expect(verify.mock.calls[1]).toEqual([expect.stringMatching(/^\$argon2id\$/), 'some-password-123']);
        await expect(verify.mock.results[0].value).resolves.toBe(false);
        await expect(verify.mock.results[1].value).resolves.toBe(false);
      } finally {
        verify.mockRestore();
      }
      // The dummy hash has the parameters (memory, passes, parallelism) of every real one.
      const params = (hash: string) => hash.split('$').slice(1, 4).join('$');
      const dummy = await (passwords as unknown as { dummyHash: Promise<string> }).dummyHash;
      expect(params(dummy)).toBe(params(await passwords.hash('any-password-at-all')));
      expect(params(dummy)).toMatch(/^argon2id\$v=19\$(?=.*\bm=\d+)(?=.*\bt=\d+)(?=.*\bp=\d+)/);
      await expect(passwords.verify(undefined, 'not-a-real-password-just-for-timing')).resolves.toBe(false);
    });
  });

  describe('malformed input', () => {
    const email = 'someone@example.org';
    const password = 'a-password';
    it.each<[string, unknown, string[]]>([
      ['no e-mail', { password }, ['email must be shorter than or equal to 320 characters', 'email must be longer than or equal to 1 characters', 'email must be a string']],
      ['no password', { email }, ['password must be shorter than or equal to 256 characters', 'password must be longer than or equal to 1 characters', 'password must be a string']],
      ['an empty object', {}, [
        'email must be shorter than or equal to 320 characters', 'email must be longer than or equal to 1 characters', 'email must be a string',
        'password must be shorter than or equal to 256 characters', 'password must be longer than or equal to 1 characters', 'password must be a string',
      ]],
      ['an e-mail that is a number', { email: 42, password }, ['email must be shorter than or equal to 320 characters', 'email must be longer than or equal to 1 characters', 'email must be a string']],
      ['an e-mail that is null', { email: null, password }, ['email must be shorter than or equal to 320 characters', 'email must be longer than or equal to 1 characters', 'email must be a string']],
      ['an e-mail that is an array', { email: [email], password }, ['email must be shorter than or equal to 320 characters', 'email must be longer than or equal to 1 characters', 'email must be a string']],
      ['an empty e-mail', { email: '', password }, ['email must be longer than or equal to 1 characters']],
      ['a blank e-mail', { email: '   ', password }, ['email must be longer than or equal to 1 characters']],
      ['an e-mail over 320 characters', { email: `${'a'.repeat(309)}@example.org`, password }, ['email must be shorter than or equal to 320 characters']],
      ['an e-mail that grows past 320 characters when lower-cased', { email: `${'İ'.repeat(300)}@example.org`, password }, ['email must be shorter than or equal to 320 characters']],
      ['an e-mail of 320 characters that PostgreSQL counts as more', { email: `${'a\uFE0F'.repeat(200)}@example.org`, password }, ['email must be shorter than or equal to 320 characters']],
      ['an e-mail with a NUL character', { email: 'some\u0000one@example.org', password }, ['email must not contain control characters']],
      ['a password that is a number', { email, password: 123456789012 }, ['password must be shorter than or equal to 256 characters', 'password must be longer than or equal to 1 characters', 'password must be a string']],
      ['a password that is an object', { email, password: { $ne: '' } }, ['password must be shorter than or equal to 256 characters', 'password must be longer than or equal to 1 characters', 'password must be a string']],
      ['an empty password', { email, password: '' }, ['password must be longer than or equal to 1 characters']],
      ['a password over 256 characters', { email, password: 'p'.repeat(257) }, ['password must be shorter than or equal to 256 characters']],
      ['an unknown field', { email, password, remember: true }, ['property remember should not exist']],
      ['two unknown fields', { email, password, role: 'admin', isAdmin: true }, ['property role should not exist', 'property isAdmin should not exist']],
    ])('answers %s 400', async (_, body, message) => {
      const res = await login(body).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message, requestId: expect.any(String) });
    });

    it.each([['null'], ['[]'], ['[{"email":"a@example.org","password":"x"}]'], ['"text"'], ['42'], ['true']])(
      'answers the JSON body %s 400',
      async (raw) => {
        const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address()).set('Content-Type', 'application/json').send(raw).expect(400);
        expect(res.body).toEqual(NOT_AN_OBJECT);
      },
    );

    it('answers no body at all 400', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address()).expect(400);
      expect(res.body).toEqual(NOT_AN_OBJECT);
    });

    it('answers malformed JSON 400', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address()).set('Content-Type', 'application/json').send('{"email": "a@example.org",').expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Request body is not valid JSON', requestId: expect.any(String) });
    });

    it('does not count a malformed request as a failed login', async () => {
      const user = await t.factories.user();
      await login({ email: user.email, password: 'x'.repeat(257) }).expect(400);
      await login({ email: user.email, password: DEFAULT_PASSWORD, extra: 1 }).expect(400);
      expect(await failuresOf(user.email)).toEqual([]);
      const audit = (await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action LIKE 'auth.%'", [user.id])) as { n: number }[];
      expect(audit[0].n).toBe(0);
    });
  });

  describe('audit', () => {
    it('records a successful login: the user, the session, the client address and the request id', async () => {
      const office = await t.factories.office();
      const user = await t.factories.user({ offices: [office] });
      const from = address();
      const requestId = t.factories.unique('login-ok');
      const res = await login({ email: user.email.toUpperCase(), password: DEFAULT_PASSWORD }, from).set('X-Request-Id', requestId).expect(200);
      const sid = payloadOf((res.body as { accessToken: string }).accessToken).sid;
      expect(await auditOf(requestId)).toEqual([
        {
          actor_id: user.id,
          action: 'auth.login',
          entity_type: 'user',
          entity_id: user.id,
          office_id: null,
          before: null,
          after: { sessionId: sid, address: from },
          request_id: requestId,
        },
      ]);
    });

    it('records a wrong password against the user, without the password tried', async () => {
      const user = await t.factories.user();
      const from = address();
      const requestId = t.factories.unique('login-wrong');
      await login({ email: user.email, password: 'guessed-Password-1' }, from).set('X-Request-Id', requestId).expect(401);
      const events = await auditOf(requestId);
      expect(events).toEqual([
        {
          actor_id: null,
          action: 'auth.login_failed',
          entity_type: 'user',
          entity_id: user.id,
          office_id: null,
          before: null,
          after: { email: user.email, address: from, reason: 'wrong_password' },
          request_id: requestId,
        },
      ]);
      expect(JSON.stringify(events)).not.toContain('guessed-Password-1');
      expect(await failuresOf(user.email)).toEqual([{ email: user.email, address: from }]);
    });

    it('records an unknown e-mail (lower-cased) with no user', async () => {
      const email = `${t.factories.unique('ghost')}@example.org`;
      const from = address();
      const requestId = t.factories.unique('login-unknown');
      await login({ email: email.toUpperCase(), password: 'whatever-it-is' }, from).set('X-Request-Id', requestId).expect(401);
      expect(await auditOf(requestId)).toEqual([
        {
          actor_id: null,
          action: 'auth.login_failed',
          entity_type: 'user',
          entity_id: null,
          office_id: null,
          before: null,
          after: { email, address: from, reason: 'unknown_email' },
          request_id: requestId,
        },
      ]);
    });

    it('records a deactivated user who signs in', async () => {
      const user = await t.factories.user({ active: false });
      const from = address();
      const requestId = t.factories.unique('login-inactive');
      await login({ email: user.email, password: DEFAULT_PASSWORD }, from).set('X-Request-Id', requestId).expect(401);
      expect(await auditOf(requestId)).toEqual([
        expect.objectContaining({ actor_id: null, action: 'auth.login_failed', entity_id: user.id, after: { email: user.email, address: from, reason: 'inactive' } }),
      ]);
    });
  });

  describe('client address', () => {
    it('is the X-Forwarded-For address behind a trusted proxy', async () => {
      const email = `${t.factories.unique('ghost')}@example.org`;
      const from = address();
      await login({ email, password: 'whatever-it-is' }, `${from}, 10.0.0.1`).expect(401);
      expect(await failuresOf(email)).toEqual([{ email, address: from }]);
    });

    it('answers a forwarded address too long to be an address like any other failure, not 500', async () => {
      const email = `${t.factories.unique('ghost')}@example.org`;
      const long = `${randomBytes(8).toString('hex')}${'x'.repeat(200)}.example.org`;
      const res = await login({ email, password: 'whatever-it-is' }, long).expect(401);
      expect(res.body).toEqual(BAD_CREDENTIALS);
      expect(await failuresOf(email)).toEqual([{ email, address: long.slice(0, 64) }]);
    });

    describe('without a trusted proxy', () => {
      let direct: TestApp;
      beforeAll(async () => {
        direct = await startTestApp({ TRUST_PROXY: 'false' });
      });
      afterAll(() => direct.close());

      it('is the connection address: X-Forwarded-For cannot pick it', async () => {
        const email = `${t.factories.unique('ghost')}@example.org`;
        await direct.http().post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.9').send({ email, password: 'whatever-it-is' }).expect(401);
        const rows = (await direct.db.query('SELECT id, address FROM login_failures WHERE email = $1', [email])) as { id: string; address: string }[];
        // Leave no failure behind for 127.0.0.1, which the other test files share.
        await direct.db.query('DELETE FROM login_failures WHERE email = $1', [email]);
        expect(rows).toHaveLength(1);
        expect(rows[0].address).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
      });
    });
  });
});
