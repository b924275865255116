import { describe, expect, it } from 'vitest';
import { isAllowedMarkdownLink, renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown(
      '# Facts\n\n**Summons** received:\n\n- on paper\n- electronically\n\n| a | b |\n| --- | --- |\n| 1 | 2 |',
    );
    expect(html).toContain('<h1>Facts</h1>');
    expect(html).toContain('<strong>Summons</strong>');
    expect(html).toContain('<li>on paper</li>');
    expect(html).toContain('<td>1</td>');
  });

  it('shows raw HTML as text: no tag, no script, no event handler', () => {
    const html = renderMarkdown(
      '<script>window.__xss=1</script>\n\n<img src=x onerror="window.__xss=1">\n\nInline <b onclick="x()">bold</b> and <a href="javascript:alert(1)">a</a>',
    );
    expect(html).not.toMatch(/<(script|img|b|a)[\s>]/i);
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
  });

  it('renders an image as its alt text, never as <img> and never with its URL', () => {
    const html = renderMarkdown(
      'Photo: ![the *summons*](https://tracker.example/pixel.png "t") and ![](https://tracker.example/empty.png)',
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('Photo: the summons and ');
  });

  it('escapes markup in an image alt text', () => {
    const html = renderMarkdown('![<b>x</b> & "y"](https://tracker.example/p.png)');
    expect(html).not.toMatch(/<img|<b>/i);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
  });

  it('renders reference-style images as alt text too', () => {
    const html = renderMarkdown(
      'See ![scan][1] and ![scan2]\n\n[1]: https://tracker.example/a.png\n[scan2]: https://tracker.example/b.png',
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('See scan and scan2');
  });

  it('keeps no link to javascript:, data:, vbscript:, file: or relative destinations, however written', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'javascript&#58;alert(1)',
      '&#106;avascript:alert(1)',
      '<javascript:alert(1)>',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      'evil.example/x',
      '#section',
      '',
    ]) {
      const html = renderMarkdown(`[click](${url})`);
      expect(html, url).not.toMatch(/<a\b|href=/i);
      expect(html, url).toContain('click');
    }
  });

  it('refuses unsafe autolinks and keeps them as text', () => {
    for (const autolink of [
      '<javascript:alert(1)>',
      '<data:text/html,x>',
      '<vbscript:x>',
      '<file:///etc/passwd>',
    ]) {
      const html = renderMarkdown(autolink);
      expect(html, autolink).not.toMatch(/<a\b|href=/i);
      expect(html, autolink).toContain('&lt;');
    }
  });

  it('makes safe autolinks (web and e-mail) into links that open outside Haven', () => {
    const html = renderMarkdown('<https://www.unhcr.org/> or <help@example.org>');
    expect(html).toContain(
      '<a href="https://www.unhcr.org/" target="_blank" rel="noopener noreferrer nofollow">https://www.unhcr.org/</a>',
    );
    expect(html).toContain(
      '<a href="mailto:help@example.org" target="_blank" rel="noopener noreferrer nofollow">help@example.org</a>',
    );
  });

  it('does not turn bare URLs into links', () => {
    expect(renderMarkdown('see https://www.unhcr.org/')).not.toMatch(/<a\b/);
  });

  it('keeps web and mail links, opening in a new tab without a referrer', () => {
    const html = renderMarkdown(
      '[UNHCR](https://www.unhcr.org/ "Agency") and [mail](mailto:a@b.org) and [plain](http://example.org)',
    );
    expect(html).toContain(
      '<a href="https://www.unhcr.org/" title="Agency" target="_blank" rel="noopener noreferrer nofollow">UNHCR</a>',
    );
    expect(html).toContain(
      '<a href="mailto:a@b.org" target="_blank" rel="noopener noreferrer nofollow">mail</a>',
    );
    expect(html).toContain(
      '<a href="http://example.org" target="_blank" rel="noopener noreferrer nofollow">plain</a>',
    );
  });

  it('applies the same rule to reference-style links', () => {
    const html = renderMarkdown(
      '[good][1], [bad][2] and [worse]\n\n[1]: https://example.org\n[2]: javascript:alert(1)\n[worse]: data:text/html,x',
    );
    expect(html).toContain(
      '<a href="https://example.org" target="_blank" rel="noopener noreferrer nofollow">good</a>',
    );
    expect(html).not.toMatch(/href="(javascript|data)/i);
    expect(html.match(/<a\b/g)).toHaveLength(1);
  });

  it('quotes attribute values so a URL cannot break out of href', () => {
    const html = renderMarkdown('[x](https://example.org/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });

  it('says which link destinations are allowed', () => {
    expect(isAllowedMarkdownLink('https://x.org')).toBe(true);
    expect(isAllowedMarkdownLink('MAILTO:a@b.org')).toBe(true);
    expect(isAllowedMarkdownLink('javascript:alert(1)')).toBe(false);
    expect(isAllowedMarkdownLink('ftp://x.org')).toBe(false);
  });

  it('renders nothing for an empty or missing source', () => {
    expect(renderMarkdown('')).toBe('');
  });
});
