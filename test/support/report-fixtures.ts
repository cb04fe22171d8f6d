import type { Office } from '../../src/offices/office.entity';
import type { Recommendation } from '../../src/recommendations/recommendation.entity';
import type { User } from '../../src/users/user.entity';
import type { TestApp } from './test-app';

/** Back-dated report data written straight to the database, for the report specs; `app` is called when a helper runs, after the spec's beforeAll. */
export function reportFixtures(app: () => TestApp) {
  /** An office of its own per test, in UTC unless said, with a director and a staffer. */
  const setup = async (timeZone = 'UTC') => {
    const o = await app().factories.office(app().factories.unique('Report Office'));
    await app().db.query('UPDATE offices SET time_zone = $2 WHERE id = $1', [o.id, timeZone]);
    const boss = await app().factories.signedIn('director', [o]);
    const staffer = await app().factories.user({ offices: [o] });
    return { office: { ...o, timeZone }, boss, staffer };
  };

  /** Back-dated rows straight in the database: the report reads history, which the API only ever writes as "now". */
  const rec = async (
    o: Office,
    opts: { reference: string; createdAt: string; policyArea?: string; parent?: Recommendation; owners?: User[]; title?: string; deletedAt?: string },
  ) => {
    const r = await app().factories.recommendation(o, {
      reference: opts.reference,
      title: opts.title ?? `Title of ${opts.reference}`,
      policyArea: opts.policyArea,
      parentId: opts.parent?.id,
      owners: opts.owners,
    });
    await app().db.query('UPDATE recommendations SET created_at = $2, deleted_at = $3 WHERE id = $1', [r.id, opts.createdAt, opts.deletedAt ?? null]);
    return r;
  };
  const change = (r: Recommendation, from: string, to: string, at: string, reason = `To ${to}`) =>
    app().db.query('INSERT INTO status_changes (recommendation_id, from_status, to_status, reason, changed_at) VALUES ($1, $2, $3, $4, $5)', [r.id, from, to, reason, at]);
  const evidence = (r: Recommendation, title: string, occurredOn: string, createdAt: string, kind = 'legislation') =>
    app().db.query('INSERT INTO evidence (recommendation_id, kind, title, occurred_on, created_at) VALUES ($1, $2, $3, $4, $5)', [r.id, kind, title, occurredOn, createdAt]);
  const followUp = async (r: Recommendation, assignee: User, opts: { title: string; dueOn: string; createdAt: string; completedAt?: string }) => {
    const f = await app().factories.followUp(r, assignee, { title: opts.title, dueOn: opts.dueOn, status: opts.completedAt ? 'done' : 'open' });
    await app().db.query('UPDATE follow_ups SET created_at = $2, completed_at = $3 WHERE id = $1', [f.id, opts.createdAt, opts.completedAt ?? null]);
    return f;
  };
  const indicator = async (r: Recommendation, name: string, observations: [string, number][]) => {
    const [{ id }] = (await app().db.query("INSERT INTO indicators (name, unit, better_when) VALUES ($1, 'crossings', 'lower') RETURNING id", [name])) as { id: string }[];
    await app().db.query('INSERT INTO indicator_recommendations (indicator_id, recommendation_id) VALUES ($1, $2)', [id, r.id]);
    for (const [on, value] of observations) await app().db.query('INSERT INTO indicator_observations (indicator_id, observed_on, value) VALUES ($1, $2, $3)', [id, on, value]);
    return id;
  };
  /** The small dataset of the exact-shape tests: a parent with a sub-recommendation, another area, follow-ups, evidence, an indicator. */
  const dataset = async () => {
    const s = await setup();
    const parent = await rec(s.office, { reference: 'A-1', createdAt: '2026-01-01T10:00:00Z', owners: [s.staffer] });
    const child = await rec(s.office, { reference: 'A-1.1', createdAt: '2026-01-02T10:00:00Z', parent });
    const trade = await rec(s.office, { reference: 'B-1', createdAt: '2026-02-01T10:00:00Z', policyArea: 'trade_investment' });
    await change(parent, 'open', 'in_progress', '2026-03-01T12:00:00Z', 'Hearing held');
    await evidence(child, 'Law signed', '2026-03-04', '2026-03-05T09:00:00Z');
    await change(child, 'open', 'implemented', '2026-03-05T12:00:00Z', 'Enacted');
    await change(trade, 'open', 'withdrawn', '2026-03-06T12:00:00Z', 'Overtaken');
    await followUp(parent, s.staffer, { title: 'Ask DHS', dueOn: '2026-03-05', createdAt: '2026-02-01T10:00:00Z' });
    await followUp(parent, s.staffer, { title: 'Write memo', dueOn: '2026-03-10', createdAt: '2026-02-01T10:00:00Z', completedAt: '2026-03-07T15:00:00Z' });
    const indicatorName = app().factories.unique('Crossings');
    const indicatorId = await indicator(parent, indicatorName, [
      ['2026-01-31', 10],
      ['2026-02-28', 8],
      ['2026-03-31', 5],
    ]);
    return { ...s, parent, child, trade, indicatorName, indicatorId };
  };
  return { setup, rec, change, evidence, followUp, indicator, dataset };
}
