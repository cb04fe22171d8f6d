import { useState } from 'preact/hooks';
import { api, get } from '../api';
import { forget } from '../data';
import { useTitle } from '../layout';
import type { Office, Page } from '../types';
import { ErrorNote, Field, Loading, Modal, useAction, useAsync } from '../ui';

const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'UTC'];
  }
})();

/** Admins: every office, adding one, renaming it or changing its time zone (which decides "overdue"). */
export function AdminOffices() {
  useTitle('Offices');
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<Office | 'new' | null>(null);
  const list = useAsync(() => get<Page<Office>>('/offices', { pageSize: 100, sort: 'name' }), [tick]);
  return (
    <>
      <div class="page-head">
        <h1>Offices</h1>
        <button type="button" onClick={() => setEditing('new')}>
          Add an office
        </button>
      </div>
      <ErrorNote error={list.error} />
      {!list.data ? (
        <Loading what="offices" />
      ) : (
        <div class="table-wrap card">
          <table class="stack">
            <caption class="visually-hidden">Offices</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Time zone</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((o) => (
                <tr key={o.id}>
                  <td data-label="Name">{o.name}</td>
                  <td data-label="Time zone">{o.timeZone}</td>
                  <td>
                    <button type="button" class="secondary small" onClick={() => setEditing(o)} aria-label={`Edit ${o.name}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <OfficeDialog
          office={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            forget('offices');
            setTick((t) => t + 1);
          }}
        />
      )}
    </>
  );
}

function OfficeDialog({ office, onClose, onSaved }: { office: Office | null; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(office?.name ?? '');
  const [timeZone, setTimeZone] = useState(office?.timeZone ?? 'America/New_York');
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { name: name.trim(), timeZone };
    if (await action.run(() => (office ? api('PATCH', `/offices/${office.id}`, { body }) : api('POST', '/offices', { body })))) onSaved();
  };
  return (
    <Modal title={office ? `Edit ${office.name}` : 'Add an office'} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <Field label="Name">{(id) => <input id={id} required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />}</Field>
        <Field label="Time zone" hint="Follow-ups are overdue after the due date ends in this time zone">
          {(id, hint) => (
            <>
              <input id={id} required list={`${id}-zones`} aria-describedby={hint} value={timeZone} onInput={(e) => setTimeZone(e.currentTarget.value)} />
              <datalist id={`${id}-zones`}>
                {TIME_ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <ErrorNote error={action.error} />
        <div class="actions">
          <button type="submit" disabled={action.busy}>
            {office ? 'Save changes' : 'Add office'}
          </button>
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
