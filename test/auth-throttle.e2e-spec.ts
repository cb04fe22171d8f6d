import { randomBytes } from 'node:crypto';
import { DEFAULT_PASSWORD } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const BAD_CREDENTIALS = { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', requestId: expect.any(String) };
const TOO_MANY = { statusCode: 429, error: 'Too Many Requests', message: 'Too many failed logins; try again later', requestId: expect.any(String) };
const WINDOW = 900;

/**
 * Every app here trusts X-Forwarded-For (TRUST_PROXY=true) and every request names an address of its
 * own, so no test counts against another's address, nor against 127.0.0.1, which every test file
 * shares. Each test also uses accounts of its own.
 */
const address = () => `10.${randomBytes(3).join('.')}`;

async function expectLocked(res: { status: number; body: unknown; headers: Record<string, string> }, maxSeconds = WINDOW): Promise<number> {
  expect(res.status).toBe(429);
  expect(res.body).toEqual(TOO_MANY);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}

describe('failed-login limits', () => {
  describe('per account', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Only the account limit can trip here.
      t = await startTestApp({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    });
    afterAll(() => t.close());

    const login = (email: string, password: string, from = address()) =>
      t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
    const failures = async (email: string) =>
      ((await t.db.query('SELECT count(*)::int AS n FROM login_failures WHERE email = $1', [email])) as { n: number }[])[0].n;

    it('answers 429 with Retry-After once an account has failed its limit, from whatever address', async () => {
      const user = await t.factories.user();
      for (let i = 0; i < 3; i += 1) {
        const res = await login(user.email, `wrong-password-${i}`).expect(401);
        expect(res.body).toEqual(BAD_CREDENTIALS);
      }
      const locked = await login(user.email, 'wrong-password-3');
      const retryAfter = await expectLocked(locked);
      expect(retryAfter).toBeGreaterThan(WINDOW - 60);
      // Refused before the password is even checked: the refusal is not another failure.
      expect(await failures(user.email)).toBe(3);
    });

    it('refuses the right password while the account is locked', async () => {
      const user = await t.factories.user();
      for (let i = 0; i < 3; i += 1) await login(user.email, `wrong-password-${i}`).expect(401);
      await expectLocked(await login(user.email, DEFAULT_PASSWORD));
      // However the e-mail is written.
      await expectLocked(await login(`  ${user.email.toUpperCase()} `, DEFAULT_PASSWORD));
    });

    it('counts the failures of every spelling of the e-mail together', async () => {
      const user = await t.factories.user();
      await login(user.email.toUpperCase(), 'wrong-password-a').expect(401);
      await login(` ${user.email}`, 'wrong-password-b').expect(401);
      await login(user.email.replace(/^u/, 'U'), 'wrong-password-c').expect(401);
      await expectLocked(await login(user.email, DEFAULT_PASSWORD));
    });

    it('locks an unknown e-mail the same way, so the lock tells nothing about who exists', async () => {
      const email = `${t.factories.unique('ghost')}@example.org`;
      for (let i = 0; i < 3; i += 1) {
        const res = await login(email, `wrong-password-${i}`).expect(401);
        expect(res.body).toEqual(BAD_CREDENTIALS);
      }
      await expectLocked(await login(email, 'wrong-password-3'));
    });

    it('locks only that account: another signs in from the very same addresses', async () => {
      const victim = await t.factories.user();
      const other = await t.factories.user();
      const from = address();
      for (let i = 0; i < 3; i += 1) await login(victim.email, `wrong-password-${i}`, from).expect(401);
      await expectLocked(await login(victim.email, DEFAULT_PASSWORD, from));
      const res = await login(other.email, DEFAULT_PASSWORD, from).expect(200);
      expect((res.body as { user: { id: string } }).user.id).toBe(other.id);
    });

    it('forgets an account’s failures when it signs in successfully', async () => {
      const user = await t.factories.user();
      await login(user.email, 'wrong-password-1').expect(401);
      await login(user.email, 'wrong-password-2').expect(401);
      await login(user.email, DEFAULT_PASSWORD).expect(200);
      expect(await failures(user.email)).toBe(0);
      await login(user.email, 'wrong-password-3').expect(401);
      await login(user.email, 'wrong-password-4').expect(401);
      await login(user.email, 'wrong-password-5').expect(401);
      await expectLocked(await login(user.email, 'wrong-password-6'));
    });

    it('lifts the lock when the failures leave the window', async () => {
      const user = await t.factories.user();
      for (let i = 0; i < 3; i += 1) await login(user.email, `wrong-password-${i}`).expect(401);
      await expectLocked(await login(user.email, DEFAULT_PASSWORD));
      await t.db.query(`UPDATE login_failures SET failed_at = failed_at - make_interval(secs => $2) WHERE email = $1`, [user.email, WINDOW + 1]);
      await login(user.email, DEFAULT_PASSWORD).expect(200);
    });

    it('says in Retry-After when the lock lifts: when enough of the account’s failures have aged out', async () => {
      const user = await t.factories.user();
      const from = address();
      // Four failures of the account (limit 3) at -800 s, -700 s, -600 s and -100 s: it stays locked
      // until the one at -700 s leaves the 900 s window, 200 s from now. An older failure of another
      // account from the same address must not shorten that.
      await t.db.query(
        `INSERT INTO login_failures (email, address, failed_at)
         SELECT $1, $2, now() - make_interval(secs => s) FROM unnest(ARRAY[800, 700, 600, 100]) AS s`,
        [user.email, address()],
      );
      await t.db.query(`INSERT INTO login_failures (email, address, failed_at) VALUES ($1, $2, now() - interval '850 seconds')`, [
        `${t.factories.unique('other')}@example.org`,
        from,
      ]);
      const retryAfter = await expectLocked(await login(user.email, DEFAULT_PASSWORD, from));
      expect(retryAfter).toBeGreaterThanOrEqual(195);
      expect(retryAfter).toBeLessThanOrEqual(201);
    });

    it('holds the limit under a burst of concurrent guesses', async () => {
      const user = await t.factories.user();
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => login(user.email, `parallel-guess-${i}`)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([401, 401, 401, ...Array<number>(9).fill(429)]);
      expect(await failures(user.email)).toBe(3);
      await expectLocked(await login(user.email, DEFAULT_PASSWORD));
    });
  });

  describe('per address', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Only the address limit can trip here.
      t = await startTestApp({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000' });
    });
    afterAll(() => t.close());

    const login = (email: string, password: string, from: string) =>
      t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
    const ghost = () => `${t.factories.unique('ghost')}@example.org`;

    it('answers 429 with Retry-After once an address has failed its limit, whatever the accounts', async () => {
      const from = address();
      for (let i = 0; i < 3; i += 1) {
        const res = await login(ghost(), 'wrong-password', from).expect(401);
        expect(res.body).toEqual(BAD_CREDENTIALS);
      }
      const retryAfter = await expectLocked(await login(ghost(), 'wrong-password', from));
      expect(retryAfter).toBeGreaterThan(WINDOW - 60);
    });

    it('refuses even the right password from that address, and lets it in from another', async () => {
      const user = await t.factories.user();
      const from = address();
      for (let i = 0; i < 3; i += 1) await login(ghost(), 'wrong-password', from).expect(401);
      await expectLocked(await login(user.email, DEFAULT_PASSWORD, from));
      const res = await login(user.email, DEFAULT_PASSWORD, address()).expect(200);
      expect((res.body as { user: { id: string } }).user.id).toBe(user.id);
    });

    it('does not forget an address’s failures when someone signs in from it', async () => {
      const user = await t.factories.user();
      const from = address();
      await login(ghost(), 'wrong-password', from).expect(401);
      await login(ghost(), 'wrong-password', from).expect(401);
      await login(user.email, DEFAULT_PASSWORD, from).expect(200);
      await login(ghost(), 'wrong-password', from).expect(401);
      await expectLocked(await login(user.email, DEFAULT_PASSWORD, from));
    });

    it('counts a wrong password, an unknown e-mail and a deactivated user alike', async () => {
      const user = await t.factories.user();
      const inactive = await t.factories.user({ active: false });
      const from = address();
      await login(user.email, 'wrong-password', from).expect(401);
      await login(ghost(), 'wrong-password', from).expect(401);
      await login(inactive.email, DEFAULT_PASSWORD, from).expect(401);
      await expectLocked(await login(user.email, DEFAULT_PASSWORD, from));
    });

    it('holds the limit under a burst of concurrent guesses at many accounts', async () => {
      const from = address();
      const results = await Promise.all(Array.from({ length: 10 }, () => login(ghost(), 'wrong-password', from)));
      expect(results.map((r) => r.status).sort()).toEqual([401, 401, 401, ...Array<number>(7).fill(429)]);
      const rows = (await t.db.query('SELECT count(*)::int AS n FROM login_failures WHERE address = $1', [from])) as { n: number }[];
      expect(rows[0].n).toBe(3);
    });
  });
});
