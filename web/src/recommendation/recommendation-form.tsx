import { useEffect, useState } from 'preact/hooks';
import { api, get } from '../api';
import { officePeople, offices, policyAreas, sources } from '../data';
import { useTitle } from '../layout';
import { atLeast, PRIORITIES, PRIORITY_LABEL, whyCannotEdit } from '../rules';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { Priority, Recommendation } from '../types';
import { ErrorNote, Field, Loading, splitList, useAction, useAsync } from '../ui';

interface Draft {
  officeId: string;
  reference: string;
  title: string;
  text: string;
  policyArea: string;
  priority: Priority;
  addressees: string;
  ownerIds: string[];
  sourceId: string;
  sourceLocator: string;
  targetDate: string;
  tags: string;
}

const draftOf = (r: Recommendation): Draft => ({
  officeId: r.officeId,
  reference: r.reference,
  title: r.title,
  text: r.text,
  policyArea: r.policyArea,
  priority: r.priority,
  addressees: r.addressees.join(', '),
  ownerIds: r.owners.map((o) => o.id),
  sourceId: r.sourceId ?? '',
  sourceLocator: r.sourceLocator ?? '',
  targetDate: r.targetDate ?? '',
  tags: r.tags.join(', '),
});

/** What the API takes, from the form's strings. */
function bodyOf(d: Draft) {
  return {
    reference: d.reference.trim(),
    title: d.title.trim(),
    text: d.text.trim(),
    policyArea: d.policyArea,
    priority: d.priority,
    addressees: splitList(d.addressees),
    ownerIds: d.ownerIds,
    sourceId: d.sourceId || null,
    sourceLocator: d.sourceLocator.trim() || null,
    targetDate: d.targetDate || null,
    tags: splitList(d.tags),
  };
}

