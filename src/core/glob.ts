/**
 * Glob matching for the `fileKinds` setting and the CLI's `--kind`: `**`, `*`, `?`, `{a,b}`.
 * A pattern without a slash matches the file name alone, as in VS Code's `jsonValidation.fileMatch`.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let re = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      re += '(?:';
      inGroup = true;
    } else if (c === '}' && inGroup) {
      re += ')';
      inGroup = false;
    } else if (c === ',' && inGroup) re += '|';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const out = new RegExp(`^${re}$`);
  cache.set(glob, out);
  return out;
}

/** `path` uses forward slashes and is relative to the workspace (or the current directory). */
export function globMatches(glob: string, path: string): boolean {
  const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const target = glob.includes('/') ? normalized : normalized.slice(normalized.lastIndexOf('/') + 1);
  return globToRegExp(glob.replace(/^\.\//, '')).test(target);
}
