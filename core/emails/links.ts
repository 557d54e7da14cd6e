/**
 * Every link in an email points to our own site: the data carries a path ("/i/abc"), we prefix
 * the configured public base URL. Checked twice, because an email link is a phishing vector:
 * the base must be http(s), and the result must still start with that base (no "//evil.com",
 * no "javascript:", no dot-segments climbing out of a base path).
 */

export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`email baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`email baseUrl must be http(s), got ${url.protocol}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error('email baseUrl must not carry credentials, a query or a fragment');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

const SAFE_PATH = /^\/(?![/\\])[^\s\\]*$/;

/** Returns a function turning a site path into an absolute, validated URL. */
export function linkBuilder(baseUrl: string): (path: string) => string {
  const base = checkBaseUrl(baseUrl);
  const prefix = base + '/';
  return (path) => {
    if (!SAFE_PATH.test(path)) throw new Error(`email link must be a path on our site, got ${JSON.stringify(path)}`);
    const href = new URL(base + path).href;
    if (!href.startsWith(prefix)) throw new Error(`email link escapes the base URL: ${JSON.stringify(path)}`);
    return href;
  };
}
