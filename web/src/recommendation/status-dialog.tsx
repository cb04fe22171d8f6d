import { useState } from 'preact/hooks';
import { api } from '../api';
import { CLOSED, formatDate, humanize, NEEDS_EVIDENCE, STATUS_LABEL, STATUSES, whyNotTransition } from '../rules';
import { useSession } from '../session';
import type { Evidence, Recommendation, Status } from '../types';
import { ErrorNote, Field, Modal, useAction } from '../ui';

/**
 * Moves a recommendation through its lifecycle. Every status is offered, and the dialog says, before
 * anything is sent, why a move would be refused (the role, missing evidence); the API's own refusal,
 * if it still comes, is shown the same way.
 */
export function StatusDialog({ rec, evidence, onClose, onChanged }: { rec: Recommendation; evidence: Evidence[]; onClose: () => void; onChanged: () => void }) {
  const { user } = useSession();
  const [to, setTo] = useState<Status | null>(null);
  const [reason, setReason] = useState('');
  const [cited, setCited] = useState<string[]>([]);
  const action = useAction();
  const refusal = to ? whyNotTransition(user, rec.status, to, cited.length) : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!to || refusal) return;
    const ok = await action.run(() =>
      api('POST', `/recommendations/${rec.id}/status`, { body: { status: to, reason: reason.trim(), evidenceIds: cited }, version: rec.version }),
    );
    if (ok) onChanged();
  };
  const toggle = (id: string, on: boolean) => setCited((c) => (on ? [...c, id] : c.filter((x) => x !== id)));

  return (
    <Modal title={`Change the status of ${rec.reference}`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} class="status-form">
        <p>
          Now <strong>{STATUS_LABEL[rec.status]}</strong>.
        </p>
        <fieldset>
          <legend>New status</legend>
          {STATUSES.filter((s) => s !== rec.status).map((s) => (
            <label key={s} class="check">
              <input type="radio" name="status" value={s} checked={to === s} onChange={() => setTo(s)} />
              {STATUS_LABEL[s]}
              {CLOSED.includes(s) && <span class="muted"> (closes it)</span>}
              {NEEDS_EVIDENCE.includes(s) && <span class="muted"> (cite evidence)</span>}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Evidence cited</legend>
          {evidence.length === 0 ? (
            <p class="muted">This recommendation has no evidence yet. Add some on its page before marking it (partially) implemented.</p>
          ) : (
            evidence.map((ev) => (
              <label key={ev.id} class="check">
                <input type="checkbox" checked={cited.includes(ev.id)} onChange={(e) => toggle(ev.id, e.currentTarget.checked)} />
                {ev.title} <span class="muted">({humanize(ev.kind)}, {formatDate(ev.occurredOn)})</span>
              </label>
            ))
          )}
        </fieldset>
        <Field label="Reason" hint="Always needed: it stays in the history and the reports.">
          {(id, hint) => <textarea id={id} required maxLength={5000} rows={3} aria-describedby={hint} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
        <div class="explain" role="status" aria-live="polite">
          {refusal && (
            <p class="refusal" data-testid="status-refusal">
              <strong>Not allowed:</strong> {refusal}
            </p>
          )}
        </div>
        <ErrorNote error={action.error} />
        <div class="actions">
          <button type="submit" disabled={!to || !!refusal || !reason.trim() || action.busy}>
            {action.busy ? 'Saving…' : 'Change status'}
          </button>
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
