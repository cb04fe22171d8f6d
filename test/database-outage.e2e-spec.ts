import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

const waitFor = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

describe('when the database stops answering', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    t = await startTestApp({}, proxy.urlFor(process.env.TEST_DATABASE_URL!));
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.stop();
  });

  it('says 503 in the error shape, keeps the process up, and recovers once it is back', async () => {
    const admin = await t.factories.signedIn('admin');
    await t.http().get('/health/ready').expect(200);

    proxy.cut();
    const ready = await t.http().get('/health/ready').set('X-Request-Id', 'outage-ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database does not answer',
      requestId: 'outage-ready',
    });
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', admin.auth).set('X-Request-Id', 'outage-me');
    expect(me.status).toBe(503);
    expect(me.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database is unavailable; try again shortly',
      requestId: 'outage-me',
    });
    await t.http().get('/health/live').expect(200);

    proxy.restore();
    const back = await waitFor(async () => (await t.http().get('/health/ready')).status === 200, 5_000);
    expect(back).toBe(true);
    await t.http().get('/api/v1/auth/me').set('Authorization', admin.auth).expect(200);
  });
});
