/**
 * Just enough XML for the AWS wire formats: a strict reader for request bodies (S3 and S3 Control
 * send small, namespaced documents without mixed content) and string builders for responses.
 */

export interface XmlNode {
  /** Local name: namespace prefixes are dropped, AWS bodies use one default namespace. */
  name: string;
  children: XmlNode[];
  /** Concatenated text directly inside the element (entities decoded). */
  text: string;
}

export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, at: number): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlSyntaxError(`stray '&' near offset ${at}`);
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const named = ENTITIES[ref];
    if (named === undefined) throw new XmlSyntaxError(`unknown entity ${whole} near offset ${at}`);
    return named;
  });
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Parses one document; throws XmlSyntaxError for anything that is not well-formed. */
export function parseXml(source: string): XmlNode {
  let pos = 0;
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  const skipMisc = (): void => {
    for (;;) {
      while (pos < source.length && /\s/.test(source[pos])) pos++;
      if (source.startsWith('<?', pos)) pos = endOf('?>', pos);
      else if (source.startsWith('<!--', pos)) pos = endOf('-->', pos);
      else return;
    }
  };
  const endOf = (terminator: string, from: number): number => {
    const end = source.indexOf(terminator, from);
    if (end < 0) throw new XmlSyntaxError(`unterminated markup at offset ${from}`);
    return end + terminator.length;
  };
  skipMisc();
  while (pos < source.length) {
    if (stack.length === 0 && root) {
      skipMisc();
      if (pos < source.length) throw new XmlSyntaxError(`content after the root element at offset ${pos}`);
      break;
    }
    if (source[pos] !== '<') {
      const next = source.indexOf('<', pos);
      const end = next < 0 ? source.length : next;
      const text = source.slice(pos, end);
      if (stack.length === 0) throw new XmlSyntaxError(`text outside the root element at offset ${pos}`);
      stack[stack.length - 1].text += decodeEntities(text, pos);
      pos = end;
      continue;
    }
    if (source.startsWith('<!--', pos)) {
      pos = endOf('-->', pos);
      continue;
    }
    if (source.startsWith('<![CDATA[', pos)) {
      const end = endOf(']]>', pos);
      if (stack.length === 0) throw new XmlSyntaxError(`CDATA outside the root element at offset ${pos}`);
      stack[stack.length - 1].text += source.slice(pos + 9, end - 3);
      pos = end;
      continue;
    }
    if (source.startsWith('</', pos)) {
      const end = endOf('>', pos);
      const name = localName(source.slice(pos + 2, end - 1).trim());
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlSyntaxError(`unexpected </${name}> at offset ${pos}`);
      pos = end;
      continue;
    }
    const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(pos, pos + 4096));
    if (!tag) throw new XmlSyntaxError(`malformed tag at offset ${pos}`);
    const node: XmlNode = { name: localName(tag[1]), children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(node);
    else if (root) throw new XmlSyntaxError(`second root element at offset ${pos}`);
    else root = node;
    if (tag[3] !== '/') stack.push(node);
    pos += tag[0].length;
  }
  if (!root || stack.length > 0) throw new XmlSyntaxError('the document ends before its root element is closed');
  return root;
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Text of a direct child, trimmed the way AWS trims values; undefined when the child is absent. */
export function childText(node: XmlNode, name: string): string | undefined {
  const c = child(node, name);
  return c ? c.text.trim() : undefined;
}

const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };

/** Text content as S3 writes it (quotes escaped, as in `<ETag>&quot;…&quot;</ETag>`; apostrophes kept). */
export function escapeXml(value: string): string {
  return value.replace(/[<>&"]/g, (ch) => ESCAPES[ch]);
}

/** One element; `content` is already-built XML. An absent or empty content gives `<name/>`. */
export function el(name: string, ...content: (string | undefined | false)[]): string {
  const inner = content.filter((c): c is string => typeof c === 'string').join('');
  return inner ? `<${name}>${inner}</${name}>` : `<${name}/>`;
}

/** A leaf element with escaped text, or nothing when the value is undefined. */
export function leaf(name: string, value: string | number | boolean | undefined): string | undefined {
  return value === undefined ? undefined : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A document whose root carries the service namespace. */
export function documentXml(root: string, namespace: string | undefined, ...content: (string | undefined | false)[]): string {
  const inner = content.filter((c): c is string => typeof c === 'string').join('');
  const ns = namespace ? ` xmlns="${namespace}"` : '';
  return `${XML_DECLARATION}${inner ? `<${root}${ns}>${inner}</${root}>` : `<${root}${ns}/>`}`;
}

/** Serialises a parsed node back (used to echo request fragments, e.g. a job's manifest, in responses). */
export function nodeXml(node: XmlNode): string {
  return node.children.length > 0 ? el(node.name, ...node.children.map(nodeXml)) : `<${node.name}>${escapeXml(node.text)}</${node.name}>`;
}
