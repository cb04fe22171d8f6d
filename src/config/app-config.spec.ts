import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './app-config';

const SECRET_A = 'a'.repeat(32);
const SECRET_B = 'b'.repeat(32);

describe('loadConfig', () => {
  it('gives working defaults for a newcomer', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: './data',
      MIGRATIONS_RUN: true,
      LOG_LEVEL: 'info',
      CORS_ORIGINS: [],
      JWT_SECRET: DEVELOPMENT_JWT_SECRET,
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers, booleans and lists', () => {
    const c = loadConfig({ PORT: '8080', MIGRATIONS_RUN: 'false', CORS_ORIGINS: 'https://a.example, http://localhost:5173' });
    expect(c.PORT).toBe(8080);
    expect(c.MIGRATIONS_RUN).toBe(false);
    expect(c.CORS_ORIGINS).toEqual(['https://a.example', 'http://localhost:5173']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long-enough-password' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'a@example.org' }, 'ADMIN_PASSWORD'],
    [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET'],
    [{ CORS_ORIGINS: 'not a url' }, 'CORS_ORIGINS'],
  ])('refuses %p, naming %s', (env, name) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('refuses to start in production without explicit JWT secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET_A })).toThrow(/JWT_REFRESH_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET_A, JWT_REFRESH_SECRET: SECRET_A })).toThrow(/must differ/);
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET_A, JWT_REFRESH_SECRET: SECRET_B });
    expect([c.JWT_SECRET, c.JWT_REFRESH_SECRET]).toEqual([SECRET_A, SECRET_B]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 3000, DATABASE_URL: undefined });
  });
});
