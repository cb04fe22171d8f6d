import { useState } from 'preact/hooks';
import { get } from '../api';
import { useTitle } from '../layout';
import { FollowUpControls, FollowUpLine } from '../recommendation/follow-up-section';
import { Link } from '../router';
import type { FollowUp, FollowUpStatus, Page } from '../types';
import { ErrorNote, Field, Loading, Pager, useAsync } from '../ui';

const SHOW: Record<string, { label: string; status?: FollowUpStatus[] }> = {
  open: { label: 'Open and in progress', status: ['open', 'in_progress'] },
  done: { label: 'Done', status: ['done'] },
  cancelled: { label: 'Cancelled', status: ['cancelled'] },
  all: { label: 'All' },
};

/** The follow-ups assigned to me, soonest due first. */
export function MyFollowUps() {
  useTitle('My follow-ups');
  const [show, setShow] = useState('open');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [tick, setTick] = useState(0);
  const list = useAsync(
    () => get<Page<FollowUp>>('/follow-ups', { assigneeId: 'me', status: SHOW[show].status, overdue: overdue || undefined, sort: 'dueOn', page, pageSize: 25 }),
    [show, overdue, page, tick],
  );
  return (
    <>
      <h1>My follow-ups</h1>
      <div class="filters card">
        <Field label="Show">
          {(id) => (
            <select
              id={id}
              value={show}
              onChange={(e) => {
                setShow(e.currentTarget.value);
                setPage(1);
              }}
            >
              {Object.entries(SHOW).map(([key, s]) => (
                <option key={key} value={key}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label class="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => {
              setOverdue(e.currentTarget.checked);
              setPage(1);
            }}
          />
          Only overdue
        </label>
      </div>
      <ErrorNote error={list.error} />
      {!list.data ? (
        <Loading what="your follow-ups" />
      ) : list.data.items.length === 0 ? (
        <p role="status">Nothing here.</p>
      ) : (
        <>
          <ul class="items card">
            {list.data.items.map((f) => (
              <li key={f.id} data-testid="my-follow-up">
                <FollowUpLine followUp={f} />
                {f.details && <p>{f.details}</p>}
                <p>
                  <Link href={`/recommendations/${f.recommendationId}`} aria-label={`Open the recommendation of ${f.title}`}>
                    Open the recommendation
                  </Link>
                </p>
                <FollowUpControls followUp={f} onChanged={() => setTick((t) => t + 1)} />
              </li>
            ))}
          </ul>
          <Pager label="Follow-ups" page={page} pageSize={25} total={list.data.total} onPage={setPage} />
        </>
      )}
    </>
  );
}
