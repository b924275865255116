import { describe, expect, it } from 'vitest';
import { isSafeLink, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('# Facts\n\n**Summons** received:\n\n- on paper\n- electronically');
    expect(html).toContain('<h1>Facts</h1>');
    expect(html).toContain('<strong>Summons</strong>');
    expect(html).toContain('<li>on paper</li>');
  });

  it('shows raw HTML as text: no script, no event handler attribute', () => {
    const html = renderMarkdown(
      '<script>window.__xss=1</script>\n\n<img src=x onerror="window.__xss=1">\n\nInline <b onclick="x()">bold</b>',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b /i);
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
  });

  it('drops links to javascript:, data:, vbscript: and file:, however they are written', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'javascript&#58;alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
    ]) {
      const html = renderMarkdown(`[click](${url})`);
      expect(html, url).not.toMatch(/href=/i);
    }
    expect(renderMarkdown('<javascript:alert(1)>')).not.toMatch(/href=/i);
  });

  it('keeps web and mail links, opening outside Haven without a referrer', () => {
    const html = renderMarkdown('[UNHCR](https://www.unhcr.org/) and [mail](mailto:a@b.org)');
    expect(html).toContain(
      '<a href="https://www.unhcr.org/" target="_blank" rel="noopener noreferrer nofollow">UNHCR</a>',
    );
    expect(html).toContain('href="mailto:a@b.org"');
    expect(isSafeLink('#section')).toBe(true);
  });

  it('does not load images (an image URL would tell its host who reads the note)', () => {
    const html = renderMarkdown('![photo](https://tracker.example/pixel.png)');
    expect(html).not.toMatch(/<img/i);
  });
});
