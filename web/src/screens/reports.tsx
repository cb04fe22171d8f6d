import { useState } from 'preact/hooks';
import { api, download, get, request } from '../api';
import { offices, policyAreas } from '../data';
import { useTitle } from '../layout';
import { atLeast, formatBytes, formatDateTime, shiftDays, today } from '../rules';
import { useSession } from '../session';
import type { Page, SavedReport } from '../types';
import { ErrorNote, Field, Guarded, Loading, useAction, useAsync } from '../ui';
import { OfficePicker } from './office-picker';

const FORMATS: [string, string][] = [
  ['pdf', 'PDF'],
  ['html', 'HTML (printable)'],
  ['csv', 'CSV'],
  ['md', 'Markdown'],
  ['json', 'JSON'],
];

/** The oversight status report: choose its scope and dates, preview it, download it, save it as sent. */
export function Reports() {
  useTitle('Reports');
  const { user } = useSession();
  const isAdmin = atLeast(user, 'admin');
  const officeList = useAsync(offices, []);
  const areas = useAsync(policyAreas, []);
  const [officeId, setOfficeId] = useState(isAdmin ? '' : (user.offices[0]?.id ?? ''));
  const [policyArea, setPolicyArea] = useState('');
  const [asOf, setAsOf] = useState(today());
  const [since, setSince] = useState(shiftDays(today(), -7));
  const [preview, setPreview] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [saveFormat, setSaveFormat] = useState('pdf');
  const [tick, setTick] = useState(0);
  const action = useAction();
  const params = { officeId: officeId || undefined, policyArea: policyArea || undefined, asOf, since };
  const saved = useAsync(() => get<Page<SavedReport>>('/reports/saved', { officeId: officeId || undefined, pageSize: 10 }), [officeId, tick]);

  const showPreview = () =>
    action.run(async () => {
      const res = await request('GET', '/reports/oversight-status', { query: { ...params, format: 'html' } });
      setPreview(await res.text());
    });
  const save = async (e: Event) => {
    e.preventDefault();
    if (await action.run(() => api('POST', '/reports/saved', { body: { ...params, format: saveFormat, title: title.trim() || undefined } }))) {
      setTitle('');
      setTick((t) => t + 1);
    }
  };

  return (
    <>
      <h1>Oversight status report</h1>
      <form
        class="card filters"
        aria-label="Report parameters"
        onSubmit={(e) => {
          e.preventDefault();
          void showPreview();
        }}
      >
        <OfficePicker offices={officeList.data} value={officeId} onChange={setOfficeId} allowAll={isAdmin} />
        <Field label="Policy area">
          {(id) => (
            <select id={id} value={policyArea} onChange={(e) => setPolicyArea(e.currentTarget.value)}>
              <option value="">All areas</option>
              {areas.data?.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="As of">{(id) => <input id={id} type="date" required value={asOf} onInput={(e) => setAsOf(e.currentTarget.value)} />}</Field>
        <Field label="Changes since">{(id) => <input id={id} type="date" required max={asOf} value={since} onInput={(e) => setSince(e.currentTarget.value)} />}</Field>
        <button type="submit" disabled={action.busy}>
          Preview
        </button>
      </form>
      <section class="card" aria-labelledby="downloads">
        <h2 id="downloads">Download</h2>
        <div class="row-actions">
          {FORMATS.map(([format, label]) => (
            <button key={format} type="button" class="secondary" disabled={action.busy} onClick={() => void action.run(() => download('/reports/oversight-status', { ...params, format }, `oversight-status-${asOf}.${format}`))}>
              {label}
            </button>
          ))}
        </div>
      </section>
      <ErrorNote error={action.error} />
      {preview !== null && (
        <section class="card" aria-labelledby="preview">
          <h2 id="preview">Preview</h2>
          <iframe class="report-preview" title="Report preview" sandbox="" srcDoc={preview} />
        </section>
      )}
      <section class="card" aria-labelledby="saved">
        <h2 id="saved">Saved reports</h2>
        <p class="muted">A saved report is kept exactly as it was made, with its SHA-256, and never changes.</p>
        {atLeast(user, 'staffer') ? (
          <form class="inline-form" onSubmit={(e) => void save(e)}>
            <Field label="Title (optional)" class="inline">
              {(id) => <input id={id} maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
            </Field>
            <Field label="Format" class="inline">
              {(id) => (
                <select id={id} value={saveFormat} onChange={(e) => setSaveFormat(e.currentTarget.value)}>
                  {FORMATS.map(([f, label]) => (
                    <option key={f} value={f}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" disabled={action.busy}>
              Save this report
            </button>
          </form>
        ) : (
          <Guarded reason="Viewers can read reports but not save them">Save this report</Guarded>
        )}
        <ErrorNote error={saved.error} />
        {!saved.data ? (
          <Loading what="saved reports" />
        ) : saved.data.items.length === 0 ? (
          <p class="muted">None saved yet.</p>
        ) : (
          <ul class="items">
            {saved.data.items.map((s) => (
              <li key={s.id}>
                <button type="button" class="link" onClick={() => void action.run(() => download(`/reports/saved/${s.id}/content`, {}, s.filename))}>
                  {s.title}
                </button>{' '}
                <span class="muted">
                  {s.format.toUpperCase()} · {formatBytes(s.byteSize)} · {s.office?.name ?? 'All offices'} · saved by {s.createdBy.name}, {formatDateTime(s.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
