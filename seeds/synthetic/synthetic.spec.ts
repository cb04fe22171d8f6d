import { POLICY_AREAS } from '../policy-areas';
import { emptyBatch } from './batch';
import { writeGroup } from './cohort-rows';
import { copyLine, textArray } from './copy';
import { DEFAULT_PASSWORD, parseCommand, UsageError } from './options';
import { planCohort } from './plan';
import { Random } from './random';
import { AREAS } from './vocabulary';

const TODAY = new Date('2026-11-23T15:00:00Z');
const ENV = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/synth' };

describe('seed:synthetic command line', () => {
  it('defaults to 10,000 recommendations in 5 offices with 50 users, seed 1, as of today', () => {
    expect(parseCommand([], ENV, TODAY)).toEqual({
      help: false,
      databaseUrl: ENV.DATABASE_URL,
      options: { recommendations: 10_000, offices: 5, users: 50, seed: 1, append: false, asOf: '2026-11-23', password: DEFAULT_PASSWORD },
    });
  });

  it('reads every option', () => {
    const argv = ['--recommendations', '200', '--offices', '2', '--users', '12', '--seed=-7', '--as-of', '2025-01-31', '--password', 'twelve-chars!', '--append'];
    expect(parseCommand(argv, ENV, TODAY)).toEqual({
      help: false,
      databaseUrl: ENV.DATABASE_URL,
      options: { recommendations: 200, offices: 2, users: 12, seed: -7, append: true, asOf: '2025-01-31', password: 'twelve-chars!' },
    });
  });

  it.each([
    [['--recommendations', '0'], '--recommendations must be a whole number from 1 to 10000000, got "0"'],
    [['--recommendations', '1e3'], '--recommendations must be a whole number from 1 to 10000000, got "1e3"'],
    [['--offices', 'two'], '--offices must be a whole number from 1 to 1000, got "two"'],
    [['--offices', '6', '--users', '5'], '--users (5) must be at least --offices (6): every office needs a director'],
    [['--seed', '1.5'], '--seed must be an integer, got "1.5"'],
    [['--as-of', '2025-02-30'], '--as-of must be a date YYYY-MM-DD, got "2025-02-30"'],
    [['--as-of', '2026-11-24'], '--as-of must not be later than today: the data would lie in the future'],
    [['--password', 'short'], '--password must be at least 12 characters (the application refuses shorter ones)'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommand(argv, ENV, TODAY)).toThrow(new UsageError(message));
  });

  it('refuses without DATABASE_URL, and whenever NODE_ENV=production', () => {
    expect(() => parseCommand([], {}, TODAY)).toThrow(/^DATABASE_URL is required: synthetic data goes into a PostgreSQL server/);
    expect(() => parseCommand([], { ...ENV, NODE_ENV: 'production' }, TODAY)).toThrow(new UsageError('Synthetic data is never loaded when NODE_ENV=production'));
  });

  it('answers --help without needing a database', () => {
    expect(parseCommand(['--help'], {}, TODAY)).toEqual({ help: true });
  });
});

describe('synthetic generator', () => {
  const end = Date.parse('2026-11-23T00:00:00Z');
  const generate = (seed: number) => {
    const rng = new Random(seed, 0);
    const plan = planCohort(rng, { recommendations: 120, offices: 3, users: 15, firstOfficeNumber: 1, firstUserNumber: 1, end });
    const batch = emptyBatch();
    const written = plan.groups.reduce((n, g) => n + writeGroup(rng, batch, plan, g, end), 0);
    return { plan, batch, written };
  };

  it('files recommendations under exactly the seeded policy areas', () => {
    expect(Object.keys(AREAS).sort()).toEqual(POLICY_AREAS.map((a) => a.code).sort());
  });

  it('generates exactly the number of recommendations asked for, with unique references per office', () => {
    const { batch, written } = generate(3);
    expect({ written, rows: batch.recommendations.length }).toEqual({ written: 120, rows: 120 });
    const refs = batch.recommendations.map((r) => `${r[1]}/${r[2]!.toLowerCase()}`);
    expect(new Set(refs).size).toBe(120);
  });

  it('gives a director and a writer to every office', () => {
    const { plan } = generate(3);
    expect(plan.offices.map((o) => ({ directors: o.directors.length > 0, actors: o.actors.length > 0 }))).toEqual(plan.offices.map(() => ({ directors: true, actors: true })));
  });

  it('is deterministic: the same seed gives the same rows, another seed others', () => {
    expect(JSON.stringify(generate(5))).toBe(JSON.stringify(generate(5)));
    expect(generate(6).batch.recommendations[0][0]).not.toBe(generate(5).batch.recommendations[0][0]);
  });

  it('draws version 4 UUIDs', () => {
    const rng = new Random(1);
    const ids = Array.from({ length: 1000 }, () => rng.uuid());
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(1000);
  });
});

describe('COPY text format', () => {
  it('escapes backslashes, tabs and line breaks, and writes NULL as \\N', () => {
    expect(copyLine(['a\\b', 'tab\there', 'two\nlines\r', null, ''])).toBe('a\\\\b\ttab\\there\ttwo\\nlines\\r\t\\N\t\n');
  });

  it('quotes every array element', () => {
    expect(textArray(['State Department', 'say "no"', 'back\\slash'])).toBe('{"State Department","say \\"no\\"","back\\\\slash"}');
  });
});
