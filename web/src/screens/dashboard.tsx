import { useState } from 'preact/hooks';
import { get } from '../api';
import { areaName, offices, policyAreas } from '../data';
import { useTitle } from '../layout';
import { atLeast, formatDate, STATUS_LABEL, STATUSES } from '../rules';
import { Link } from '../router';
import { useSession } from '../session';
import type { FollowUp, Indicator, OversightReport, Page } from '../types';
import { ErrorNote, Loading, StatusBadge, useAsync } from '../ui';
import { OfficePicker } from './office-picker';

export function Dashboard() {
  useTitle('Dashboard');
  const { user } = useSession();
  const isAdmin = atLeast(user, 'admin');
  const [officeId, setOfficeId] = useState(isAdmin ? '' : (user.offices[0]?.id ?? ''));
  const officeList = useAsync(offices, []);
  const areas = useAsync(policyAreas, []);
  const report = useAsync(() => get<OversightReport>('/reports/oversight-status', { officeId: officeId || undefined }), [officeId]);
  const mine = useAsync(
    () => get<Page<FollowUp>>('/follow-ups', { assigneeId: 'me', status: ['open', 'in_progress'], sort: 'dueOn', pageSize: 10 }),
    [],
  );
  const indicators = useAsync(() => get<Page<Indicator>>('/indicators', { sort: 'name', pageSize: 12 }), []);
  const summary = report.data?.summary;
  const stale = report.data?.recommendations.filter((r) => r.stale).slice(0, 8) ?? [];

  return (
    <>
      <div class="page-head">
        <h1>Dashboard</h1>
        <OfficePicker offices={officeList.data} value={officeId} onChange={setOfficeId} allowAll={isAdmin} />
      </div>
      <div class="grid">
        <section class="card" aria-labelledby="by-status">
          <h2 id="by-status">Recommendations by status</h2>
          <ErrorNote error={report.error} />
          {!summary ? (
            <Loading what="counts" />
          ) : (
            <ul class="counts">
              {STATUSES.map((s) => (
                <li key={s}>
                  <Link href={`/recommendations?status=${s}${officeId ? `&officeId=${officeId}` : ''}`}>
                    <strong>{summary.byStatus[s]}</strong> {STATUS_LABEL[s]}
                  </Link>
                </li>
              ))}
              <li>
                <strong>{Math.round(summary.implementedShare * 100)}%</strong> implemented of {summary.total}
              </li>
            </ul>
          )}
        </section>
        <section class="card" aria-labelledby="my-follow-ups">
          <h2 id="my-follow-ups">My follow-ups due</h2>
          <ErrorNote error={mine.error} />
          {!mine.data ? (
            <Loading what="follow-ups" />
          ) : mine.data.items.length === 0 ? (
            <p class="muted">Nothing assigned to you is open.</p>
          ) : (
            <ul class="plain">
              {mine.data.items.map((f) => (
                <li key={f.id}>
                  <Link href={`/recommendations/${f.recommendationId}`}>{f.title}</Link>{' '}
                  <span class={f.overdue ? 'overdue' : 'muted'}>
                    {f.overdue ? 'Overdue since' : 'Due'} {formatDate(f.dueOn)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link href="/follow-ups">All my follow-ups</Link>
          </p>
        </section>
      </div>
      <section class="card" aria-labelledby="by-area">
        <h2 id="by-area">By policy area</h2>
        {summary && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Recommendations by policy area and status</caption>
              <thead>
                <tr>
                  <th scope="col">Policy area</th>
                  {STATUSES.map((s) => (
                    <th scope="col" key={s} class="num">
                      {STATUS_LABEL[s]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Object.entries(summary.byPolicyArea).map(([code, counts]) => (
                  <tr key={code}>
                    <th scope="row">{areaName(areas.data, code)}</th>
                    {STATUSES.map((s) => (
                      <td key={s} class="num">
                        {counts[s]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div class="grid">
        <section class="card" aria-labelledby="stale">
          <h2 id="stale">Stale items {summary && <span class="muted">({summary.stale})</span>}</h2>
          <p class="muted">No creation, status change or evidence in the last 90 days.</p>
          {summary && stale.length === 0 && <p>None: everything has moved recently.</p>}
          <ul class="plain">
            {stale.map((r) => (
              <li key={r.id}>
                <Link href={`/recommendations/${r.id}`}>
                  {r.reference} {r.title}
                </Link>{' '}
                <StatusBadge status={r.status} /> <span class="muted">{r.daysInStatus} days in status</span>
              </li>
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="indicators">
          <h2 id="indicators">Indicators</h2>
          <ErrorNote error={indicators.error} />
          {indicators.data?.items.length === 0 && <p class="muted">No indicator is tracked yet.</p>}
          {indicators.data && (
            <ul class="plain">
              {indicators.data.items.map((i) => (
                <li key={i.id}>
                  <span>{i.name}</span>:{' '}
                  <strong>{i.latest ? `${i.latest.value.toLocaleString('en-US')} ${i.unit}` : 'no observation yet'}</strong>
                  {i.latest && <span class="muted"> ({formatDate(i.latest.observedOn)})</span>} <Trend trend={i.trend} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function Trend({ trend }: { trend: Indicator['trend'] }) {
  if (!trend) return <span class="muted">· one observation, no trend yet</span>;
  const mark = { improving: '▲', worsening: '▼', flat: '▶' }[trend];
  return (
    <span class={`trend trend-${trend}`}>
      <span aria-hidden="true">{mark}</span> {trend}
    </span>
  );
}
