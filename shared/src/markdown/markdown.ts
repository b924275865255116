import MarkdownIt from 'markdown-it';

/**
 * Link schemes a rendered note may point to. Anything else (javascript:, data:, vbscript:, file:,
 * protocol-relative `//host`, relative paths that a downloaded file would resolve against the disk)
 * stays plain text.
 */
const ALLOWED_LINK = /^(?:https?:|mailto:)/i;

/** Whether a (normalised) link destination may become an `href` in rendered Markdown. */
export function isAllowedMarkdownLink(url: string): boolean {
  return ALLOWED_LINK.test(url.trim());
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function createRenderer(): MarkdownIt {
  // html: false escapes raw HTML; linkify stays off so only what the author wrote as a link is one.
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = isAllowedMarkdownLink;
  // Never an <img>: a remote image tells its host who reads the note, and from where. The image is
  // still parsed (so its URL never shows up as a link either) and rendered as its alt text.
  md.renderer.rules.image = (tokens, idx, options, env, self) =>
    escapeHtml(self.renderInlineAsText(tokens[idx].children ?? [], options, env));
  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    if (!isAllowedMarkdownLink(token.attrGet('href') ?? '')) {
      // An empty or refused destination (`[x]()`) keeps its text and loses the link.
      const close = tokens.findIndex((t, i) => i > idx && t.type === 'link_close');
      if (close !== -1) tokens[close].hidden = true;
      return '';
    }
    // Links leave Haven in a new tab and tell the other site nothing about where they came from.
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer nofollow');
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

let renderer: MarkdownIt | undefined;

/**
 * The one Markdown renderer of Haven, used by the web client's note view and the server's claim
 * summary alike, so that the preview shows what the downloaded summary will: raw HTML shown as text,
 * images shown as their alt text, links only to http(s) and mailto, opening in a new tab without a
 * referrer. The output is safe to put into a page as HTML.
 */
export function renderMarkdown(source: string): string {
  renderer ??= createRenderer();
  return renderer.render(source ?? '');
}
