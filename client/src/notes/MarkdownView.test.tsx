import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownView } from './MarkdownView';

const render = (source: string) =>
  renderToStaticMarkup(<MarkdownView source={source} testId="md" />);

describe('MarkdownView', () => {
  it('renders with the shared renderer: an image is its alt text, never an <img> or a link to its URL', () => {
    const html = render('Scan: ![the summons](https://tracker.example/pixel.png)');
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('Scan: the summons');
  });

  it('shows raw HTML as text and keeps only http(s) and mailto links, opening in a new tab', () => {
    const html = render(
      '<b onclick="x()">hi</b> [bad](javascript:alert(1)) [file](file:///etc/passwd) [ok](https://www.unhcr.org/)',
    );
    expect(html).not.toMatch(/<b |href="(javascript|file):/i);
    expect(html).toContain('&lt;b onclick=');
    expect(html).toContain(
      '<a href="https://www.unhcr.org/" target="_blank" rel="noopener noreferrer nofollow">ok</a>',
    );
  });
});
