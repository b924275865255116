/** The parts of a WHATWG URL read here (`shared` compiles without DOM or Node types). */
interface ParsedUrl {
  protocol: string;
  hostname: string;
  pathname: string;
  search: string;
}

/** The global WHATWG `URL` parser, present in Node and in every browser. */
const UrlParser = (globalThis as unknown as { URL: new (url: string) => ParsedUrl }).URL;

/**
 * Whether a rule's source URL names a specific page: an http(s) URL that is not a bare home page
 * (a path of '' or '/' with no query). A home page is no source: it does not say where the rule is.
 */
export function isSpecificSourceUrl(url: string): boolean {
  let parsed: ParsedUrl;
  try {
    parsed = new UrlParser(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (!parsed.hostname) return false;
  const bare = (parsed.pathname === '' || parsed.pathname === '/') && parsed.search === '';
  return !bare;
}
