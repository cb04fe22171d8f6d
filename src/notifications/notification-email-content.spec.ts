import { digestEmail, eventEmail, PendingEmailRow } from './notification-email-content';
import { excerpt } from './notifications.service';

const row = (over: Partial<PendingEmailRow>): PendingEmailRow => ({
  id: 'n1',
  kind: 'status_changed',
  message: 'FAL-2022-1 moved from open to in_progress: Hearing scheduled',
  userName: 'Ana Ruiz',
  email: 'ana@example.org',
  reference: 'FAL-2022-1',
  recommendationTitle: 'Resume construction of border barriers',
  followUpTitle: null,
  dueOn: null,
  ...over,
});

describe('notification e-mail content', () => {
  it('writes one e-mail for a status change, addressed to the user', () => {
    const mail = eventEmail(row({}));
    expect(mail.to).toEqual({ name: 'Ana Ruiz', address: 'ana@example.org' });
    expect(mail.subject).toBe('Status change on FAL-2022-1');
    expect(mail.text).toContain(
      'Hello Ana Ruiz,\n\nFAL-2022-1 moved from open to in_progress: Hearing scheduled\n\nRecommendation: FAL-2022-1 — Resume construction of border barriers\n',
    );
  });

  it('names the follow-up and its due date in an assignment, and keeps the subject short', () => {
    const mail = eventEmail(row({ kind: 'follow_up_assigned', message: 'You were assigned', followUpTitle: 'x'.repeat(300), dueOn: '2030-01-02' }));
    expect([...mail.subject]).toHaveLength(150);
    expect(mail.subject.endsWith('…')).toBe(true);
    expect(mail.text).toContain(`Follow-up: ${'x'.repeat(300)}\nDue: 2030-01-02`);
  });

  it('groups reminders in one digest: overdue first, each section by due date', () => {
    const mail = digestEmail([
      row({ kind: 'follow_up_due_soon', followUpTitle: 'Call DHS', dueOn: '2030-01-03' }),
      row({ kind: 'follow_up_overdue', followUpTitle: 'Write to USTR', dueOn: '2029-12-30', reference: 'FAL-2022-2' }),
      row({ kind: 'follow_up_overdue', followUpTitle: 'Brief the member', dueOn: '2029-12-01' }),
    ]);
    expect(mail.subject).toBe('Follow-up reminders: 2 overdue, 1 due soon');
    expect(mail.text).toContain(
      [
        'Overdue:',
        '- FAL-2022-1 — Brief the member — due 2029-12-01',
        '- FAL-2022-2 — Write to USTR — due 2029-12-30',
        '',
        'Due soon:',
        '- FAL-2022-1 — Call DHS — due 2030-01-03',
      ].join('\n'),
    );
  });

  it('excerpts a reason on one line, cut with an ellipsis', () => {
    expect(excerpt('  a\n\tb  ', 200)).toBe('a b');
    expect(excerpt('abcdef', 4)).toBe('abc…');
    expect(excerpt('😀😀😀', 2)).toBe('😀…');
  });
});
