import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reencryptAll } from '../src/cli/rotate-key.js';
import { seed } from '../src/cli/seed.js';
import { CIPHERTEXT_PATTERN, encryptFiledLeftovers } from '../src/encryption/encrypt-leftovers.js';
import { FieldEncryption, fieldContext } from '../src/encryption/field-encryption.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';
import { cryptoOf } from './sealed.js';

/** The free-text columns of notes, tasks and deadlines this spec plants text in. */
const COLUMNS = [
  ['note', 'title'],
  ['note_revision', 'title'],
  ['task', 'title'],
  ['task', 'description'],
  ['task', 'review_comment'],
  ['deadline', 'title'],
] as const;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 24, "encrypt what finds a person": the titles, descriptions and comments of notes, tasks and
 * deadlines are ciphertext at rest, bound to their rows; the API answers them in clear; plaintext
 * written before the columns were encrypted is encrypted at start-up; rotate-key re-encrypts them.
 */
describe('encrypted titles, descriptions and comments', () => {
  let t: TestApp;
  let caseworker: string;
  let supervisor: string;
  let caseId: string;
  let reference: string;
  const ids = { note: '', task: '', deadline: '' };
  const planted = {
    noteTitle: 'Planted note title Khasanov arrest 2023',
    noteTitleNow: 'Planted edited title after the hearing in Batumi',
    taskTitle: 'Planted task title call Aslan at the shelter',
    taskDescription: 'Planted description: his brother lives at Rustaveli 12',
    reviewComment: 'Planted review comment: ask about the summons from Grozny',
    deadlineTitle: 'Planted deadline title hearing of Zaur at the court',
  };

  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    // A passport expiring in 18 months: its alerts become deadlines, titled by the app.
    const created = await intake(t, 'caseworker@haven.local', {
      client: {
        documents: [
          {
            kind: 'international_passport',
            number: '75 7654321',
            issuingCountry: 'RU',
            expiresOn: inDays(540),
          },
        ],
      },
    });
    caseId = created.case.id;
    reference = created.case.reference;

    const note = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId,
      ground: 'political_opinion',
      title: planted.noteTitle,
      body: 'Body text.',
    });
    expect(note.status).toBe(201);
    ids.note = note.body.id;
    // An edit keeps the old version, its title too, as a revision.
    const edited = await t
      .http()
      .patch(`/api/notes/${ids.note}`)
      .set('Authorization', caseworker)
      .send({ version: note.body.version, title: planted.noteTitleNow });
    expect(edited.status).toBe(200);

    const task = await t.http().post('/api/tasks').set('Authorization', caseworker).send({
      caseId,
      title: planted.taskTitle,
      description: planted.taskDescription,
    });
    expect(task.status).toBe(201);
    ids.task = task.body.id;
    const submitted = await t
      .http()
      .post(`/api/tasks/${ids.task}/submit-review`)
      .set('Authorization', caseworker);
    expect(submitted.status).toBe(200);
    const returned = await t
      .http()
      .post(`/api/tasks/${ids.task}/return`)
      .set('Authorization', supervisor)
      .send({ comment: planted.reviewComment });
    expect(returned.status).toBe(200);
    // Back in review, so that the supervisor's review queue lists it.
    const again = await t
      .http()
      .post(`/api/tasks/${ids.task}/submit-review`)
      .set('Authorization', caseworker);
    expect(again.status).toBe(200);

    const deadline = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', caseworker)
      .send({
        caseId,
        kind: 'hearing',
        title: planted.deadlineTitle,
        dueOn: inDays(3),
      });
    expect(deadline.status).toBe(201);
    ids.deadline = deadline.body.id;
  });
  afterAll(() => t.close());

  /** Every value of the planted columns (as the schema's owner reads them: a dump). */
  const stored = async () => {
    const values: { table: string; column: string; id: string; value: string }[] = [];
    for (const [table, column] of COLUMNS)
      for (const row of await t.ownerQuery<{ id: string; value: string }[]>(
        `SELECT id, ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`,
      ))
        values.push({ table, column, ...row });
    return values;
  };

  it('stores every title, description and comment as ciphertext, none of the planted text', async () => {
    const values = await stored();
    // The note, its revision, the task's three texts, the custom deadline (and the passport's expiry alerts).
    for (const [table, column] of COLUMNS)
      expect(
        values.filter((v) => v.table === table && v.column === column).length,
        `${table}.${column}`,
      ).toBeGreaterThanOrEqual(1);
    const pattern = new RegExp(CIPHERTEXT_PATTERN);
    for (const v of values) {
      expect(v.value, `${v.table}.${v.column}`).toMatch(pattern);
      for (const text of Object.values(planted)) expect(v.value).not.toContain(text);
    }
    // Nor anywhere else in those rows (a word of the planted text, in any column).
    for (const table of ['note', 'note_revision', 'task', 'deadline']) {
      const [{ n }] = await t.ownerQuery<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${table} x WHERE x::text ILIKE '%Planted%'`,
      );
      expect(n, table).toBe(0);
    }
    // Each value is bound to its row and column: the app's key opens it only there.
    const crypto = cryptoOf(t);
    const revision = values.find((v) => v.table === 'note_revision')!;
    expect(
      crypto.decrypt(revision.value, fieldContext('note_revision', 'title', revision.id)),
    ).toBe(planted.noteTitle);
    const description = values.find((v) => v.table === 'task' && v.column === 'description')!;
    expect(() =>
      crypto.decrypt(description.value, fieldContext('task', 'title', description.id)),
    ).toThrow();
  });

  it('answers the plaintext in get and list, the revision and the dashboards', async () => {
    const note = await t.http().get(`/api/notes/${ids.note}`).set('Authorization', caseworker);
    expect(note.body.title).toBe(planted.noteTitleNow);
    const notes = await t
      .http()
      .get(`/api/notes?caseId=${caseId}`)
      .set('Authorization', caseworker);
    expect(notes.body.data.map((n: { title: string }) => n.title)).toEqual([planted.noteTitleNow]);
    const revisions = await t
      .http()
      .get(`/api/notes/${ids.note}/revisions`)
      .set('Authorization', caseworker);
    expect(revisions.body.data.map((r: { title: string }) => r.title)).toEqual([planted.noteTitle]);

    const task = await t.http().get(`/api/tasks/${ids.task}`).set('Authorization', caseworker);
    expect(task.body).toMatchObject({
      title: planted.taskTitle,
      description: planted.taskDescription,
      reviewComment: planted.reviewComment,
    });
    const tasks = await t
      .http()
      .get(`/api/tasks?caseId=${caseId}`)
      .set('Authorization', caseworker);
    expect(tasks.body.data).toEqual([
      expect.objectContaining({
        title: planted.taskTitle,
        description: planted.taskDescription,
        reviewComment: planted.reviewComment,
      }),
    ]);

    const deadline = await t
      .http()
      .get(`/api/deadlines/${ids.deadline}`)
      .set('Authorization', caseworker);
    expect(deadline.body.title).toBe(planted.deadlineTitle);
    const deadlines = await t
      .http()
      .get(`/api/deadlines?caseId=${caseId}&kind=hearing`)
      .set('Authorization', caseworker);
    expect(deadlines.body.data.map((d: { title: string }) => d.title)).toEqual([
      planted.deadlineTitle,
    ]);
    // The intake's passport expiry alerts: encrypted too, read back in clear.
    const alerts = await t
      .http()
      .get(`/api/deadlines?caseId=${caseId}&kind=document_expiry`)
      .set('Authorization', caseworker);
    expect(alerts.body.total).toBeGreaterThanOrEqual(1);
    for (const alert of alerts.body.data) expect(alert.title).toMatch(/^Passport expires /);

    const mine = await t.http().get('/api/dashboard').set('Authorization', caseworker);
    expect(mine.body.deadlines.items).toContainEqual(
      expect.objectContaining({ id: ids.deadline, title: planted.deadlineTitle }),
    );
    const team = await t.http().get('/api/dashboard').set('Authorization', supervisor);
    expect(team.body.deadlinesAtRisk.items).toContainEqual(
      expect.objectContaining({ id: ids.deadline, title: planted.deadlineTitle }),
    );
    expect(team.body.reviewQueue.items).toContainEqual(
      expect.objectContaining({ id: ids.task, title: planted.taskTitle }),
    );
  });

  it('edits compare the text in clear: the same title is no change, a new one is stored encrypted', async () => {
    const before = await t.http().get(`/api/tasks/${ids.task}`).set('Authorization', caseworker);
    const same = await t
      .http()
      .patch(`/api/tasks/${ids.task}`)
      .set('Authorization', caseworker)
      .send({ version: before.body.version, title: planted.taskTitle });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(before.body.version);
    const deadline = await t
      .http()
      .get(`/api/deadlines/${ids.deadline}`)
      .set('Authorization', caseworker);
    const renamed = await t
      .http()
      .patch(`/api/deadlines/${ids.deadline}`)
      .set('Authorization', caseworker)
      .send({ version: deadline.body.version, title: `${planted.deadlineTitle} (moved)` });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe(`${planted.deadlineTitle} (moved)`);
    const [row] = await t.ownerQuery<{ title: string }[]>(
      'SELECT title FROM deadline WHERE id = $1',
      [ids.deadline],
    );
    expect(row.title).toMatch(new RegExp(CIPHERTEXT_PATTERN));
    expect(row.title).not.toContain('moved');
    // A title of spaces only is none: a 400 naming the field, not a 500.
    const blank = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker)
      .send({ caseId, title: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe('title');
  });

  it('neither sorts nor searches by title; q finds by the case reference', async () => {
    for (const path of ['/api/notes', '/api/tasks']) {
      const sorted = await t
        .http()
        .get(`${path}?sort=title&order=ASC`)
        .set('Authorization', caseworker);
      expect(sorted.status, path).toBe(400);
    }
    for (const path of ['/api/notes', '/api/tasks', '/api/deadlines']) {
      const byTitle = await t
        .http()
        .get(`${path}?q=${encodeURIComponent('Planted')}`)
        .set('Authorization', caseworker);
      expect(byTitle.status, path).toBe(200);
      expect(byTitle.body.total, path).toBe(0);
      const byReference = await t
        .http()
        .get(`${path}?q=${encodeURIComponent(reference)}`)
        .set('Authorization', caseworker);
      expect(byReference.body.total, path).toBeGreaterThanOrEqual(1);
      for (const item of byReference.body.data) expect(item.caseId).toBe(caseId);
    }
  });

  it('encrypts plaintext left from before the migration, at start-up, once', async () => {
    const crypto = cryptoOf(t);
    const team = await t.teamId('Tbilisi office');
    // Rows as the old code wrote them: titles in clear (one that merely starts like a stored value).
    const [old] = await t.ownerQuery<{ id: string }[]>(
      `INSERT INTO task (case_id, team_id, title, description, status, assignee_id, review_comment)
       VALUES ($1, $2, 'v2. Old task title of Planted Ruslan', 'Old description', 'open',
               (SELECT id FROM app_user WHERE email = 'caseworker@haven.local'), 'Old comment')
       RETURNING id`,
      [caseId, team],
    );
    const [oldDeadline] = await t.ownerQuery<{ id: string }[]>(
      `INSERT INTO deadline (case_id, kind, title, due_on) VALUES ($1, 'filing', 'Old deadline', $2) RETURNING id`,
      [caseId, inDays(30)],
    );
    // What the migration files: the app's start-up encrypts the filed columns' leftovers.
    await t.ownerQuery(
      `INSERT INTO encryption_backfill (table_name, column_name) VALUES ('task', 'title'), ('task', 'description'), ('task', 'review_comment'), ('deadline', 'title') ON CONFLICT DO NOTHING`,
    );
    const [{ seq }] = await t.ownerQuery<{ seq: string }[]>(
      'SELECT coalesce(max(seq), 0) AS seq FROM audit_event',
    );
    expect(await encryptFiledLeftovers(t.dataSource, crypto)).toBe(4);
    const [task] = await t.ownerQuery<
      { title: string; description: string; review_comment: string }[]
    >('SELECT title, description, review_comment FROM task WHERE id = $1', [old.id]);
    for (const value of Object.values(task)) expect(value).toMatch(new RegExp(CIPHERTEXT_PATTERN));
    const read = await t.http().get(`/api/tasks/${old.id}`).set('Authorization', caseworker);
    expect(read.body).toMatchObject({
      title: 'v2. Old task title of Planted Ruslan',
      description: 'Old description',
      reviewComment: 'Old comment',
    });
    const deadline = await t
      .http()
      .get(`/api/deadlines/${oldDeadline.id}`)
      .set('Authorization', caseworker);
    expect(deadline.body.title).toBe('Old deadline');
    // The filed columns are done; one audit event counts the values, naming none.
    expect(await t.ownerQuery('SELECT * FROM encryption_backfill')).toEqual([]);
    const events = await t.ownerQuery<{ summary: string; details: unknown }[]>(
      `SELECT summary, details FROM audit_event WHERE seq > $1 AND entity_type = 'encryption_key'`,
      [seq],
    );
    expect(events).toHaveLength(1);
    expect(events[0].summary).toContain('encrypted 4 values');
    expect(JSON.stringify(events)).not.toMatch(/Old|Ruslan/);
    // Again: nothing left to do, and no event.
    await t.ownerQuery(
      `INSERT INTO encryption_backfill (table_name, column_name) VALUES ('task', 'title')`,
    );
    expect(await encryptFiledLeftovers(t.dataSource, crypto)).toBe(0);
    // A filed column the registry does not know is refused (its values could not be read back).
    await t.ownerQuery(
      `INSERT INTO encryption_backfill (table_name, column_name) VALUES ('task', 'status')`,
    );
    await expect(encryptFiledLeftovers(t.dataSource, crypto)).rejects.toThrow(/task\.status/);
    await t.ownerQuery(`DELETE FROM encryption_backfill`);
  });

  it('the generated data (demo, benchmark) stores them encrypted too, each bound to its row', async () => {
    const crypto = cryptoOf(t);
    await seed(t.dataSource, { cases: 40, crypto, log: () => undefined });
    const values = await stored();
    const pattern = new RegExp(CIPHERTEXT_PATTERN);
    for (const [table, column] of [
      ['note', 'title'],
      ['task', 'title'],
      ['deadline', 'title'],
    ])
      expect(
        values.filter((v) => v.table === table && v.column === column).length,
        `${table}.${column}`,
      ).toBeGreaterThan(5);
    for (const v of values) {
      expect(v.value, `${v.table}.${v.column}`).toMatch(pattern);
      expect(crypto.decrypt(v.value, fieldContext(v.table, v.column, v.id))).toBeTruthy();
    }
  });

  // Last: the app's key is no longer current afterwards.
  it('rotate-key re-encrypts them under the new key, and they still read back', async () => {
    const k2 = randomBytes(32);
    const rotated = new FieldEncryption(
      new Map([
        ['k1', t.config.encryptionKeys.get('k1')!],
        ['k2', k2],
      ]),
      'k2',
    );
    expect(await reencryptAll(t.dataSource, rotated, () => undefined)).toBeGreaterThanOrEqual(6);
    const onlyK2 = new FieldEncryption(new Map([['k2', k2]]), 'k2');
    const values = await stored();
    for (const v of values)
      expect(v.value.startsWith('v2.k2.'), `${v.table}.${v.column}`).toBe(true);
    const open = (table: string, column: string, id: string) =>
      onlyK2.decrypt(
        values.find((v) => v.table === table && v.column === column && v.id === id)!.value,
        fieldContext(table, column, id),
      );
    expect(open('note', 'title', ids.note)).toBe(planted.noteTitleNow);
    expect(open('task', 'title', ids.task)).toBe(planted.taskTitle);
    expect(open('task', 'description', ids.task)).toBe(planted.taskDescription);
    expect(open('task', 'review_comment', ids.task)).toBe(planted.reviewComment);
    expect(open('deadline', 'title', ids.deadline)).toBe(`${planted.deadlineTitle} (moved)`);
    const revision = values.find((v) => v.table === 'note_revision')!;
    expect(open('note_revision', 'title', revision.id)).toBe(planted.noteTitle);
    expect(await reencryptAll(t.dataSource, rotated, () => undefined)).toBe(0);
  });
});
