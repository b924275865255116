import { describe, expect, it } from 'vitest';
import { clientPayload, validateClient } from './clientForm';

const TODAY = '2026-11-28';
const valid = { givenName: 'Aster', familyName: 'Tesfay', sex: 'female', nationality: 'ER' };

describe('client edit form', () => {
  it('accepts a valid client and nests row errors for array inputs', () => {
    expect(validateClient(valid, TODAY)).toEqual({});
    expect(
      validateClient(
        { ...valid, documents: [{ kind: '', number: 'X1' }], stays: [{ entryDate: '2027-01-01' }] },
        TODAY,
      ),
    ).toEqual({
      documents: [{ kind: 'ra.validation.required' }],
      stays: [{ entryDate: 'haven.validation.not_future' }],
    });
  });

  it('wants consent complete once any part is given', () => {
    expect(validateClient({ ...valid, consent: { scopes: ['data_processing'] } }, TODAY)).toEqual({
      consent: { givenOn: 'ra.validation.required', language: 'ra.validation.required' },
    });
    expect(validateClient({ ...valid, consent: { scopes: [], givenOn: null } }, TODAY)).toEqual({});
  });

  it('sends cleared fields as null, drops empty rows and keeps row key order', () => {
    const payload = clientPayload({
      ...valid,
      givenName: ' Aster ',
      phone: '  ',
      currentCity: '',
      documents: [
        { kind: 'visa', number: ' A1 ', issuingCountry: '', expiresOn: null },
        { kind: '', number: '', issuingCountry: null, expiresOn: '' },
      ],
      consent: { scopes: [], givenOn: '', language: '' },
    });
    expect(payload).toMatchObject({
      givenName: 'Aster',
      phone: null,
      currentCity: null,
      consent: null,
    });
    expect(payload.documents).toEqual([
      { kind: 'visa', number: 'A1', issuingCountry: null, expiresOn: null },
    ]);
    expect(Object.keys((payload.documents as object[])[0])).toEqual([
      'kind',
      'number',
      'issuingCountry',
      'expiresOn',
    ]);
  });
});
