import { stringify } from 'csv-stringify/sync';
import type { Office } from '../src/offices/office.entity';
import type { SignedIn } from './support/factories';
import { rawBody } from './support/raw-body';
import { startTestApp, TestApp } from './support/test-app';

const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const HEADER = 'reference,title,text,policyArea,priority,status,addressees,owners,tags,targetDate,parentReference,sourceLocator';
const COLUMNS = HEADER.split(',');


describe('recommendations CSV export and import', () => {
  let t: TestApp;
  let otherOffice: Office;
  let outsider: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    otherOffice = await t.factories.office();
    outsider = await t.factories.signedIn('director', [otherOffice]);
  });
  afterAll(() => t.close());

  /** An office of its own for each test, with a staffer, a viewer and a second member. */
  const setup = async (name?: string) => {
    const office = await t.factories.office(name);
    const [staffer, viewer, member] = await Promise.all([
      t.factories.signedIn('staffer', [office]),
      t.factories.signedIn('viewer', [office]),
      t.factories.user({ role: 'staffer', offices: [office] }),
    ]);
    return { office, staffer, viewer, member };
  };
  const exportCsv = (who: SignedIn, query: string) =>
    t.http().get(`/api/v1/recommendations/export.csv?${query}`).set('Authorization', who.auth).buffer(true).parse(rawBody);
  const importCsv = (who: SignedIn, officeId: string, csv: string, dryRun?: boolean) =>
    t
      .http()
      .post(`/api/v1/recommendations/import?officeId=${officeId}${dryRun === undefined ? '' : `&dryRun=${dryRun}`}`)
      .set('Authorization', who.auth)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(csv);
  const csvOf = (rows: Record<string, string>[], columns = COLUMNS) => stringify(rows, { header: true, columns });
  const row = (r: Partial<Record<string, string>>) => ({
    title: 'A title',
    text: 'Some text.',
    policyArea: 'border_migration',
    priority: 'medium',
    status: 'open',
    addressees: 'Congress',
    owners: '',
    tags: '',
    targetDate: '',
    parentReference: '',
    sourceLocator: '',
    ...r,
  });
  const state = async (officeId: string) => ({
    recs: (await t.db.query('SELECT reference, title, version, status FROM recommendations WHERE office_id = $1 ORDER BY reference', [officeId])) as object[],
    audit: ((await t.db.query('SELECT count(*)::int AS n FROM audit_events WHERE office_id = $1', [officeId])) as { n: number }[])[0].n,
  });
  const exported = async (who: SignedIn, officeId: string) => ((await exportCsv(who, `officeId=${officeId}`).expect(200)).body as Buffer).toString('utf8');

  describe('GET /recommendations/export.csv', () => {
    it('answers a UTF-8 CSV with a BOM, the header, quoted commas, quotes and line breaks, accents and defused formulas', async () => {
      const { office, viewer, staffer, member } = await setup(t.factories.unique('U.S.–Mexico Desk'));
      const parent = await t.factories.recommendation(office, {
        reference: 'A-1',
        title: 'Renegotiate the U.S.–Mexico "USMCA" terms, soon',
        text: 'Line one\nLine two',
        owners: [staffer.user, member],
      });
      await t.factories.recommendation(office, { reference: 'A-2', title: '=HYPERLINK("http://x")', text: '-5 points', parentId: parent.id });
      await t.db.query("UPDATE recommendations SET tags = '{mpp,hearing}', addressees = '{Congress,DHS}', target_date = '2026-12-31', source_locator = '@p. 3' WHERE id = $1", [
        parent.id,
      ]);
      const [{ today }] = (await t.db.query("SELECT to_char((now() AT TIME ZONE time_zone)::date, 'YYYY-MM-DD') AS today FROM offices WHERE id = $1", [office.id])) as {
        today: string;
      }[];

      const res = await exportCsv(viewer, `officeId=${office.id}`).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const slug = office.name.toLowerCase().replace('u.s.–mexico desk-', 'u-s-mexico-desk-');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="recommendations-${slug}-${today}.csv"`);
      const owners = [staffer.user.email, member.email].sort().join('; ');
      expect((res.body as Buffer).toString('utf8')).toBe(
        '\uFEFF' +
          `${HEADER}\r\n` +
          `A-1,"Renegotiate the U.S.–Mexico ""USMCA"" terms, soon","Line one\nLine two",border_migration,medium,open,Congress; DHS,${owners},mpp; hearing,2026-12-31,,'@p. 3\r\n` +
          `A-2,"'=HYPERLINK(""http://x"")",'-5 points,border_migration,medium,open,Congress,,,,A-1,\r\n`,
      );
    });

    it("applies the list's filters", async () => {
      const { office, viewer } = await setup();
      await t.factories.recommendation(office, { reference: 'F-1', status: 'implemented' });
      await t.factories.recommendation(office, { reference: 'F-2' });
      const text = await exportCsv(viewer, `officeId=${office.id}&status=implemented`).expect(200);
      expect((text.body as Buffer).toString('utf8').split('\r\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['F-1']);
    });

    it("answers 404 for another office's, whatever the role, and 400 without an office", async () => {
      const { office, viewer } = await setup();
      const res = await t.http().get(`/api/v1/recommendations/export.csv?officeId=${office.id}`).set('Authorization', outsider.auth).expect(404);
      expect(res.body).toEqual(err(404, 'Not Found', 'Office not found'));
      const none = await t.http().get('/api/v1/recommendations/export.csv').set('Authorization', viewer.auth).expect(400);
      expect(none.body).toEqual(err(400, 'Bad Request', ['officeId must be a UUID']));
    });
  });

  describe('POST /recommendations/import', () => {
    it('dry run (the default) reports each row and writes nothing', async () => {
      const { office, staffer, member } = await setup();
      await t.factories.recommendation(office, { reference: 'D-1', title: 'Same', text: 'Same text.' });
      await t.factories.recommendation(office, { reference: 'D-2', title: 'Old title', text: 'Same text.' });
      const before = await state(office.id);
      const csv = csvOf([
        row({ reference: 'D-1', title: 'Same', text: 'Same text.', status: 'implemented' }),
        row({ reference: 'd-2', title: 'New title', text: 'Same text.' }),
        row({ reference: 'D-3', owners: member.email.toUpperCase(), parentReference: 'D-4', status: 'closed_not_implemented' }),
        row({ reference: 'D-4', parentReference: 'D-1' }),
        row({ reference: 'D-5', priority: 'urgent', owners: 'nobody@example.org', policyArea: 'no_such_area' }),
        row({ reference: 'D-6', title: '', parentReference: 'D-404' }),
        row({ reference: 'D-3' }),
      ]);
      const res = await importCsv(staffer, office.id, csv).expect(200);
      expect(res.body).toEqual({
        dryRun: true,
        applied: false,
        summary: { created: 2, updated: 1, unchanged: 1, errors: 3 },
        rows: [
          { line: 2, reference: 'D-1', outcome: 'unchanged' },
          { line: 3, reference: 'd-2', outcome: 'updated', changes: ['reference', 'title'] },
          { line: 4, reference: 'D-3', outcome: 'created' },
          { line: 5, reference: 'D-4', outcome: 'created' },
          {
            line: 6,
            reference: 'D-5',
            outcome: 'error',
            errors: [
              { field: 'owners', message: 'nobody@example.org is not an active member of the office' },
              { field: 'priority', message: 'priority must be one of the following values: high, medium, low' },
              { field: 'policyArea', message: 'no_such_area is not a policy area code (see GET /policy-areas)' },
            ],
          },
          {
            line: 7,
            reference: 'D-6',
            outcome: 'error',
            errors: [
              { field: 'title', message: 'title must be longer than or equal to 1 characters' },
              { field: 'parentReference', message: 'No recommendation D-404 in the office or the file' },
            ],
          },
          { line: 8, reference: 'D-3', outcome: 'error', errors: [{ field: 'reference', message: 'The reference is already on line 4' }] },
        ],
      });
      expect(await state(office.id)).toEqual(before);
    });

    it('reports an unknown policy area and a parent cycle', async () => {
      const { office, staffer } = await setup();
      const csv = csvOf([row({ reference: 'C-1', parentReference: 'C-2' }), row({ reference: 'C-2', parentReference: 'C-1' }), row({ reference: 'C-3', policyArea: 'no_such_area' })]);
      const res = await importCsv(staffer, office.id, csv, true).expect(200);
      const cycle = [{ field: 'parentReference', message: 'The parent references of these rows form a cycle' }];
      expect(res.body.rows).toEqual([
        { line: 2, reference: 'C-1', outcome: 'error', errors: cycle },
        { line: 3, reference: 'C-2', outcome: 'error', errors: cycle },
        { line: 4, reference: 'C-3', outcome: 'error', errors: [{ field: 'policyArea', message: 'no_such_area is not a policy area code (see GET /policy-areas)' }] },
      ]);
    });

    it('apply with an error row answers 422 with the rows and writes nothing, audit included', async () => {
      const { office, staffer } = await setup();
      await t.factories.recommendation(office, { reference: 'N-1', title: 'Old', text: 'Some text.' });
      const before = await state(office.id);
      const csv = csvOf([row({ reference: 'N-1', title: 'New' }), row({ reference: 'N-2' }), row({ reference: 'N-3', targetDate: '2026-02-30' })]);
      const res = await importCsv(staffer, office.id, csv, false).expect(422);
      expect(res.body).toEqual({
        ...err(422, 'Unprocessable Entity', '1 of 3 rows have errors; nothing was imported'),
        summary: { created: 1, updated: 1, unchanged: 0, errors: 1 },
        rows: [
          { line: 2, reference: 'N-1', outcome: 'updated', changes: ['title'] },
          { line: 3, reference: 'N-2', outcome: 'created' },
          { line: 4, reference: 'N-3', outcome: 'error', errors: [{ field: 'targetDate', message: expect.any(String) }] },
        ],
      });
      expect(await state(office.id)).toEqual(before);
    });

    it('apply writes every row in one go, each audited as the single routes do; status is ignored', async () => {
      const { office, staffer, member } = await setup();
      const existing = await t.factories.recommendation(office, { reference: 'P-1', title: 'Old', text: 'Some text.' });
      const csv = csvOf([
        row({ reference: 'P-2', parentReference: 'P-3', status: 'implemented', tags: 'mpp; hearing', addressees: 'Congress; DHS', owners: member.email, targetDate: '2026-07-01' }),
        row({ reference: 'P-3', title: 'Parent', sourceLocator: "'=p. 4" }),
        row({ reference: 'P-1', title: 'New' }),
      ]);
      const res = await importCsv(staffer, office.id, csv, false).expect(200);
      expect(res.body).toEqual({
        dryRun: false,
        applied: true,
        summary: { created: 2, updated: 1, unchanged: 0, errors: 0 },
        rows: [
          { line: 2, reference: 'P-2', outcome: 'created' },
          { line: 3, reference: 'P-3', outcome: 'created' },
          { line: 4, reference: 'P-1', outcome: 'updated', changes: ['title'] },
        ],
      });
      const recs = (await t.db.query(
        `SELECT r.reference, r.title, r.status, r.version, r.tags, r.addressees, to_char(r.target_date, 'YYYY-MM-DD') AS "targetDate", r.source_locator AS "sourceLocator",
                p.reference AS parent, (SELECT array_agg(user_id) FROM recommendation_owners WHERE recommendation_id = r.id) AS owners
           FROM recommendations r LEFT JOIN recommendations p ON p.id = r.parent_id WHERE r.office_id = $1 ORDER BY r.reference`,
        [office.id],
      )) as object[];
      expect(recs).toEqual([
        { reference: 'P-1', title: 'New', status: 'open', version: 2, tags: [], addressees: ['Congress'], targetDate: null, sourceLocator: null, parent: null, owners: null },
        {
          reference: 'P-2',
          title: 'A title',
          status: 'open',
          version: 1,
          tags: ['mpp', 'hearing'],
          addressees: ['Congress', 'DHS'],
          targetDate: '2026-07-01',
          sourceLocator: null,
          parent: 'P-3',
          owners: [member.id],
        },
        { reference: 'P-3', title: 'Parent', status: 'open', version: 1, tags: [], addressees: ['Congress'], targetDate: null, sourceLocator: '=p. 4', parent: null, owners: null },
      ]);
      const audit = (await t.db.query(
        `SELECT a.action, a.actor_id AS "actorId", r.reference, a.after FROM audit_events a JOIN recommendations r ON r.id::text = a.entity_id
          WHERE a.office_id = $1 ORDER BY r.reference`,
        [office.id],
      )) as { action: string; actorId: string; reference: string; after: Record<string, unknown> }[];
      expect(audit.map(({ action, actorId, reference }) => ({ action, actorId, reference }))).toEqual([
        { action: 'recommendation.update', actorId: staffer.user.id, reference: 'P-1' },
        { action: 'recommendation.create', actorId: staffer.user.id, reference: 'P-2' },
        { action: 'recommendation.create', actorId: staffer.user.id, reference: 'P-3' },
      ]);
      expect(audit[0].after).toEqual({ title: 'New' });
      const history = await t.http().get(`/api/v1/recommendations/${existing.id}/history`).set('Authorization', staffer.auth).expect(200);
      expect(history.body).toEqual([expect.objectContaining({ type: 'field', changes: ['title'] })]);
    });

    it('round trip: the exported file imports unchanged; an edited title is the one update', async () => {
      const { office, staffer, member } = await setup();
      const parent = await t.factories.recommendation(office, { reference: 'R-1', title: '-Leading dash, "quoted"', text: 'Multi\nline — accents: é', owners: [member] });
      await t.factories.recommendation(office, { reference: 'R-2', title: "'=already quoted", parentId: parent.id, status: 'in_progress' });
      await t.db.query("UPDATE recommendations SET tags = '{a,b}', target_date = '2027-01-15', source_locator = 'Rec. 1' WHERE id = $1", [parent.id]);
      const file = await exported(staffer, office.id);

      const same = await importCsv(staffer, office.id, file, true).expect(200);
      expect(same.body).toEqual({
        dryRun: true,
        applied: false,
        summary: { created: 0, updated: 0, unchanged: 2, errors: 0 },
        rows: [
          { line: 2, reference: 'R-1', outcome: 'unchanged' },
          { line: 4, reference: 'R-2', outcome: 'unchanged' },
        ],
      });

      const edited = file.replace('-Leading dash, ""quoted""', '-Leading dash, ""edited""');
      const before = await state(office.id);
      const res = await importCsv(staffer, office.id, edited, false).expect(200);
      expect(res.body.rows).toEqual([
        { line: 2, reference: 'R-1', outcome: 'updated', changes: ['title'] },
        { line: 4, reference: 'R-2', outcome: 'unchanged' },
      ]);
      const after = await state(office.id);
      expect(after.audit).toBe(before.audit + 1);
      const got = await t.http().get(`/api/v1/recommendations/${parent.id}`).set('Authorization', staffer.auth).expect(200);
      expect(got.body).toMatchObject({ title: '-Leading dash, "edited"', text: 'Multi\nline — accents: é', version: 2 });
    });

    it('keeps an owner who has left the office as no change, and refuses adding one', async () => {
      const { office, staffer, member } = await setup();
      const gone = await t.factories.user({ role: 'staffer', offices: [office] });
      await t.factories.recommendation(office, { reference: 'G-1', owners: [gone] });
      await t.factories.recommendation(office, { reference: 'G-2', owners: [member] });
      const file = await exported(staffer, office.id);
      await t.db.query('UPDATE users SET active = false WHERE id = $1', [gone.id]);
      const res = await importCsv(staffer, office.id, file.replace(`,${member.email},`, `,${member.email}; ${gone.email},`)).expect(200);
      expect(res.body.rows).toEqual([
        { line: 2, reference: 'G-1', outcome: 'unchanged' },
        { line: 3, reference: 'G-2', outcome: 'error', errors: [{ field: 'owners', message: `${gone.email} is not an active member of the office` }] },
      ]);
    });

    it('takes the file as multipart field "file" too', async () => {
      const { office, staffer } = await setup();
      const csv = '\uFEFF' + csvOf([row({ reference: 'M-1' })]);
      const res = await t
        .http()
        .post(`/api/v1/recommendations/import?officeId=${office.id}`)
        .set('Authorization', staffer.auth)
        .attach('file', Buffer.from(csv, 'utf8'), { filename: 'recs.csv', contentType: 'text/csv' })
        .expect(200);
      expect(res.body.rows).toEqual([{ line: 2, reference: 'M-1', outcome: 'created' }]);
      const misnamed = await t
        .http()
        .post(`/api/v1/recommendations/import?officeId=${office.id}`)
        .set('Authorization', staffer.auth)
        .attach('upload', Buffer.from(csv, 'utf8'), { filename: 'recs.csv', contentType: 'text/csv' })
        .expect(400);
      expect(misnamed.body).toEqual(err(400, 'Bad Request', 'Send the CSV in the multipart field "file", not "upload"'));
    });

    it('answers 403 to a viewer, who may export, and 404 for another office whatever the role', async () => {
      const { office, viewer } = await setup();
      const csv = csvOf([row({ reference: 'V-1' })]);
      await exportCsv(viewer, `officeId=${office.id}`).expect(200);
      const denied = await importCsv(viewer, office.id, csv).expect(403);
      expect(denied.body).toEqual(err(403, 'Forbidden', 'Importing recommendations needs role staffer or above'));
      const hidden = await importCsv(outsider, office.id, csv).expect(404);
      expect(hidden.body).toEqual(err(404, 'Not Found', 'Office not found'));
    });

    it('answers 400 for a missing or unknown column and for malformed CSV, 415 for another type, 413 past 2,000 rows', async () => {
      const { office, staffer } = await setup();
      const missing = await importCsv(staffer, office.id, 'reference,title,text,policyArea,priority,addressees\nX-1,T,x,border_migration,low,Congress\n').expect(400);
      expect(missing.body).toEqual(err(400, 'Bad Request', 'Missing required column(s): owners'));
      const unknown = await importCsv(staffer, office.id, csvOf([row({ reference: 'X-1' })], [...COLUMNS, 'colour'])).expect(400);
      expect(unknown.body).toEqual(err(400, 'Bad Request', `Unknown column(s): "colour"; the columns are ${COLUMNS.join(', ')}`));
      const malformed = await importCsv(staffer, office.id, `${HEADER}\nX-1,"T"x,a,border_migration,low,open,Congress,,,,,\n`).expect(400);
      expect(malformed.body).toEqual(err(400, 'Bad Request', expect.stringMatching(/^Malformed CSV: .* at line 2/)));
      const short = await importCsv(staffer, office.id, `${HEADER}\nX-1,T\n`).expect(400);
      expect(short.body).toEqual(err(400, 'Bad Request', expect.stringMatching(/^Malformed CSV: .* on line 2/)));
      const empty = await importCsv(staffer, office.id, '').expect(400);
      expect(empty.body).toEqual(err(400, 'Bad Request', 'The CSV is empty: the first line must be the header'));
      const huge = await importCsv(staffer, office.id, `${HEADER}\n${'x'.repeat(t.config.BODY_LIMIT_BYTES)}\n`).expect(413);
      expect(huge.body).toEqual(err(413, 'Payload Too Large', 'Request body is too large'));
      const json = await t.http().post(`/api/v1/recommendations/import?officeId=${office.id}`).set('Authorization', staffer.auth).send({ a: 1 }).expect(415);
      expect(json.body).toEqual(err(415, 'Unsupported Media Type', 'Send the CSV as text/csv, or as multipart/form-data in the field "file"'));
      const elsewhere = await t.http().post('/api/v1/recommendations').set('Authorization', staffer.auth).set('Content-Type', 'text/csv').send(HEADER).expect(415);
      expect(elsewhere.body).toEqual(err(415, 'Unsupported Media Type', 'Unsupported Media Type'));
      const badQuery = await importCsv(staffer, office.id, csvOf([row({ reference: 'X-1' })])).query({ dryRun: 'maybe' }).expect(400);
      expect(badQuery.body).toEqual(err(400, 'Bad Request', ['dryRun must be true or false']));
      const many = `${HEADER}\n${'Y,T,x,border_migration,low,open,Congress,,,,,\n'.repeat(2001)}`;
      const tooMany = await importCsv(staffer, office.id, many).expect(413);
      expect(tooMany.body).toEqual(err(413, 'Payload Too Large', 'An import holds at most 2000 rows; this one has 2001'));
      expect(await state(office.id)).toEqual({ recs: [], audit: 0 });
    });
  });
});