/** New recommendation (no id), or the edit of one, sent with the version it was read at. */
export function RecommendationForm({ id }: { id?: string }) {
  useTitle(id ? 'Edit recommendation' : 'New recommendation');
  const { user } = useSession();
  const existing = useAsync(() => (id ? get<Recommendation>(`/recommendations/${id}`) : Promise.resolve(undefined)), [id]);
  const officeList = useAsync(offices, []);
  const areas = useAsync(policyAreas, []);
  const sourceList = useAsync(sources, []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const action = useAction();

  useEffect(() => {
    if (draft) return;
    if (id && existing.data) setDraft(draftOf(existing.data));
    if (!id && officeList.data) {
      const mine = atLeast(user, 'admin') ? officeList.data : officeList.data.filter((o) => user.offices.some((m) => m.id === o.id));
      const officeId = mine[0]?.id ?? '';
      const ownerIds = user.offices.some((o) => o.id === officeId) ? [user.id] : [];
      setDraft({ officeId, reference: '', title: '', text: '', policyArea: 'border_migration', priority: 'medium', addressees: '', ownerIds, sourceId: '', sourceLocator: '', targetDate: '', tags: '' });
    }
  }, [id, existing.data, officeList.data]);
  const people = useAsync(() => (draft?.officeId ? officePeople(user, draft.officeId) : Promise.resolve([])), [draft?.officeId]);

  const cannot = whyCannotEdit(user);
  if (cannot) return <p class="error">{cannot}.</p>;
  if (existing.error) return <ErrorNote error={existing.error} />;
  if (!draft) return <Loading what="the form" />;
  const set = (changes: Partial<Draft>) => setDraft({ ...draft, ...changes });

  const submit = async (e: Event) => {
    e.preventDefault();
    let saved: Recommendation | undefined;
    const ok = await action.run(async () => {
      if (!id) {
        saved = await api<Recommendation>('POST', '/recommendations', { body: { ...bodyOf(draft), officeId: draft.officeId } });
        return;
      }
      // Only what changed, so the history names the fields actually edited.
      const before = bodyOf(draftOf(existing.data!)) as Record<string, unknown>;
      const changed = Object.fromEntries(Object.entries(bodyOf(draft)).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
      saved = await api<Recommendation>('PATCH', `/recommendations/${id}`, { body: changed, version: existing.data!.version });
    });
    if (ok && saved) navigate(`/recommendations/${saved.id}`);
  };
  const toggleOwner = (pid: string, on: boolean) => set({ ownerIds: on ? [...draft.ownerIds, pid] : draft.ownerIds.filter((x) => x !== pid) });

  return (
    <>
      <h1>{id ? `Edit ${existing.data?.reference ?? ''}` : 'New recommendation'}</h1>
      <form class="card form-grid" onSubmit={(e) => void submit(e)}>
        {!id && (
          <Field label="Office">
            {(fid) => (
              <select id={fid} value={draft.officeId} onChange={(e) => set({ officeId: e.currentTarget.value, ownerIds: [] })}>
                {officeList.data
                  ?.filter((o) => atLeast(user, 'admin') || user.offices.some((m) => m.id === o.id))
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Reference" hint="Unique in the office, e.g. FAL-2022-1.2">
          {(fid, hint) => <input id={fid} required maxLength={64} aria-describedby={hint} value={draft.reference} onInput={(e) => set({ reference: e.currentTarget.value })} />}
        </Field>
        <Field label="Title" class="wide">
          {(fid) => <input id={fid} required maxLength={500} value={draft.title} onInput={(e) => set({ title: e.currentTarget.value })} />}
        </Field>
        <Field label="Text as written" class="wide">
          {(fid) => <textarea id={fid} required rows={6} value={draft.text} onInput={(e) => set({ text: e.currentTarget.value })} />}
        </Field>
        <Field label="Policy area">
          {(fid) => (
            <select id={fid} value={draft.policyArea} onChange={(e) => set({ policyArea: e.currentTarget.value })}>
              {areas.data?.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Priority">
          {(fid) => (
            <select id={fid} value={draft.priority} onChange={(e) => set({ priority: e.currentTarget.value as Priority })}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABEL[p]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Addressees" hint="Who must act, separated by commas: Congress, DHS, USTR">
          {(fid, hint) => <input id={fid} required aria-describedby={hint} value={draft.addressees} onInput={(e) => set({ addressees: e.currentTarget.value })} />}
        </Field>
        <Field label="Tags" hint="Separated by commas">
          {(fid, hint) => <input id={fid} aria-describedby={hint} value={draft.tags} onInput={(e) => set({ tags: e.currentTarget.value })} />}
        </Field>
        <Field label="Source">
          {(fid) => (
            <select id={fid} value={draft.sourceId} onChange={(e) => set({ sourceId: e.currentTarget.value })}>
              <option value="">None</option>
              {sourceList.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Locator in the source" hint="Section or page, e.g. Recommendation 1, p. 4">
          {(fid, hint) => <input id={fid} maxLength={200} aria-describedby={hint} value={draft.sourceLocator} onInput={(e) => set({ sourceLocator: e.currentTarget.value })} />}
        </Field>
        <Field label="Target date (optional)">
          {(fid) => <input id={fid} type="date" value={draft.targetDate} onInput={(e) => set({ targetDate: e.currentTarget.value })} />}
        </Field>
        <fieldset class="wide">
          <legend>Owners</legend>
          {people.data?.length === 0 && <p class="muted">Nobody of this office is known yet.</p>}
          {people.data?.map((p) => (
            <label key={p.id} class="check">
              <input type="checkbox" checked={draft.ownerIds.includes(p.id)} onChange={(e) => toggleOwner(p.id, e.currentTarget.checked)} />
              {p.name}
              {p.id === user.id ? ' (me)' : ''}
            </label>
          ))}
        </fieldset>
        <div class="wide">
          <ErrorNote error={action.error} />
          <div class="actions">
            <button type="submit" disabled={action.busy}>
              {action.busy ? 'Saving…' : id ? 'Save changes' : 'Create recommendation'}
            </button>
            <Link class="button secondary" href={id ? `/recommendations/${id}` : '/recommendations'}>
              Cancel
            </Link>
          </div>
        </div>
      </form>
    </>
  );
}
