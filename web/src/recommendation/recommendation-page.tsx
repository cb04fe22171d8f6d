import { useState } from 'preact/hooks';
import { api, get } from '../api';
import { areaName, offices, policyAreas, sources } from '../data';
import { useTitle } from '../layout';
import { formatDate, PRIORITY_LABEL, whyCannotDelete, whyCannotEdit } from '../rules';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { Comment, Evidence, FollowUp, HistoryEntry, Page, Recommendation } from '../types';
import { ErrorNote, Guarded, Loading, StatusBadge, useAction, useAsync } from '../ui';
import { EvidenceSection } from './evidence-section';
import { FollowUpSection } from './follow-up-section';
import { StatusDialog } from './status-dialog';
import { Timeline } from './timeline';

/** Everything about one recommendation, and every change a role may make to it. */
export function RecommendationPage({ id }: { id: string }) {
  const { user } = useSession();
  // Bumped after every change, so each part reloads what the change touched (history, counts, version).
  const [tick, setTick] = useState(0);
  const changed = () => setTick((t) => t + 1);
  const rec = useAsync(() => get<Recommendation>(`/recommendations/${id}`), [id, tick]);
  const evidence = useAsync(() => get<Page<Evidence>>(`/recommendations/${id}/evidence`, { pageSize: 100 }), [id, tick]);
  const history = useAsync(() => get<HistoryEntry[]>(`/recommendations/${id}/history`), [id, tick]);
  const comments = useAsync(() => get<Page<Comment>>(`/recommendations/${id}/comments`, { pageSize: 100 }), [id, tick]);
  const followUps = useAsync(() => get<Page<FollowUp>>('/follow-ups', { recommendationId: id, pageSize: 100, sort: 'dueOn' }), [id, tick]);
  const areas = useAsync(policyAreas, []);
  const sourceList = useAsync(sources, []);
  const officeList = useAsync(offices, []);
  const [statusOpen, setStatusOpen] = useState(false);
  const deleting = useAction();
  const r = rec.data;
  useTitle(r ? `${r.reference} ${r.title}` : 'Recommendation');

  if (!r) return rec.error ? <ErrorNote error={rec.error} /> : <Loading what="the recommendation" />;
  const source = sourceList.data?.find((s) => s.id === r.sourceId);
  const office = officeList.data?.find((o) => o.id === r.officeId);
  const remove = async () => {
    if (!confirm(`Delete ${r.reference}? It leaves every list; the audit log keeps it.`)) return;
    if (await deleting.run(() => api('DELETE', `/recommendations/${r.id}`))) navigate('/recommendations');
  };

  return (
    <>
      <p class="crumbs">
        <Link href="/recommendations">Recommendations</Link> › {r.reference}
      </p>
      <div class="page-head">
        <h1>
          <span class="ref">{r.reference}</span> {r.title}
        </h1>
        <StatusBadge status={r.status} />
      </div>
      <div class="actions">
        <Guarded reason={whyCannotEdit(user)} onClick={() => setStatusOpen(true)}>
          Change status
        </Guarded>
        {whyCannotEdit(user) ? (
          <Guarded reason={whyCannotEdit(user)}>Edit</Guarded>
        ) : (
          <Link class="button secondary" href={`/recommendations/${r.id}/edit`}>
            Edit
          </Link>
        )}
        <Guarded reason={whyCannotDelete(user)} class="danger" onClick={() => void remove()} disabled={deleting.busy}>
          Delete
        </Guarded>
      </div>
      <ErrorNote error={deleting.error} />
      {statusOpen && (
        <StatusDialog
          rec={r}
          evidence={evidence.data?.items ?? []}
          onClose={() => setStatusOpen(false)}
          onChanged={() => {
            setStatusOpen(false);
            changed();
          }}
        />
      )}
      <div class="columns">
        <div>
          <section class="card" aria-labelledby="text-title">
            <h2 id="text-title">Text as written</h2>
            <p class="rec-text">{r.text}</p>
            <dl class="facts">
              <dt>Source</dt>
              <dd>
                {source ? source.url ? <a href={source.url}>{source.title}</a> : source.title : r.sourceId ? '…' : 'None given'}
                {r.sourceLocator && <span class="muted"> · {r.sourceLocator}</span>}
              </dd>
              <dt>Office</dt>
              <dd>{office?.name ?? '…'}</dd>
              <dt>Policy area</dt>
              <dd>{areaName(areas.data, r.policyArea)}</dd>
              <dt>Priority</dt>
              <dd>{PRIORITY_LABEL[r.priority]}</dd>
              <dt>Owners</dt>
              <dd>{r.owners.map((o) => o.name).join(', ') || 'Nobody yet'}</dd>
              <dt>Addressees</dt>
              <dd>{r.addressees.join(', ') || '—'}</dd>
              <dt>Target date</dt>
              <dd>{formatDate(r.targetDate)}</dd>
              <dt>Tags</dt>
              <dd>{r.tags.join(', ') || '—'}</dd>
              {r.parentId && (
                <>
                  <dt>Part of</dt>
                  <dd>
                    <Link href={`/recommendations/${r.parentId}`}>the parent recommendation</Link>
                  </dd>
                </>
              )}
            </dl>
          </section>
          <EvidenceSection rec={r} evidence={evidence} onChanged={changed} />
          <FollowUpSection rec={r} followUps={followUps} onChanged={changed} />
        </div>
        <Timeline
          rec={r}
          history={history.data}
          evidence={evidence.data?.items}
          comments={comments.data?.items}
          followUps={followUps.data?.items}
          error={history.error ?? comments.error}
          onChanged={changed}
        />
      </div>
    </>
  );
}
