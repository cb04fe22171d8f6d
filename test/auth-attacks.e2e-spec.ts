import { createHmac, randomBytes } from 'node:crypto';
import { DEFAULT_PASSWORD, SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Attacks on sign-in and tokens that auth-login, auth-throttle and auth-tokens leave out: the
 * documented failed-login limits as shipped (those files lower them), claims added to a token,
 * spellings of `alg: none`, and role and office changes seen by a token issued before them.
 */
const NO_TOKEN = { statusCode: 401, error: 'Unauthorized', message: 'Missing, invalid or expired access token', requestId: expect.any(String) };
const BAD_CREDENTIALS = { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', requestId: expect.any(String) };
const TOO_MANY = { statusCode: 429, error: 'Too Many Requests', message: 'Too many failed logins; try again later', requestId: expect.any(String) };
const forbidden = (message: string) => ({ statusCode: 403, error: 'Forbidden', message, requestId: expect.any(String) });
const notFound = (message: string) => ({ statusCode: 404, error: 'Not Found', message, requestId: expect.any(String) });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
/** A JWT built by hand: HS256 with `secret`, or any header with no signature. */
const hs256 = (payload: Record<string, unknown>, secret: string) => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
};
const unsigned = (header: Record<string, unknown>, payload: Record<string, unknown>) => `${b64(header)}.${b64(payload)}.`;
/** The token's payload replaced, its header and signature kept. */
const tampered = (token: string, change: Record<string, unknown>) => {
  const [head, , sig] = token.split('.');
  return `${head}.${b64({ ...payloadOf(token), ...change })}.${sig}`;
};
/** A client address of its own (the app trusts X-Forwarded-For), so no test counts against another's. */
const address = () => `10.${randomBytes(3).join('.')}`;

describe('auth attacks', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The failed-login limits are left at their defaults: 5 per account, 20 per address, in 15 minutes.
    t = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, from = address()) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const patchUser = (admin: SignedIn, id: string, body: object) => t.http().patch(`/api/v1/users/${id}`).set('Authorization', admin.auth).send(body).expect(200);

  describe('brute force, at the limits the README states', () => {
    it('locks an account after 5 failures, from whatever addresses, even for the right password', async () => {
      const user = await t.factories.user();
      for (let i = 0; i < 5; i += 1) expect((await login(user.email, `wrong-password-${i}`).expect(401)).body).toEqual(BAD_CREDENTIALS);
      const locked = await login(user.email, DEFAULT_PASSWORD).expect(429);
      expect(locked.body).toEqual(TOO_MANY);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(840);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(900);
    });

    it('lets an account that failed 4 times sign in', async () => {
      const user = await t.factories.user();
      for (let i = 0; i < 4; i += 1) await login(user.email, `wrong-password-${i}`).expect(401);
      await login(user.email, DEFAULT_PASSWORD).expect(200);
    });

    it('locks an address after 20 failures at as many accounts; the same account signs in from elsewhere', async () => {
      const user = await t.factories.user();
      const from = address();
      // 19 earlier failures of other accounts from this address (a wrong password costs a hash each).
      await t.db.query(`INSERT INTO login_failures (email, address) SELECT 'ghost-' || n || '-' || $2 || '@example.org', $1 FROM generate_series(1, 19) AS n`, [
        from,
        t.factories.unique('x'),
      ]);
      const twentieth = await login(`${t.factories.unique('ghost')}@example.org`, 'wrong-password', from).expect(401);
      expect(twentieth.body).toEqual(BAD_CREDENTIALS);
      const locked = await login(user.email, DEFAULT_PASSWORD, from).expect(429);
      expect(locked.body).toEqual(TOO_MANY);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(840);
      await login(user.email, DEFAULT_PASSWORD).expect(200);
    });

    it('lets an address with 19 failures through', async () => {
      const user = await t.factories.user();
      const from = address();
      await t.db.query(`INSERT INTO login_failures (email, address) SELECT 'ghost-' || n || '-' || $2 || '@example.org', $1 FROM generate_series(1, 19) AS n`, [
        from,
        t.factories.unique('x'),
      ]);
      await login(user.email, DEFAULT_PASSWORD, from).expect(200);
    });
  });

  describe('forged access tokens answer 401', () => {
    const cases: [string, (s: SignedIn) => string][] = [
      ['with a role claim added, the signature kept', (s) => tampered(s.accessToken, { role: 'admin' })],
      ['with office claims added, the signature kept', (s) => tampered(s.accessToken, { offices: [], admin: true })],
      ['with its session changed, the signature kept', (s) => tampered(s.accessToken, { sid: '00000000-0000-4000-8000-000000000000' })],
      ...['None', 'NONE', 'nOnE'].map((alg): [string, (s: SignedIn) => string] => [`with alg "${alg}"`, (s) => unsigned({ alg, typ: 'JWT' }, payloadOf(s.accessToken))]),
      ['with alg none and no signature part at all', (s) => unsigned({ alg: 'none' }, payloadOf(s.accessToken)).slice(0, -1)],
      ['with alg none and no expiry', (s) => unsigned({ alg: 'none' }, { sub: s.user.id, sid: payloadOf(s.accessToken).sid, typ: 'access' })],
      ['with no alg at all', (s) => unsigned({ typ: 'JWT' }, payloadOf(s.accessToken))],
      ['signed with a guessable key', (s) => hs256(payloadOf(s.accessToken), 'secret')],
      ['signed with the development key', (s) => hs256(payloadOf(s.accessToken), 'development-only-access-token-secret-change-me')],
      ['expired a second ago', (s) => hs256({ ...payloadOf(s.accessToken), exp: Math.floor(Date.now() / 1000) - 1 }, t.config.JWT_SECRET!)],
    ];
    it.each(cases)('%s', async (_, forge) => {
      const s = await t.factories.signedIn('viewer');
      expect((await me(forge(s)).expect(401)).body).toEqual(NO_TOKEN);
      // The real token is untouched.
      await me(s.accessToken).expect(200);
    });

    it('even on an admin route, where a forged role would matter', async () => {
      const s = await t.factories.signedIn('viewer');
      const res = await t.http().get('/api/v1/users').set('Authorization', `Bearer ${tampered(s.accessToken, { role: 'admin' })}`).expect(401);
      expect(res.body).toEqual(NO_TOKEN);
    });
  });

  it('takes the role from the database, never from the token, even from one signed with the right key', async () => {
    const s = await t.factories.signedIn('viewer');
    const token = hs256({ ...payloadOf(s.accessToken), role: 'admin' }, t.config.JWT_SECRET!);
    const res = await t.http().get('/api/v1/users').set('Authorization', `Bearer ${token}`).expect(403);
    expect(res.body).toEqual(forbidden('This action needs role admin or above'));
    expect((await me(token).expect(200)).body).toMatchObject({ id: s.user.id, role: 'viewer' });
  });

  it('reads the token from the Authorization header only, not from the query string or a cookie', async () => {
    const s = await t.factories.signedIn('viewer');
    expect((await t.http().get(`/api/v1/auth/me?access_token=${s.accessToken}`).expect(401)).body).toEqual(NO_TOKEN);
    expect((await t.http().get('/api/v1/auth/me').set('Cookie', `access_token=${s.accessToken}`).expect(401)).body).toEqual(NO_TOKEN);
  });

  describe('a token issued before a change of role or offices', () => {
    it('of an admin demoted to viewer gets 403 for admin and staffer actions, and 404 beyond the offices', async () => {
      const admin = await t.factories.signedIn('admin');
      const home = await t.factories.office();
      const elsewhere = await t.factories.office();
      const foreign = await t.factories.recommendation(elsewhere);
      const demoted = await t.factories.signedIn('admin', [home]);
      await t.http().get(`/api/v1/recommendations/${foreign.id}`).set('Authorization', demoted.auth).expect(200);

      await patchUser(admin, demoted.user.id, { role: 'viewer' });

      const users = await t.http().get('/api/v1/users').set('Authorization', demoted.auth).expect(403);
      expect(users.body).toEqual(forbidden('This action needs role admin or above'));
      const create = await t
        .http()
        .post('/api/v1/recommendations')
        .set('Authorization', demoted.auth)
        .send({ officeId: home.id, reference: t.factories.unique('R'), title: 'T', text: 'X', policyArea: 'foreign_policy', priority: 'low', addressees: [], ownerIds: [] })
        .expect(403);
      expect(create.body).toEqual(forbidden('Creating a recommendation needs role staffer or above'));
      // Admins see every office; a viewer only their own.
      const gone = await t.http().get(`/api/v1/recommendations/${foreign.id}`).set('Authorization', demoted.auth).expect(404);
      expect(gone.body).toEqual(notFound('Recommendation not found'));
      expect((await me(demoted.accessToken).expect(200)).body).toMatchObject({ role: 'viewer' });
    });

    it('of a director demoted to staffer cannot close a recommendation any more', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const rec = await t.factories.recommendation(office);
      const demoted = await t.factories.signedIn('director', [office]);
      await patchUser(admin, demoted.user.id, { role: 'staffer' });
      const res = await t
        .http()
        .post(`/api/v1/recommendations/${rec.id}/status`)
        .set('Authorization', demoted.auth)
        .set('If-Match', '"1"')
        .send({ status: 'withdrawn', reason: 'Closing after demotion' })
        .expect(403);
      expect(res.body).toEqual(forbidden('Closing a recommendation needs role director or above'));
    });

    it('of a staffer taken out of an office gets 404 for its records', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const rec = await t.factories.recommendation(office);
      const s = await t.factories.signedIn('staffer', [office]);
      await t.http().get(`/api/v1/recommendations/${rec.id}`).set('Authorization', s.auth).expect(200);
      await patchUser(admin, s.user.id, { officeIds: [] });
      const res = await t.http().post(`/api/v1/recommendations/${rec.id}/comments`).set('Authorization', s.auth).send({ body: 'Still here?' }).expect(404);
      expect(res.body).toEqual(notFound('Recommendation not found'));
    });

    it('of a deactivated user is refused on a write too, and their refresh token issues nothing', async () => {
      const admin = await t.factories.signedIn('admin');
      const office = await t.factories.office();
      const rec = await t.factories.recommendation(office);
      const s = await t.factories.signedIn('staffer', [office]);
      await patchUser(admin, s.user.id, { active: false });
      const res = await t.http().post(`/api/v1/recommendations/${rec.id}/comments`).set('Authorization', s.auth).send({ body: 'After deactivation' }).expect(401);
      expect(res.body).toEqual(NO_TOKEN);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
      const comments = (await t.db.query('SELECT count(*)::int AS n FROM comments WHERE recommendation_id = $1', [rec.id])) as { n: number }[];
      expect(comments[0].n).toBe(0);
    });
  });
});
