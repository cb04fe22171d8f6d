import type { FastifyInstance } from 'fastify';
import type { SignedIn } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** The requests the fuzzer (openapi-fuzz.e2e-spec.ts) found answered 5xx or outside the error shape, pinned down. */
describe('inputs the fuzzer found', () => {
  let t: TestApp;
  let fastify: FastifyInstance;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    fastify = t.app.getHttpAdapter().getInstance();
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const get = (url: string) => fastify.inject({ method: 'GET', url, headers: { authorization: admin.auth, 'x-request-id': 'finding-1' } });

  it.each(['/api/v1/users/%', '/api/v1/users/%C0%AF', '/api/v1/recommendations/%E0%A4%A/comments'])(
    'answers a URL that cannot be decoded (%s) 400 in the error shape, with the request id',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['x-request-id']).toBe('finding-1');
      expect(res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The URL is malformed', requestId: 'finding-1' });
    },
  );

  // A PATCH: an over-long GET falls through to the web interface's catch-all route instead (its 404).
  it('answers a path parameter past the router limit 400, not a bare 414', async () => {
    const res = await fastify.inject({ method: 'PATCH', url: `/api/v1/users/${'x'.repeat(1000)}`, headers: { authorization: admin.auth, 'x-request-id': 'finding-1' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'A path parameter is too long', requestId: 'finding-1' });
  });

  it('refuses a body nested 50,000 levels deep with 400 rather than overflowing the stack', async () => {
    const payload = `{"name":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/offices', headers: { authorization: admin.auth, 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'The body is nested more than 32 levels deep' });
  });

  it('still takes a body nested as deep as a DTO goes', async () => {
    const name = t.factories.unique('View');
    const res = await fastify.inject({
      method: 'POST',
      url: '/api/v1/saved-views',
      headers: { authorization: admin.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name, filters: { status: ['open'] } }),
    });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['/api/v1/offices', { name: 'x\udfff' }, 'name'],
    ['/api/v1/sources', { title: 'Brief', kind: 'brief', author: '\ud800' }, 'author'],
    // validator's isEmail throws on it ("URI malformed"): the check runs before the field rules.
    ['/api/v1/users', { email: '\udfff\ud800', name: 'v', role: 'viewer', password: 'a-long-password', officeIds: [] }, 'email'],
  ])('refuses half a surrogate pair in %s with 400 rather than failing in a field rule or the audit log', async (url, body, field) => {
    const res = await fastify.inject({ method: 'POST', url, headers: { authorization: admin.auth, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ message: [`${field} must not contain unpaired surrogates`] });
  });

  it('still takes text beyond the Basic Multilingual Plane, in whole pairs', async () => {
    const name = `${t.factories.unique('Office')} 𝔘 🤷‍♀️`;
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/offices', headers: { authorization: admin.auth, 'content-type': 'application/json' }, payload: JSON.stringify({ name }) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name });
  });

  it.each(['constructor', '-toString', 'valueOf', 'hasOwnProperty'])('refuses sort=%s, a key of Object.prototype, with 400', async (sort) => {
    const res = await get(`/api/v1/sources?sort=${sort}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^sort must be one of: /) as unknown });
  });
});
