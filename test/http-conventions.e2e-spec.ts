import { startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '4096', CORS_ORIGINS: 'https://staff.example.org' });
  });
  afterAll(() => t.close());

  describe('X-Request-Id', () => {
    it('echoes a valid incoming id on the response and in the error body', async () => {
      const res = await t.http().get('/api/v1/auth/me').set('X-Request-Id', 'client.id_1-2').expect(401);
      expect(res.headers['x-request-id']).toBe('client.id_1-2');
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Missing, invalid or expired access token',
        requestId: 'client.id_1-2',
      });
    });

    it('replaces an invalid one with a generated id, the same in header and body', async () => {
      const res = await t.http().get('/api/v1/nowhere').set('X-Request-Id', 'not valid!').expect(404);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    });

    it('is on successful responses too', async () => {
      const res = await t.http().get('/health/live').expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('the one error shape', () => {
    it('answers an unknown route 404', async () => {
      const res = await t.http().get('/api/v1/nowhere').expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/v1/nowhere', requestId: expect.any(String) });
    });

    it('answers malformed JSON 400', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String), requestId: expect.any(String) });
    });

    it.each([['null'], ['[]'], ['"text"'], ['42']])('answers a JSON body %s that is not an object 400', async (body) => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Request body must be a JSON object', requestId: expect.any(String) });
    });

    it('answers a body over the limit 413', async () => {
      const res = await t.http().post('/api/v1/auth/login').send({ email: 'a@example.org', password: 'x'.repeat(5000) }).expect(413);
      expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large', requestId: expect.any(String) });
    });

    it('answers an unsupported content type 415', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/xml').send('<login/>').expect(415);
      expect(res.body).toEqual({ statusCode: 415, error: 'Unsupported Media Type', message: 'Unsupported Media Type', requestId: expect.any(String) });
    });

    it('answers a malformed id in a path 400 and an unknown one 404', async () => {
      const admin = await t.factories.signedIn('admin');
      const bad = await t.http().get('/api/v1/users/not-a-uuid').set('Authorization', admin.auth).expect(400);
      expect(bad.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('uuid'), requestId: expect.any(String) });
      const unknown = await t.http().get('/api/v1/users/00000000-0000-4000-8000-000000000000').set('Authorization', admin.auth).expect(404);
      expect(unknown.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'User not found', requestId: expect.any(String) });
    });

    it('never shows a stack trace or SQL', async () => {
      const res = await t.http().post('/api/v1/auth/login').send({ email: "' OR 1=1 --", password: "'; DROP TABLE users; --" }).expect(401);
      expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|SELECT|node_modules|\/src\//);
    });
  });

  describe('security headers and CORS', () => {
    it('sends the usual protective headers', async () => {
      const res = await t.http().get('/health/live').expect(200);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('allows an origin of the allow-list and exposes the request id', async () => {
      const res = await t
        .http()
        .options('/api/v1/auth/login')
        .set('Origin', 'https://staff.example.org')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,authorization');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://staff.example.org');
      const get = await t.http().get('/health/live').set('Origin', 'https://staff.example.org').expect(200);
      expect(get.headers['access-control-expose-headers']).toMatch(/X-Request-Id/i);
    });

    it('gives no CORS grant to any other origin', async () => {
      const res = await t.http().get('/health/live').set('Origin', 'https://evil.example.com').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
