import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

describe('grounds-of-claim notes', () => {
  let t: TestApp;
  let caseworker: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(() => t.close());

  const evidence = [
    {
      kind: 'summons_paper',
      description: 'Paper summons to the military commissariat',
      reference: 'Binder 1, p. 3',
      original: true,
      language: 'ru',
      translated: true,
    },
    {
      kind: 'witness_statement',
      description: 'Statement of the brother',
      reference: null,
      original: false,
      language: 'ru',
      translated: false,
    },
  ];

  it('writes a note with evidence, keeps every earlier version, and adds its ground to the case when asked', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local', { case: { grounds: [] } });
    const created = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'unlawful_conflict',
      title: 'Refusal to shell civilians',
      body: 'First draft.',
      evidence,
      strength: 'moderate',
      addGroundToCase: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      evidenceCount: 2,
      authorId: await t.userId('caseworker@haven.local'),
      status: 'active',
    });
    expect(created.body.evidence).toEqual(evidence);
    const theCase = await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker);
    expect(theCase.body.grounds).toEqual(['unlawful_conflict']);

    const second = await t
      .http()
      .patch(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, body: 'Second draft.' });
    expect(second.status).toBe(200);
    const third = await t
      .http()
      .patch(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 2, body: 'Third draft.', strength: 'strong' });
    expect(third.body.version).toBe(3);
    const revisions = await t
      .http()
      .get(`/api/notes/${created.body.id}/revisions`)
      .set('Authorization', caseworker);
    expect(
      revisions.body.data.map((r: { version: number; body: string }) => [r.version, r.body]),
    ).toEqual([
      [2, 'Second draft.'],
      [1, 'First draft.'],
    ]);
    expect(revisions.body.data[1]).toMatchObject({
      strength: 'moderate',
      evidence,
      editedById: await t.userId('caseworker@haven.local'),
    });
  });

  it('answers a stale version with 409 and loses nothing', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const created = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'political_opinion',
      title: 'Pickets',
      body: 'Original text.',
    });
    await t
      .http()
      .patch(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, body: 'Colleague’s edit.' });
    const stale = await t
      .http()
      .patch(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, body: 'My overwrite.' });
    expect(stale.status).toBe(409);
    const current = await t
      .http()
      .get(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker);
    expect(current.body.body).toBe('Colleague’s edit.');
    const revisions = await t
      .http()
      .get(`/api/notes/${created.body.id}/revisions`)
      .set('Authorization', caseworker);
    expect(revisions.body.data.map((r: { body: string }) => r.body)).toEqual(['Original text.']);
  });

  it('withdraws instead of deleting: the note stays, with its history', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const created = await t
      .http()
      .post('/api/notes')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, ground: 'political_opinion', title: 'Faith', body: 'Text.' });
    const withdrawn = await t
      .http()
      .patch(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, status: 'withdrawn' });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(
      (await t.http().delete(`/api/notes/${created.body.id}`).set('Authorization', caseworker))
        .status,
    ).toBe(404);
    const list = await t
      .http()
      .get(`/api/notes?caseId=${c.id}&status=withdrawn`)
      .set('Authorization', caseworker);
    expect(list.body.total).toBe(1);
  });

  it('keeps titles, bodies, evidence and comments encrypted: not in the tables, not in the data files', async () => {
    const marker = `BODYMARK${Date.now()}`;
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const created = await t
      .http()
      .post('/api/notes')
      .set('Authorization', caseworker)
      .send({
        caseId: c.id,
        ground: 'torture',
        addGroundToCase: true,
        title: `${marker} detention title`,
        body: `${marker} beaten in detention`,
        evidence: [{ kind: 'medical_report', description: `${marker}-evidence`, reference: null }],
      });
    await t
      .http()
      .patch(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, body: `${marker} second version` });
    await t
      .http()
      .post(`/api/notes/${created.body.id}/comments`)
      .set('Authorization', await t.tokenFor('supervisor@haven.local'))
      .send({ body: `${marker} comment` });
    const dump = JSON.stringify([
      await t.dataSource.query('SELECT * FROM note'),
      await t.dataSource.query('SELECT * FROM note_revision'),
      await t.dataSource.query('SELECT * FROM note_comment'),
      await t.dataSource.query('SELECT * FROM audit_event'),
    ]);
    expect(dump).not.toContain(marker);
    // The database files themselves: flush to disk, then search every file of this database.
    await t.ownerQuery('CHECKPOINT');
    const [{ dir }] = await t.ownerQuery<{ dir: string }[]>(
      `SELECT current_setting('data_directory') || '/base/' || oid AS dir FROM pg_database WHERE datname = current_database()`,
    );
    let files = 0;
    for (const file of readdirSync(dir)) {
      const path = join(dir, file);
      if (!statSync(path).isFile()) continue;
      files++;
      expect(readFileSync(path).includes(Buffer.from(marker)), path).toBe(false);
    }
    expect(files).toBeGreaterThan(10);
    // …while the API reads them back.
    const read = await t
      .http()
      .get(`/api/notes/${created.body.id}`)
      .set('Authorization', caseworker);
    expect(read.body.body).toBe(`${marker} second version`);
    expect(read.body.title).toBe(`${marker} detention title`);
  });

  it('searches by case reference and filters by ground, never titles or bodies (encrypted)', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'conscientious_objection',
      title: 'Pacifist upbringing',
      body: 'Mennonite family',
    });
    const search = async (q: string) =>
      (
        await t
          .http()
          .get(`/api/notes?q=${encodeURIComponent(q)}`)
          .set('Authorization', caseworker)
      ).body;
    const byReference = await search(c.reference);
    expect(byReference.total).toBe(1);
    expect(byReference.data[0].title).toBe('Pacifist upbringing');
    expect((await search('Pacifist')).total).toBe(0);
    expect((await search('Mennonite')).total).toBe(0);
    const sorted = await t
      .http()
      .get('/api/notes?sort=title&order=ASC')
      .set('Authorization', caseworker);
    expect(sorted.status).toBe(400);
    expect(
      (
        await t
          .http()
          .get(`/api/notes?caseId=${c.id}&ground=conscientious_objection`)
          .set('Authorization', caseworker)
      ).body.total,
    ).toBe(1);
  });

  it('lets supervisors leave review comments that the author sees; caseworkers cannot comment', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const note = await t
      .http()
      .post('/api/notes')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, ground: 'political_opinion', title: 'Protest', body: 'x' });
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const comment = await t
      .http()
      .post(`/api/notes/${note.body.id}/comments`)
      .set('Authorization', supervisor)
      .send({ body: 'Add the arrest record.' });
    expect(comment.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post(`/api/notes/${note.body.id}/comments`)
          .set('Authorization', caseworker)
          .send({ body: 'me too' })
      ).status,
    ).toBe(403);
    const seen = await t
      .http()
      .get(`/api/notes/${note.body.id}/comments`)
      .set('Authorization', caseworker);
    expect(seen.body.data.map((x: { body: string }) => x.body)).toEqual(['Add the arrest record.']);
    const [read] = await t.dataSource.query<
      { actor_id: string; action: string; details: { comments: number } }[]
    >(
      `SELECT actor_id, action, details FROM audit_event WHERE entity_id = $1 AND summary = 'read the review comments of a note' ORDER BY seq DESC LIMIT 1`,
      [note.body.id],
    );
    expect(read).toMatchObject({
      actor_id: await t.userId('caseworker@haven.local'),
      action: 'read',
      details: { comments: 1 },
    });
    const listed = await t
      .http()
      .get(`/api/notes?id=${note.body.id}`)
      .set('Authorization', caseworker);
    expect(listed.body.data[0].commentCount).toBe(1);
  });

  it('produces the claim summary in the domain’s order of grounds, as JSON, Markdown and safe HTML, and audits it', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local', { case: { grounds: [] } });
    await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'torture',
      addGroundToCase: true,
      title: 'Beatings',
      body: 'Beaten <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
      evidence,
    });
    await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'political_opinion',
      addGroundToCase: true,
      title: 'Pickets',
      body: '**Arrested** twice.',
    });
    const json = await t
      .http()
      .get(`/api/cases/${c.id}/claim-summary`)
      .set('Authorization', caseworker);
    expect(json.body.grounds.map((g: { ground: string }) => g.ground)).toEqual([
      'political_opinion',
      'torture',
    ]);
    expect(json.body.grounds[1].notes[0].evidence).toEqual(
      evidence.map((item) => ({ ...item, kindLabel: expect.any(String), document: null })),
    );
    const md = await t
      .http()
      .get(`/api/cases/${c.id}/claim-summary?format=markdown`)
      .set('Authorization', caseworker);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.text).toContain('## Political opinion');
    expect(md.text).toContain(
      '| Paper summons to the military commissariat | Summons (paper) | Binder 1, p. 3 | original | Russian | yes |',
    );
    const html = await t
      .http()
      .get(`/api/cases/${c.id}/claim-summary?format=html`)
      .set('Authorization', caseworker);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('<strong>Arrested</strong>');
    expect(html.text).not.toMatch(/<script>alert|href="javascript:|<img src=x onerror/);
    expect(
      (
        await t
          .http()
          .get(`/api/cases/${c.id}/claim-summary?format=pdf`)
          .set('Authorization', caseworker)
      ).status,
    ).toBe(400);
    const audited = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'claim_summary' AND entity_id = $1`,
      [c.id],
    );
    expect(audited[0].n).toBe(3);
  });
});
