import { useState } from 'preact/hooks';
import { api, get } from '../api';
import { forget, offices } from '../data';
import { useTitle } from '../layout';
import { ROLE_LABEL, ROLES } from '../rules';
import type { Office, Page, Role, User } from '../types';
import { ErrorNote, Field, Loading, Modal, Pager, useAction, useAsync } from '../ui';

/** Admins: every user, adding one, and changing role, offices, password or the active flag. */
export function AdminUsers() {
  useTitle('Users');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState('-createdAt');
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const list = useAsync(() => get<Page<User>>('/users', { page, pageSize: 25, sort }), [page, sort, tick]);
  const officeList = useAsync(offices, []);
  return (
    <>
      <div class="page-head">
        <h1>Users</h1>
        <button type="button" onClick={() => setEditing('new')}>
          Add a user
        </button>
      </div>
      <div class="filters card">
        <Field label="Sort by">
          {(id) => (
            <select
              id={id}
              value={sort}
              onChange={(e) => {
                setSort(e.currentTarget.value);
                setPage(1);
              }}
            >
              <option value="-createdAt">Newest first</option>
              <option value="name">Name</option>
              <option value="email">Email</option>
              <option value="role">Role</option>
            </select>
          )}
        </Field>
      </div>
      <ErrorNote error={list.error} />
      {!list.data ? (
        <Loading what="users" />
      ) : (
        <div class="table-wrap card">
          <table class="stack">
            <caption class="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Offices</th>
                <th scope="col">Active</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((u) => (
                <tr key={u.id}>
                  <td data-label="Name">{u.name}</td>
                  <td data-label="Email">{u.email}</td>
                  <td data-label="Role">{ROLE_LABEL[u.role]}</td>
                  <td data-label="Offices">{u.offices.map((o) => o.name).join(', ') || '—'}</td>
                  <td data-label="Active">{u.active ? 'Yes' : 'No (deactivated)'}</td>
                  <td>
                    <button type="button" class="secondary small" onClick={() => setEditing(u)} aria-label={`Edit ${u.name}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager label="Users" page={page} pageSize={25} total={list.data.total} onPage={setPage} />}
      {editing && officeList.data && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          offices={officeList.data}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            forget('users');
            setTick((t) => t + 1);
          }}
        />
      )}
    </>
  );
}

function UserDialog({ user, offices: all, onClose, onSaved }: { user: User | null; offices: Office[]; onClose: () => void; onSaved: () => void }) {
  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'staffer');
  const [password, setPassword] = useState('');
  const [officeIds, setOfficeIds] = useState<string[]>(user?.offices.map((o) => o.id) ?? []);
  const [active, setActive] = useState(user?.active ?? true);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await action.run(() =>
      user
        ? api('PATCH', `/users/${user.id}`, { body: { name: name.trim(), role, officeIds, active, password: password || undefined } })
        : api('POST', '/users', { body: { email: email.trim(), name: name.trim(), role, password, officeIds } }),
    );
    if (ok) onSaved();
  };
  return (
    <Modal title={user ? `Edit ${user.name}` : 'Add a user'} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        {!user && <Field label="Email">{(id) => <input id={id} type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}</Field>}
        <Field label="Name">{(id) => <input id={id} required value={name} onInput={(e) => setName(e.currentTarget.value)} />}</Field>
        <Field label="Role">
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={user ? 'New password (leave empty to keep it)' : 'Password'} hint="At least 12 characters">
          {(id, hint) => (
            <input id={id} type="password" autoComplete="new-password" minLength={12} required={!user} aria-describedby={hint} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        <fieldset>
          <legend>Offices</legend>
          {all.map((o) => (
            <label key={o.id} class="check">
              <input
                type="checkbox"
                checked={officeIds.includes(o.id)}
                onChange={(e) => setOfficeIds(e.currentTarget.checked ? [...officeIds, o.id] : officeIds.filter((x) => x !== o.id))}
              />
              {o.name}
            </label>
          ))}
        </fieldset>
        {user && (
          <label class="check">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
            Active (a deactivated user cannot sign in)
          </label>
        )}
        <ErrorNote error={action.error} />
        <div class="actions">
          <button type="submit" disabled={action.busy}>
            {user ? 'Save changes' : 'Add user'}
          </button>
          <button type="button" class="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
