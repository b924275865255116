import { describe, expect, it } from 'vitest';
import { arrivalUpdate, initialArrival, validateArrival } from './decisionArrival';

const today = '2026-03-10';

describe('how the decision arrived', () => {
  it('starts from what the case says', () => {
    expect(initialArrival({ serviceMethod: null, decisionReceivedOn: null })).toEqual({
      serviceMethod: '',
      decisionReceivedOn: '',
    });
    expect(
      initialArrival({ serviceMethod: 'registered_post', decisionReceivedOn: '2026-03-02' }),
    ).toEqual({ serviceMethod: 'registered_post', decisionReceivedOn: '2026-03-02' });
  });

  it('needs both, a real day and not a future one', () => {
    expect(validateArrival({ serviceMethod: '', decisionReceivedOn: '' }, today)).toEqual({
      serviceMethod: 'ra.validation.required',
      decisionReceivedOn: 'ra.validation.required',
    });
    expect(
      validateArrival({ serviceMethod: 'post', decisionReceivedOn: '2026-02-30' }, today),
    ).toEqual({ decisionReceivedOn: 'haven.validation.day' });
    expect(
      validateArrival({ serviceMethod: 'post', decisionReceivedOn: '2026-03-11' }, today),
    ).toEqual({ decisionReceivedOn: 'haven.validation.not_future' });
    expect(validateArrival({ serviceMethod: 'post', decisionReceivedOn: today }, today)).toEqual(
      {},
    );
  });

  it('sends the two fields, and nothing when the case says so already', () => {
    const record = { serviceMethod: 'post' as const, decisionReceivedOn: '2026-03-02' };
    expect(
      arrivalUpdate(record, {
        serviceMethod: 'reception_centre',
        decisionReceivedOn: '2026-03-02',
      }),
    ).toEqual({ serviceMethod: 'reception_centre', decisionReceivedOn: '2026-03-02' });
    expect(arrivalUpdate(record, { ...record })).toBeNull();
    expect(arrivalUpdate(record, { serviceMethod: '', decisionReceivedOn: '' })).toBeNull();
  });
});
