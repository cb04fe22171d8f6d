import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDate, formatDateTime, humanize, STATUS_LABEL, whyCannotEdit } from '../rules';
import { useSession } from '../session';
import type { Comment, Evidence, FollowUp, HistoryEntry, Recommendation, Status } from '../types';
import { ErrorNote, Field, Guarded, Loading, useAction } from '../ui';

interface TimelineEvent {
  key: string;
  at: string;
  who: string;
  kind: 'status' | 'edit' | 'evidence' | 'comment' | 'follow-up';
  body: ComponentChildren;
}

const label = (s: unknown) => STATUS_LABEL[s as Status] ?? String(s);

/** Status changes, edits, evidence, comments and follow-ups of one recommendation, newest first. */
function eventsOf(history: HistoryEntry[], evidence: Evidence[], comments: Comment[], followUps: FollowUp[]): TimelineEvent[] {
  const titleOf = new Map(evidence.map((e) => [e.id, e.title]));
  const events: TimelineEvent[] = [];
  history.forEach((h, i) => {
    const who = h.actor?.name ?? 'Loaded with the brief';
    if (h.type === 'status') {
      const cited = (h.evidenceIds ?? []).map((id) => titleOf.get(id) ?? 'evidence since deleted');
      events.push({
        key: `h${i}`,
        at: h.at,
        who,
        kind: 'status',
        body: (
          <>
            <p>
              Status {h.from ? `${label(h.from)} → ` : ''}
              <strong>{label(h.to)}</strong>
            </p>
            {h.reason && <p class="quote">{h.reason}</p>}
            {cited.length > 0 && <p class="muted">Citing: {cited.join('; ')}</p>}
          </>
        ),
      });
    } else {
      events.push({ key: `h${i}`, at: h.at, who, kind: 'edit', body: <p>Edited {(h.changes ?? []).map(humanize).join(', ').toLowerCase()}</p> });
    }
  });
  for (const e of evidence) {
    events.push({
      key: `e${e.id}`,
      at: e.createdAt,
      who: e.createdBy?.name ?? 'Loaded with the brief',
      kind: 'evidence',
      body: (
        <p>
          Evidence added: <strong>{e.title}</strong>{' '}
          <span class="muted">
            ({humanize(e.kind)}, {formatDate(e.occurredOn)}){e.attachment ? `, file ${e.attachment.filename}` : ''}
          </span>
        </p>
      ),
    });
  }
  for (const c of comments) events.push({ key: `c${c.id}`, at: c.createdAt, who: c.createdBy.name, kind: 'comment', body: <p class="comment-body">{c.body}</p> });
  for (const f of followUps) {
    events.push({
      key: `f${f.id}`,
      at: f.createdAt,
      who: f.assignedBy.name,
      kind: 'follow-up',
      body: (
        <p>
          Follow-up for {f.assignee.name}: <strong>{f.title}</strong> <span class="muted">(due {formatDate(f.dueOn)})</span>
        </p>
      ),
    });
    if (f.completedAt) {
      events.push({ key: `fd${f.id}`, at: f.completedAt, who: f.assignee.name, kind: 'follow-up', body: <p>Follow-up done: {f.title}</p> });
    }
  }
  return events.sort((a, b) => b.at.localeCompare(a.at));
}

const KIND_LABEL: Record<TimelineEvent['kind'], string> = { status: 'Status', edit: 'Edit', evidence: 'Evidence', comment: 'Comment', 'follow-up': 'Follow-up' };

export function Timeline(props: {
  rec: Recommendation;
  history?: HistoryEntry[];
  evidence?: Evidence[];
  comments?: Comment[];
  followUps?: FollowUp[];
  error: unknown;
  onChanged: () => void;
}) {
  const { history, evidence, comments, followUps } = props;
  const ready = history && evidence && comments && followUps;
  return (
    <section class="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <CommentForm rec={props.rec} onChanged={props.onChanged} />
      <ErrorNote error={props.error} />
      {!ready ? (
        <Loading what="the timeline" />
      ) : (
        <ol class="events">
          {eventsOf(history, evidence, comments, followUps).map((e) => (
            <li key={e.key} class={`event event-${e.kind}`} data-testid="timeline-event">
              <p class="event-head">
                <span class="event-kind">{KIND_LABEL[e.kind]}</span> <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.who}
              </p>
              {e.body}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function CommentForm({ rec, onChanged }: { rec: Recommendation; onChanged: () => void }) {
  const { user } = useSession();
  const [body, setBody] = useState('');
  const action = useAction();
  const reason = whyCannotEdit(user);
  if (reason) return <Guarded reason={reason}>Comment</Guarded>;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (await action.run(() => api('POST', `/recommendations/${rec.id}/comments`, { body: { body: body.trim() } }))) {
      setBody('');
      onChanged();
    }
  };
  return (
    <form class="sub-form" onSubmit={(e) => void submit(e)}>
      <Field label="Comment">{(id) => <textarea id={id} required rows={2} value={body} onInput={(e) => setBody(e.currentTarget.value)} />}</Field>
      <ErrorNote error={action.error} />
      <button type="submit" disabled={action.busy || !body.trim()}>
        Add comment
      </button>
    </form>
  );
}
