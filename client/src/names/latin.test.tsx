import polyglotI18nProvider from 'ra-i18n-polyglot';
import { I18nContext } from 'react-admin';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { en as appEn } from '../i18n/en';
import { ru as appRu } from '../i18n/ru';
import { ReferenceChip, referenceKind } from '../common/ReferenceField';
import { LatinHint } from './LatinHint';
import { checkLatin } from './latin';
import { en, ru } from './messages';
import { expectSameShape } from '../dashboard/messageChecks';

const render = (locale: 'en' | 'ru', node: React.ReactNode) =>
  renderToStaticMarkup(
    <I18nContext.Provider
      value={polyglotI18nProvider(() => (locale === 'ru' ? appRu : appEn), locale)}
    >
      {node}
    </I18nContext.Provider>,
  );

describe('checkLatin', () => {
  it('passes Latin, accents, digits, punctuation and empty values', () => {
    for (const value of ['Dmitrii', 'Zoë O’Brien-Łukasik', 'a.b@example.org', '', null, 42]) {
      expect(checkLatin(value), String(value)).toBeNull();
    }
  });

  it('finds Cyrillic and offers the passport spelling (ICAO 9303, as the name keys)', () => {
    // Each letter once.
    expect(checkLatin('Дмитрий')).toEqual({
      letters: ['Д', 'м', 'и', 'т', 'р', 'й'],
      latin: 'Dmitrii',
    });
    expect(checkLatin('Юлия')?.latin).toBe('Iuliia');
    expect(checkLatin('Щукин')?.latin).toBe('Shchukin');
  });

  it('finds a Cyrillic letter hidden in a Latin word (a keyboard layout slip)', () => {
    // "Ivаnov" with a Cyrillic а: looks right, searches and matches wrong.
    expect(checkLatin('Iv\u0430nov')).toEqual({ letters: ['\u0430'], latin: 'Ivanov' });
  });

  it('romanises Ge’ez; warns without an offer for a script it has no table for', () => {
    expect(checkLatin('ዮናስ')?.latin).toBe('Yonas');
    const arabic = checkLatin('أحمد');
    expect(arabic?.letters.length).toBe(4);
    expect(arabic?.latin).toBeNull();
  });
});

describe('LatinHint', () => {
  it('warns in Russian with a button that writes the transliteration', () => {
    const html = render('ru', <LatinHint value="Дмитрий" onTransliterate={() => undefined} />);
    expect(html).toContain('Написано не латиницей: нужно так, как в паспорте.');
    expect(html).toContain('<button');
    expect(html).toContain('Написать как Dmitrii');
  });

  it('warns in English; without a transliteration to offer there is no button', () => {
    const html = render('en', <LatinHint value="أحمد" onTransliterate={() => undefined} />);
    expect(html).toContain('Not in Latin letters: write it as the passport does.');
    expect(html).toContain('Type it as the passport spells it.');
    expect(html).not.toContain('<button');
  });

  it('warns only (no button) where transliterating makes no sense, e.g. an e-mail address', () => {
    const html = render('en', <LatinHint value="дима@example.org" kind="address" />);
    expect(html).toContain('most mail services take Latin letters only. Not Latin: д и м а');
    expect(html).not.toContain('<button');
  });

  it('names the letters that are not Latin in a Latin word, at most six', () => {
    expect(render('ru', <LatinHint value={'Iv\u0430n'} />)).toContain(
      'Только латиницей, как в паспорте. Не латинские буквы: \u0430',
    );
    const html = render('en', <LatinHint value="Alex Александр Щербаков" />);
    expect(html).toContain('Not Latin: А л е к с а …');
  });

  it('says nothing for a Latin value', () => {
    expect(render('en', <LatinHint value="Dmitrii" onTransliterate={() => undefined} />)).toBe('');
  });
});

describe('ReferenceChip', () => {
  it('tells the client and case series apart by prefix', () => {
    expect(referenceKind('CL-2026-00041')).toBe('client');
    expect(referenceKind('HV-2026-00042')).toBe('case');
    expect(referenceKind('X-1')).toBeNull();
  });

  it('gives each series its icon, its colour and its name for a screen reader', () => {
    const client = render('ru', <ReferenceChip reference="CL-2026-00041" />);
    const kase = render('ru', <ReferenceChip reference="HV-2026-00042" />);
    expect(client).toContain('data-reference-kind="client"');
    expect(kase).toContain('data-reference-kind="case"');
    expect(client).toContain('Номер клиента');
    expect(kase).toContain('Номер дела');
    expect(client).toContain('PersonOutlinedIcon');
    expect(kase).toContain('FolderOutlinedIcon');
    expect(client).not.toBe(kase.replace('HV-2026-00042', 'CL-2026-00041'));
  });
});

describe('names messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });
});
