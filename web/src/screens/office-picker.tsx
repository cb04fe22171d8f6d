import type { Office } from '../types';
import { Field } from '../ui';

/** Chooses one of the offices the user sees; admins may also choose all of them (value ''). */
export function OfficePicker({
  offices,
  value,
  onChange,
  allowAll,
  label = 'Office',
}: {
  offices: Office[] | undefined;
  value: string;
  onChange: (id: string) => void;
  allowAll: boolean;
  label?: string;
}) {
  if (!offices) return null;
  if (offices.length <= 1 && !allowAll) {
    return offices[0] ? (
      <p>
        <span class="muted">{label}:</span> <strong>{offices[0].name}</strong>
      </p>
    ) : (
      <p class="muted">You belong to no office yet: ask an admin.</p>
    );
  }
  return (
    <Field label={label} class="inline">
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          {allowAll && <option value="">All offices</option>}
          {offices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
