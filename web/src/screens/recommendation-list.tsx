import { useEffect, useState } from 'preact/hooks';
import { download, get, queryString, type Query } from '../api';
import { areaName, offices, policyAreas } from '../data';
import { useTitle } from '../layout';
import { atLeast, formatDate, PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, STATUSES, whyCannotEdit } from '../rules';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { Page, Recommendation } from '../types';
import { ErrorNote, Field, Guarded, Loading, Pager, StatusBadge, useAction, useAsync } from '../ui';
import { SavedViews } from './saved-views';

/** The list's filters live in the address, so Back, reload, bookmarks and saved views all work. */
// addressee, tag, parentId and updatedSince have no control here, but a saved view made through the
// API may carry them, and they apply.
const FILTERS = ['q', 'status', 'policyArea', 'priority', 'ownerId', 'officeId', 'sort', 'addressee', 'tag', 'parentId', 'updatedSince'] as const;

export function filtersOf(query: URLSearchParams): Query {
  const f: Query = {};
  for (const key of FILTERS) {
    const values = query.getAll(key).filter(Boolean);
    if (values.length) f[key] = key === 'status' ? values : values[0];
  }
  return f;
}

const WIDE = typeof matchMedia === 'function' && matchMedia('(min-width: 721px)').matches;

const SORTS: [string, string][] = [
  ['reference', 'Reference'],
  ['-updatedAt', 'Recently updated'],
  ['-statusChangedAt', 'Recent status change'],
  ['priority', 'Priority, high first'],
  ['status', 'Status'],
  ['targetDate', 'Target date'],
  ['title', 'Title'],
];

