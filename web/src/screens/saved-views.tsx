import { useState } from 'preact/hooks';
import { api, get, queryString, type Query } from '../api';
import { navigate } from '../router';
import type { Page, SavedView } from '../types';
import { ErrorNote, Field, useAction, useAsync } from '../ui';

/** The user's own named filter sets for the list: apply one, save the current filters, delete one. */
export function SavedViews({ filters, activeId }: { filters: Query; activeId: string | null }) {
  const views = useAsync(() => get<Page<SavedView>>('/saved-views', { sort: 'name', pageSize: 100 }), []);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const action = useAction();
  const active = views.data?.items.find((v) => v.id === activeId);

  const apply = (id: string) => {
    const view = views.data?.items.find((v) => v.id === id);
    if (!view) return navigate('/recommendations');
    // The list's page size is its own; the view's filters are what it keeps.
    const filters: Query = { ...(view.filters as Query), pageSize: undefined };
    navigate(`/recommendations${queryString({ ...filters, view: view.id })}`);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    let created: SavedView | undefined;
    const ok = await action.run(async () => {
      created = await api<SavedView>('POST', '/saved-views', { body: { name: name.trim(), filters } });
    });
    if (ok && created) {
      setNaming(false);
      setName('');
      views.reload();
      navigate(`/recommendations${queryString({ ...filters, view: created.id })}`, { replace: true });
    }
  };
  const remove = async () => {
    if (!active || !confirm(`Delete the saved view “${active.name}”?`)) return;
    if (await action.run(() => api('DELETE', `/saved-views/${active.id}`))) {
      views.reload();
      navigate(`/recommendations${queryString(filters)}`, { replace: true });
    }
  };

  return (
    <div class="saved-views">
      <Field label="Saved view" class="inline">
        {(id) => (
          <select id={id} value={activeId ?? ''} onChange={(e) => apply(e.currentTarget.value)}>
            <option value="">{views.data?.items.length ? '— choose one —' : '— none saved yet —'}</option>
            {views.data?.items.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {active && (
        <button type="button" class="secondary" onClick={() => void remove()} disabled={action.busy}>
          Delete view
        </button>
      )}
      {!naming ? (
        <button type="button" class="secondary" onClick={() => setNaming(true)}>
          Save these filters as a view
        </button>
      ) : (
        <form class="inline-form" onSubmit={(e) => void save(e)}>
          <Field label="View name" class="inline">
            {(id) => <input id={id} required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <button type="submit" disabled={action.busy}>
            Save view
          </button>
          <button type="button" class="secondary" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      )}
      <ErrorNote error={action.error ?? views.error} />
    </div>
  );
}
