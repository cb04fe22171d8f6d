import { useState } from 'preact/hooks';
import { api } from '../api';
import { officePeople } from '../data';
import { FOLLOW_UP_LABEL, formatDate, mayUpdateFollowUp, PRIORITIES, PRIORITY_LABEL, shiftDays, today, whyCannotEdit } from '../rules';
import { useSession } from '../session';
import type { FollowUp, FollowUpStatus, Page, Priority, Recommendation } from '../types';
import { type Async, ErrorNote, Field, Guarded, Loading, useAction, useAsync } from '../ui';

/** Start, finish or cancel a follow-up, if this user may (its assignee or creator, or a director). */
export function FollowUpControls({ followUp: f, onChanged }: { followUp: FollowUp; onChanged: () => void }) {
  const { user } = useSession();
  const action = useAction();
  if (f.status === 'done' || f.status === 'cancelled') return null;
  if (!mayUpdateFollowUp(user, f)) return <small class="muted">Only its assignee, its creator or a director can update it</small>;
  const set = async (status: FollowUpStatus) => {
    if (await action.run(() => api('PATCH', `/follow-ups/${f.id}`, { body: { status }, version: f.version }))) onChanged();
  };
  return (
    <span class="row-actions">
      {f.status === 'open' && (
        <button type="button" class="secondary small" disabled={action.busy} onClick={() => void set('in_progress')} aria-label={`Start: ${f.title}`}>
          Start
        </button>
      )}
      <button type="button" class="small" disabled={action.busy} onClick={() => void set('done')} aria-label={`Mark done: ${f.title}`}>
        Mark done
      </button>
      <button type="button" class="secondary small" disabled={action.busy} onClick={() => void set('cancelled')} aria-label={`Cancel follow-up: ${f.title}`}>
        Cancel follow-up
      </button>
      <ErrorNote error={action.error} />
    </span>
  );
}

export function FollowUpLine({ followUp: f }: { followUp: FollowUp }) {
  return (
    <span>
      <strong>{f.title}</strong>{' '}
      <span class="muted">
        for {f.assignee.name} · due {formatDate(f.dueOn)} · {PRIORITY_LABEL[f.priority]} · {FOLLOW_UP_LABEL[f.status]}
      </span>
      {f.overdue && <span class="overdue"> · overdue</span>}
    </span>
  );
}

export function FollowUpSection({ rec, followUps, onChanged }: { rec: Recommendation; followUps: Async<Page<FollowUp>>; onChanged: () => void }) {
  const { user } = useSession();
  const [assigning, setAssigning] = useState(false);
  return (
    <section class="card" aria-labelledby="follow-ups-title">
      <div class="section-head">
        <h2 id="follow-ups-title">Follow-ups</h2>
        {!assigning && (
          <Guarded reason={whyCannotEdit(user)} onClick={() => setAssigning(true)}>
            Assign a follow-up
          </Guarded>
        )}
      </div>
      {assigning && (
        <AssignFollowUp
          rec={rec}
          onDone={(saved) => {
            setAssigning(false);
            if (saved) onChanged();
          }}
        />
      )}
      <ErrorNote error={followUps.error} />
      {!followUps.data ? (
        <Loading what="follow-ups" />
      ) : followUps.data.items.length === 0 ? (
        <p class="muted">No follow-up yet.</p>
      ) : (
        <ul class="items">
          {followUps.data.items.map((f) => (
            <li key={f.id} data-testid="follow-up-item">
              <FollowUpLine followUp={f} />
              {f.details && <p>{f.details}</p>}
              <FollowUpControls followUp={f} onChanged={onChanged} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AssignFollowUp({ rec, onDone }: { rec: Recommendation; onDone: (saved: boolean) => void }) {
  const { user } = useSession();
  const people = useAsync(() => officePeople(user, rec.officeId), [rec.officeId]);
  const [title, setTitle] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [dueOn, setDueOn] = useState(shiftDays(today(), 7));
  const [priority, setPriority] = useState<Priority>('medium');
  const [details, setDetails] = useState('');
  const action = useAction();
  const chosen = assigneeId || rec.owners[0]?.id || people.data?.[0]?.id || '';

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { title: title.trim(), assigneeId: chosen, dueOn, priority, details: details.trim() || undefined };
    if (await action.run(() => api('POST', `/recommendations/${rec.id}/follow-ups`, { body }))) onDone(true);
  };
  return (
    <form class="sub-form" onSubmit={(e) => void submit(e)} aria-label="Assign a follow-up">
      <Field label="Task">{(id) => <input id={id} required maxLength={500} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}</Field>
      <Field label="Assignee" hint="An active member of the office who is not a viewer. The list shows the people this office's records name.">
        {(id, hint) => (
          <select id={id} required aria-describedby={hint} value={chosen} onChange={(e) => setAssigneeId(e.currentTarget.value)}>
            {people.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.id === user.id ? ' (me)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Due on">{(id) => <input id={id} type="date" required value={dueOn} onInput={(e) => setDueOn(e.currentTarget.value)} />}</Field>
      <Field label="Priority">
        {(id) => (
          <select id={id} value={priority} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Details (optional)">{(id) => <textarea id={id} rows={2} value={details} onInput={(e) => setDetails(e.currentTarget.value)} />}</Field>
      <ErrorNote error={action.error ?? people.error} />
      <div class="actions">
        <button type="submit" disabled={action.busy || !chosen}>
          {action.busy ? 'Assigning…' : 'Assign'}
        </button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
