import { CircularProgress, ThemeProvider } from '@mui/material';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { I18nContext } from 'react-admin';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { LabelledProgress } from './LabelledProgress';
import { theme } from './theme';

const render = (locale: 'en' | 'ru', node: React.ReactNode) =>
  renderToStaticMarkup(
    <I18nContext.Provider value={polyglotI18nProvider(() => (locale === 'ru' ? ru : en), locale)}>
      {/* Inside the app's theme, as react-admin's <Admin> puts every page. */}
      <ThemeProvider theme={theme}>
        <LabelledProgress>{node}</LabelledProgress>
      </ThemeProvider>
    </I18nContext.Provider>,
  );

describe('LabelledProgress', () => {
  it('names every spinner in the user’s language', () => {
    const loading = (locale: 'en' | 'ru') =>
      ((locale === 'ru' ? ru : en) as { ra: { page: { loading: string } } }).ra.page.loading;
    for (const locale of ['en', 'ru'] as const) {
      const html = render(locale, <CircularProgress size={24} />);
      expect(html).toContain('role="progressbar"');
      expect(html).toContain(`aria-label="${loading(locale)}"`);
    }
  });

  it('leaves a spinner that names itself as it is', () => {
    const html = render('en', <CircularProgress aria-label="Uploading" />);
    expect(html).toContain('aria-label="Uploading"');
    expect(html.match(/aria-label=/g)).toHaveLength(1);
  });
});
