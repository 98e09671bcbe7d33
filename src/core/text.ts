/**
 * Findings are written in a little markdown: `code` for member names, values and commands, rarely
 * **bold** or a [link](url). Hovers and tooltips render it; the Problems panel, notifications, tree
 * labels, dialogs and the CLI show text as it is, where backticks would appear literally. Surfaces
 * that do not render markdown show `plainText(message)`.
 */

/**
 * The text a reader sees once the markdown is rendered: code spans keep their content without the
 * backticks, `**bold**` and `*emphasis*` lose their stars, a link becomes "text (url)", and escaped
 * characters (`\*`, `\_`, `\[`) lose the backslash; other backslashes (a Windows path) stay. Anything
 * else, stars inside code spans included, is kept.
 */
export function plainText(markdown: string): string {
  if (!/[`*\\[]/.test(markdown)) return markdown;
  let out = '';
  let i = 0;
  const n = markdown.length;
  while (i < n) {
    const c = markdown[i];
    if (c === '`') {
      let run = 1;
      while (markdown[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const close = markdown.indexOf(fence, i + run);
      // An unmatched backtick is a literal one.
      if (close < 0 || markdown[close + run] === '`') {
        out += fence;
        i += run;
        continue;
      }
      let code = markdown.slice(i + run, close);
      // CommonMark: one space on each side is padding (it lets a span start or end with a backtick).
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
      out += code;
      i = close + run;
      continue;
    }
    if (c === '\\' && i + 1 < n && /[\\`*_[\]]/.test(markdown[i + 1])) {
      out += markdown[i + 1];
      i += 2;
      continue;
    }
    if (c === '*') {
      const strong = markdown.startsWith('**', i);
      const mark = strong ? '**' : '*';
      const close = markdown.indexOf(mark, i + mark.length);
      // Emphasis needs text right inside the stars: `s3:Get*` or `a * b` are not emphasis.
      const inner = close < 0 ? '' : markdown.slice(i + mark.length, close);
      if (close > 0 && inner.length > 0 && !/^\s|\s$/.test(inner) && !inner.includes('`')) {
        out += plainText(inner);
        i = close + mark.length;
        continue;
      }
    }
    if (c === '[') {
      const link = /^\[([^\]]*)\]\(([^)\s]+)\)/.exec(markdown.slice(i));
      if (link) {
        out += `${plainText(link[1])} (${link[2]})`;
        i += link[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}
