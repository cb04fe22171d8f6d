import { ConfigError, loadConfig } from '../config/app-config';
import { embeddedConnectionLimit } from '../database/open-database';

describe('job and e-mail settings', () => {
  it('defaults: jobs on, a small pool of their own, reminders every five minutes, a local sender', () => {
    expect(loadConfig({})).toMatchObject({
      JOBS_ENABLED: true,
      JOBS_POOL_SIZE: 3,
      REMINDER_CRON: '*/5 * * * *',
      SMTP_FROM: 'Oversight tracker <no-reply@localhost>',
    });
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
  });

  it('reads them, evening out the spaces of a cron expression', () => {
    expect(
      loadConfig({ JOBS_ENABLED: 'false', JOBS_POOL_SIZE: '5', REMINDER_CRON: ' 0  7 * *   1-5 ', SMTP_FROM: 'alerts@example.org' }),
    ).toMatchObject({ JOBS_ENABLED: false, JOBS_POOL_SIZE: 5, REMINDER_CRON: '0 7 * * 1-5', SMTP_FROM: 'alerts@example.org' });
  });

  it.each([
    [{ REMINDER_CRON: 'every five minutes' }, 'REMINDER_CRON'],
    [{ REMINDER_CRON: '*/5 * * *' }, 'REMINDER_CRON'],
    [{ REMINDER_CRON: '99 * * * *' }, 'REMINDER_CRON'],
    [{ REMINDER_CRON: '0 8 * 13 *' }, 'REMINDER_CRON'],
    [{ JOBS_POOL_SIZE: '1' }, 'JOBS_POOL_SIZE'],
    [{ JOBS_ENABLED: 'sometimes' }, 'JOBS_ENABLED'],
    [{ SMTP_FROM: 'not an address' }, 'SMTP_FROM'],
    [{ SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL'],
  ])('refuses %p, naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it("lets the embedded database accept the application's pool, the job queue's and a margin", () => {
    expect(embeddedConnectionLimit(loadConfig({ DB_POOL_SIZE: '10', JOBS_POOL_SIZE: '3' }))).toBe(17);
    expect(embeddedConnectionLimit(loadConfig({ DB_POOL_SIZE: '10', JOBS_ENABLED: 'false' }))).toBe(14);
  });
});
