/**
 * The one HTML escaper: `& < > " '` become entities, so text typed by a customer (a client named
 * `Rossi & <script>`) is always shown as text, in element content and in quoted attributes alike.
 * Used by the email templates, the web pages and the back-office's own pages.
 */
export function escapeHtml(s: string): string {
  // Most values (order numbers, amounts) contain none of the five characters: return them as they are.
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38 || c === 60 || c === 62 || c === 34 || c === 39) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38) out += '&amp;';
    else if (c === 60) out += '&lt;';
    else if (c === 62) out += '&gt;';
    else if (c === 34) out += '&quot;';
    else if (c === 39) out += '&#39;';
    else out += s[i];
  }
  return out;
}
