import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptFiledLeftovers } from '../src/encryption/encrypt-leftovers.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * What finds a person is ciphertext at rest (issue 24): a database dump, a backup or the hosting
 * provider's disk shows neither a client's phone nor their city, papers, family, route or the
 * authorities' file numbers. Names, date of birth and nationality stay in clear by design (the
 * README's threat model), which the file scan below uses as its control.
 */
describe('data at rest', () => {
  let t: TestApp;
  const tag = randomBytes(4).toString('hex');
  const digits = String(100_000_000 + (randomBytes(4).readUInt32BE() % 899_999_999));
  const planted = {
    phone: `+7 915 ${digits}`,
    email: `hidden.${tag}@example.org`,
    city: `Zelenogorsk${tag}`,
    route: `Upper Lars on foot ${tag}`,
    passport: `PX${tag}77`,
    dependant: `Anya${tag}`,
    fileNumber: `BAMF-${tag}-431`,
    familyName: `Clearname${tag}`,
  };
  let clientId = '';
  let caseId = '';

  beforeAll(async () => {
    t = await startTestApp();
    const created = await intake(t, 'caseworker@haven.local', {
      client: {
        familyName: planted.familyName,
        phone: planted.phone,
        email: planted.email,
        currentCity: planted.city,
        entryRoute: planted.route,
        documents: [
          {
            kind: 'international_passport',
            number: planted.passport,
            issuingCountry: 'RU',
            expiresOn: '2029-01-31',
          },
        ],
        dependants: [
          {
            name: planted.dependant,
            relationship: 'daughter',
            dateOfBirth: null,
            accompanying: true,
          },
        ],
      },
      case: {
        summonsDate: '2022-09-23',
        desertionDate: '2022-10-02',
        authorityReferences: [{ authority: 'BAMF', reference: planted.fileNumber }],
      },
    });
    clientId = created.client.id;
    caseId = created.case.id;
  });
  afterAll(() => t.close());

  it('reads every encrypted field back as it was given', async () => {
    const auth = await t.tokenFor('caseworker@haven.local');
    const client = await t.http().get(`/api/clients/${clientId}`).set('Authorization', auth);
    expect(client.status).toBe(200);
    expect(client.body).toMatchObject({
      phone: planted.phone,
      email: planted.email,
      safeContactChannel: 'signal',
      currentCity: planted.city,
      entryRoute: planted.route,
      documents: [{ number: planted.passport }],
      dependants: [{ name: planted.dependant }],
    });
    const list = await t.http().get(`/api/clients?id=${clientId}`).set('Authorization', auth);
    expect(list.body.data[0].currentCity).toBe(planted.city);
    const legalCase = await t.http().get(`/api/cases/${caseId}`).set('Authorization', auth);
    expect(legalCase.body).toMatchObject({
      summonsDate: '2022-09-23',
      desertionDate: '2022-10-02',
      authorityReferences: [{ authority: 'BAMF', reference: planted.fileNumber }],
    });
  });

  it('keeps ciphertext, bound to the row, in every such column', async () => {
    const [client] = await t.dataSource.query<Record<string, string | null>[]>(
      `SELECT phone, phone_index, email, safe_contact_channel, current_city, entry_route, documents, dependants
         FROM client WHERE id = $1`,
      [clientId],
    );
    const [legalCase] = await t.dataSource.query<Record<string, string | null>[]>(
      'SELECT summons_date, desertion_date, authority_references FROM legal_case WHERE id = $1',
      [caseId],
    );
    for (const [column, value] of Object.entries({ ...client, ...legalCase })) {
      if (column === 'phone_index') continue;
      expect(value, column).toMatch(/^v2\.k1\./);
      for (const secret of [...Object.values(planted), '2022-09-23', '2022-10-02', digits])
        expect(value, column).not.toContain(secret);
    }
    // The phone's blind index is neither the number nor its digits, and not a plain hash of them.
    expect(client.phone_index).toMatch(/^[\w-]{43}$/);
    expect(client.phone_index).not.toContain(digits);
    // Bound to its row and column: the same ciphertext does not open as another client's city.
    const crypto = FieldEncryption.fromConfig(t.config);
    expect(crypto.decrypt(client.current_city, `client.current_city:${clientId}`)).toBe(
      planted.city,
    );
    expect(() =>
      crypto.decrypt(client.current_city, `client.current_city:${randomUUID()}`),
    ).toThrow();
    expect(() => crypto.decrypt(client.current_city, `client.entry_route:${clientId}`)).toThrow();
  });

  it('still finds a returning client by phone, whatever the formatting, through the blind index', async () => {
    const response = await t
      .http()
      .get('/api/clients/possible-duplicates')
      .query({ phone: `+7 (915) ${digits.slice(0, 3)}-${digits.slice(3)}` })
      .set('Authorization', await t.tokenFor('caseworker@haven.local'));
    expect(response.status).toBe(200);
    const match = response.body.data.find((m: { id?: string }) => m.id === clientId);
    expect(match?.reasons).toContain('same phone');
  });

  it('encrypts the plaintext an older Haven left, at start-up, and indexes its phone', async () => {
    const older = await intake(t, 'caseworker@haven.local');
    // As the migration leaves a row written before it: plaintext in the now-encrypted columns.
    await t.dataSource.query(
      `UPDATE client SET phone = '+49 151 2222 3333', phone_index = NULL, current_city = 'Leipzig',
              documents = '[{"kind":"international_passport","number":"OLD-77","issuingCountry":"RU","expiresOn":null}]'
        WHERE id = $1`,
      [older.client.id],
    );
    await t.dataSource.query(
      `UPDATE legal_case SET summons_date = '2022-09-30', authority_references = '[{"authority":"BAMF","reference":"OLD-1"}]'
        WHERE id = $1`,
      [older.case.id],
    );
    await t.dataSource.query(
      `INSERT INTO encryption_backfill (table_name, column_name)
       VALUES ('client', 'phone'), ('client', 'current_city'), ('client', 'documents'),
              ('legal_case', 'summons_date'), ('legal_case', 'authority_references')
       ON CONFLICT DO NOTHING`,
    );
    const crypto = FieldEncryption.fromConfig(t.config);
    expect(await encryptFiledLeftovers(t.dataSource, crypto)).toBeGreaterThanOrEqual(5);
    const [raw] = await t.dataSource.query<Record<string, string>[]>(
      'SELECT phone, phone_index, current_city, documents FROM client WHERE id = $1',
      [older.client.id],
    );
    for (const column of ['phone', 'current_city', 'documents'])
      expect(raw[column], column).toMatch(/^v2\.k1\./);
    expect(raw.phone_index).toBe(crypto.blindIndex('phone', '+4915122223333'));
    const auth = await t.tokenFor('caseworker@haven.local');
    const client = await t.http().get(`/api/clients/${older.client.id}`).set('Authorization', auth);
    expect(client.body).toMatchObject({
      phone: '+49 151 2222 3333',
      currentCity: 'Leipzig',
      documents: [{ number: 'OLD-77' }],
    });
    const legalCase = await t.http().get(`/api/cases/${older.case.id}`).set('Authorization', auth);
    expect(legalCase.body).toMatchObject({
      summonsDate: '2022-09-30',
      authorityReferences: [{ reference: 'OLD-1' }],
    });
    expect(await t.dataSource.query('SELECT * FROM encryption_backfill')).toEqual([]);
  });

  it('leaves no planted phone, city or paper in clear anywhere in the database files or the WAL', async () => {
    await t.ownerQuery('CHECKPOINT');
    const files = await t.ownerQuery<{ path: string }[]>(
      `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c
        WHERE c.relkind IN ('r', 't', 'i', 'm') AND pg_relation_filepath(c.oid) IS NOT NULL
       UNION ALL
       SELECT 'pg_wal/' || name FROM pg_ls_waldir()`,
    );
    const found = new Set<string>();
    const needles = { ...planted, digits };
    for (const { path } of files) {
      const [{ bytes }] = await t.ownerQuery<{ bytes: Buffer }[]>(
        `SELECT CASE WHEN (pg_stat_file($1, true)).size IS NULL THEN ''::bytea
                     ELSE pg_read_binary_file($1, true) END AS bytes`,
        [path],
      );
      if (!bytes) continue;
      for (const [name, needle] of Object.entries(needles))
        if (bytes.includes(Buffer.from(needle, 'utf8'))) found.add(name);
    }
    // The control: a name stays in clear by design, so the scan does see plaintext where there is some.
    expect(found.has('familyName')).toBe(true);
    found.delete('familyName');
    expect([...found]).toEqual([]);
  });
});
