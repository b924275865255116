import { describe, expect, it } from 'vitest';
import { nameKey } from './name-key.js';

describe('nameKey', () => {
  it.each([
    [['Дмитрий Андреевич Соколов'], ['Dmitrii', 'Sokolov']],
    [['Dmitriy Sokolov'], ['Dmitry', 'Sokolov']],
    [['Алексей'], ['Alexey']],
    [['Aleksei'], ['Alexey']],
    [['Юлия Ковальчук'], ['Yuliia', 'Kovalchuk']],
    [['Julia Kovalchuk'], ['Iuliia', 'Kovalchuk']],
    [['Юлія Ковальчук'], ['Yulia Kovalchuk']],
    [['ዮናስ ተስፋይ'], ['Yonas', 'Tesfay']],
    [['Sokolov Dmitrii'], ['Dmitrii', 'Sokolov']],
    [['Аляксандр Каваленка'], ['Aliaksandr', 'Kavalenka']],
    [['Фёдоров Артём'], ['Artem', 'Fedorov']],
    [['Hrynevich'], ['Грыневіч']],
  ])('%j and %j have the same key', (a, b) => {
    expect(nameKey(...a)).not.toBe('');
    expect(nameKey(...a)).toBe(nameKey(...b));
  });

  it('drops patronymics and sorts words', () => {
    expect(nameKey('Дмитрий Андреевич Соколов')).toBe('dmitri sokolov');
    expect(nameKey('Olha Belova')).toBe(nameKey('Ольга Белова'));
    expect(nameKey('Ольга Сергеевна Белова')).toBe('belova olha');
    expect(nameKey('Pavel Karpovich')).toBe('karpovich pavel');
    expect(nameKey('Павел Сергеевич Карпович')).toBe('karpovich pavel');
  });

  it('keeps different names apart', () => {
    expect(nameKey('Yulia Kovalenko')).not.toBe(nameKey('Юлия Ковальчук'));
  });
});