export function RecommendationList({ query }: { query: URLSearchParams }) {
  useTitle('Recommendations');
  const { user } = useSession();
  const filters = filtersOf(query);
  const page = Math.max(1, Number(query.get('page')) || 1);
  const key = queryString({ ...filters, page });
  const list = useAsync(() => get<Page<Recommendation>>('/recommendations', { ...filters, page, pageSize: 25 }), [key]);
  const areas = useAsync(policyAreas, []);
  const officeList = useAsync(offices, []);
  const [q, setQ] = useState(String(filters.q ?? ''));
  useEffect(() => setQ(String(filters.q ?? '')), [filters.q]);
  const exporting = useAction();

  const go = (changes: Query, keepPage = false) => {
    // A changed filter starts again at page 1, and the saved view it came from no longer describes it.
    const next = { ...filters, view: keepPage ? query.get('view') : undefined, ...changes };
    navigate(`/recommendations${queryString(next)}`);
  };
  const statuses = (filters.status as string[] | undefined) ?? [];
  const toggleStatus = (s: string, on: boolean) => go({ status: on ? [...statuses, s] : statuses.filter((x) => x !== s) });
  const exportOffice = String(filters.officeId ?? (officeList.data?.length === 1 ? officeList.data[0].id : ''));

  return (
    <>
      <div class="page-head">
        <h1>Recommendations</h1>
        {atLeast(user, 'staffer') ? (
          <Link class="button" href="/recommendations/new">
            New recommendation
          </Link>
        ) : (
          <Guarded reason={whyCannotEdit(user)}>New recommendation</Guarded>
        )}
      </div>
      <SavedViews filters={filters} activeId={query.get('view')} />
      <form
        class="filters card"
        role="search"
        aria-label="Filter recommendations"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: q.trim() || undefined });
        }}
      >
        <Field label="Search" hint="Words of the reference, title or text">
          {(id, hint) => <input id={id} type="search" value={q} aria-describedby={hint} onInput={(e) => setQ(e.currentTarget.value)} />}
        </Field>
        <button type="submit">Search</button>
        {/* Folded on a phone, so the list shows without scrolling past every filter. */}
        <details class="more-filters" open={WIDE}>
          <summary>Filters and order</summary>
          <div class="filters">
            <fieldset class="statuses">
              <legend>Status</legend>
              {STATUSES.map((s) => (
                <label key={s} class="check">
                  <input type="checkbox" checked={statuses.includes(s)} onChange={(e) => toggleStatus(s, e.currentTarget.checked)} />
                  {STATUS_LABEL[s]}
                </label>
              ))}
            </fieldset>
            <Field label="Policy area">
              {(id) => (
                <select id={id} value={String(filters.policyArea ?? '')} onChange={(e) => go({ policyArea: e.currentTarget.value })}>
                  <option value="">Any</option>
                  {areas.data?.map((a) => (
                    <option key={a.code} value={a.code}>
                      {a.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Priority">
              {(id) => (
                <select id={id} value={String(filters.priority ?? '')} onChange={(e) => go({ priority: e.currentTarget.value })}>
                  <option value="">Any</option>
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {PRIORITY_LABEL[p]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {officeList.data && officeList.data.length > 1 && (
              <Field label="Office">
                {(id) => (
                  <select id={id} value={String(filters.officeId ?? '')} onChange={(e) => go({ officeId: e.currentTarget.value })}>
                    <option value="">All my offices</option>
                    {officeList.data?.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <Field label="Sort by">
              {(id) => (
                <select id={id} value={String(filters.sort ?? (filters.q ? '' : 'reference'))} onChange={(e) => go({ sort: e.currentTarget.value })}>
                  {filters.q && <option value="">Relevance</option>}
                  {SORTS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <label class="check">
              <input type="checkbox" checked={filters.ownerId === 'me'} onChange={(e) => go({ ownerId: e.currentTarget.checked ? 'me' : undefined })} />
              Only mine (I own it)
            </label>
          </div>
        </details>
      </form>
      <ErrorNote error={list.error} />
      <ErrorNote error={exporting.error} />
      {!list.data ? (
        <Loading what="recommendations" />
      ) : (
        <ResultTable list={list.data} areaLabel={(c) => areaName(areas.data, c)} busy={list.loading} />
      )}
      {list.data && (
        <div class="row-actions">
          <Pager label="Recommendation list" page={list.data.page} pageSize={25} total={list.data.total} onPage={(p) => go({ page: p }, true)} />
          {exportOffice && (
            <button
              type="button"
              class="secondary"
              disabled={exporting.busy}
              onClick={() => void exporting.run(() => download('/recommendations/export.csv', { ...filters, officeId: exportOffice }, 'recommendations.csv'))}
            >
              Export CSV
            </button>
          )}
        </div>
      )}
    </>
  );
}

function ResultTable({ list, areaLabel, busy }: { list: Page<Recommendation>; areaLabel: (code: string) => string; busy: boolean }) {
  if (list.items.length === 0) return <p role="status">No recommendation matches these filters.</p>;
  return (
    <div class="table-wrap">
      <table class="stack" aria-busy={busy}>
        <caption class="visually-hidden">Recommendations, page {list.page}</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Policy area</th>
            <th scope="col">Owners</th>
            <th scope="col">Follow-ups</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((r) => (
            <tr key={r.id} data-testid="recommendation-row">
              <td data-label="Reference" class="nowrap">
                <Link href={`/recommendations/${r.id}`}>{r.reference}</Link>
              </td>
              <td data-label="Title">{r.title}</td>
              <td data-label="Status">
                <StatusBadge status={r.status} />
              </td>
              <td data-label="Priority">{PRIORITY_LABEL[r.priority]}</td>
              <td data-label="Policy area">{areaLabel(r.policyArea)}</td>
              <td data-label="Owners">{r.owners.map((o) => o.name).join(', ') || '—'}</td>
              <td data-label="Follow-ups">
                {r.openFollowUpCount} open{r.overdueFollowUpCount > 0 && <span class="overdue">, {r.overdueFollowUpCount} overdue</span>}
              </td>
              <td data-label="Updated">{formatDate(r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
