import MarkdownIt from 'markdown-it';

/**
 * Notes are Markdown written by caseworkers, often pasted from messages and documents: the preview
 * must never run what it shows. Raw HTML is escaped (html: false, as the server's claim summary
 * does), links are kept only for http(s), mailto and in-page anchors (no javascript:, data:,
 * vbscript: or file:), and images are not loaded at all (an image URL would tell its host who
 * reads the note). Otherwise the same settings as the server's claim summary, so that the
 * preview shows what the printed summary will (a single line break joins lines, as in Markdown).
 */
const SAFE_LINK = /^(https?:\/\/|mailto:|#)/i;

export function isSafeLink(url: string): boolean {
  return SAFE_LINK.test(url.trim());
}

function createRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.disable('image');
  md.validateLink = isSafeLink;
  const defaultOpen =
    md.renderer.rules.link_open ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    // Links leave Haven in a new tab and tell the other site nothing about where they came from.
    if (!(token.attrGet('href') ?? '').startsWith('#')) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer nofollow');
    }
    return defaultOpen(tokens, idx, options, env, self);
  };
  return md;
}

const renderer = createRenderer();

/** Markdown to HTML that is safe to put into the page (see above). */
export function renderMarkdown(source: string): string {
  return renderer.render(source ?? '');
}
