import { useRef, useState } from 'preact/hooks';
import { api, download } from '../api';
import { EVIDENCE_KINDS, formatBytes, formatDate, humanize, today, whyCannotDelete, whyCannotEdit } from '../rules';
import { useSession } from '../session';
import type { Evidence, Page, Recommendation } from '../types';
import { type Async, ErrorNote, Field, Guarded, Loading, messageOf, useAction } from '../ui';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt,.csv,application/pdf,image/png,image/jpeg,text/plain,text/csv';

function upload(evidenceId: string, file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<Evidence>('PUT', `/evidence/${evidenceId}/attachment`, { body: form });
}

export function EvidenceSection({ rec, evidence, onChanged }: { rec: Recommendation; evidence: Async<Page<Evidence>>; onChanged: () => void }) {
  const { user } = useSession();
  const action = useAction();
  const [adding, setAdding] = useState(false);
  const cannotEdit = whyCannotEdit(user);

  const remove = async (ev: Evidence) => {
    if (confirm(`Delete the evidence “${ev.title}”? It can no longer be cited.`) && (await action.run(() => api('DELETE', `/evidence/${ev.id}`)))) onChanged();
  };
  const replaceFile = async (ev: Evidence, file: File | undefined) => {
    if (file && (await action.run(() => upload(ev.id, file)))) onChanged();
  };

  return (
    <section class="card" aria-labelledby="evidence-title">
      <div class="section-head">
        <h2 id="evidence-title">Evidence ({rec.evidenceCount})</h2>
        {!adding && (
          <Guarded reason={cannotEdit} onClick={() => setAdding(true)}>
            Add evidence
          </Guarded>
        )}
      </div>
      {adding && (
        <AddEvidence
          rec={rec}
          onDone={(saved, problem) => {
            setAdding(false);
            if (problem) void action.run(() => Promise.reject(problem));
            if (saved) onChanged();
          }}
        />
      )}
      <ErrorNote error={action.error ?? evidence.error} />
      {!evidence.data ? (
        <Loading what="evidence" />
      ) : evidence.data.items.length === 0 ? (
        <p class="muted">No evidence yet.</p>
      ) : (
        <ul class="items">
          {evidence.data.items.map((ev) => (
            <li key={ev.id} data-testid="evidence-item">
              <p>
                <strong>{ev.url ? <a href={ev.url}>{ev.title}</a> : ev.title}</strong>{' '}
                <span class="muted">
                  {humanize(ev.kind)} · {formatDate(ev.occurredOn)} · added by {ev.createdBy?.name ?? 'the seed'}
                </span>
              </p>
              {ev.summary && <p>{ev.summary}</p>}
              {ev.attachment && (
                <p class="attachment">
                  <button type="button" class="link" onClick={() => void action.run(() => download(`/evidence/${ev.id}/attachment`, {}, ev.attachment!.filename))}>
                    Download {ev.attachment.filename}
                  </button>{' '}
                  <span class="muted">
                    {formatBytes(ev.attachment.size)} · SHA-256 <code title={ev.attachment.sha256}>{ev.attachment.sha256.slice(0, 12)}…</code>
                  </span>
                </p>
              )}
              <div class="row-actions">
                {!cannotEdit && (
                  <label class="file-button">
                    {ev.attachment ? 'Replace the file' : 'Attach a file'}
                    <input type="file" accept={ACCEPT} class="visually-hidden" onChange={(e) => void replaceFile(ev, e.currentTarget.files?.[0])} aria-label={`${ev.attachment ? 'Replace the file of' : 'Attach a file to'} ${ev.title}`} />
                  </label>
                )}
                <Guarded reason={whyCannotDelete(user)} class="danger small" onClick={() => void remove(ev)} aria-label={`Delete evidence: ${ev.title}`}>
                  Delete
                </Guarded>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AddEvidence({ rec, onDone }: { rec: Recommendation; onDone: (saved: boolean, problem?: Error | null) => void }) {
  const [kind, setKind] = useState('report');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [occurredOn, setOccurredOn] = useState(today());
  const [url, setUrl] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    let refused: unknown = null;
    const ok = await action.run(async () => {
      const created = await api<Evidence>('POST', `/recommendations/${rec.id}/evidence`, {
        body: { kind, title: title.trim(), summary: summary.trim() || undefined, occurredOn, url: url.trim() || undefined },
      });
      const chosen = file.current?.files?.[0];
      // The evidence stands without its file: say so rather than offer to save it twice.
      if (chosen) await upload(created.id, chosen).catch((err: unknown) => (refused = err));
    });
    if (ok) onDone(true, refused ? new Error(`The evidence is saved, but its file was refused: ${messageOf(refused)}`) : null);
  };

  return (
    <form class="sub-form" onSubmit={(e) => void submit(e)} aria-label="Add evidence">
      <Field label="Kind">
        {(id) => (
          <select id={id} value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {EVIDENCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Title">{(id) => <input id={id} required maxLength={500} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}</Field>
      <Field label="Date it happened">{(id) => <input id={id} type="date" required max={today()} value={occurredOn} onInput={(e) => setOccurredOn(e.currentTarget.value)} />}</Field>
      <Field label="Summary">{(id) => <textarea id={id} rows={3} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />}</Field>
      <Field label="Link (optional)">{(id) => <input id={id} type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />}</Field>
      <Field label="File (optional)" hint="PDF, PNG, JPEG, DOCX, XLSX, text or CSV; at most 10 MiB">
        {(id, hint) => <input id={id} ref={file} type="file" accept={ACCEPT} aria-describedby={hint} />}
      </Field>
      <ErrorNote error={action.error} />
      <div class="actions">
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Saving…' : 'Save evidence'}
        </button>
        <button type="button" class="secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
