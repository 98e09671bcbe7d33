/**
 * A small, strict XML parser for S3's answers (a few hundred bytes to a few KB each): elements, text,
 * CDATA, the five predefined entities and character references. Namespace prefixes are dropped from
 * names, attributes are checked for syntax and ignored, comments, processing instructions and the XML
 * declaration are skipped. Anything else (a DTD, an unknown entity, a tag that does not close, text
 * after the root) is an `XmlSyntaxError`: S3 never sends it, and guessing would hide a broken answer.
 */
export interface XmlElement {
  /** Local name (without a namespace prefix). */
  name: string;
  children: XmlElement[];
  /** The element's own text (CDATA and decoded references included), its children's excluded. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at offset ${at}`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const SPACE = /\s*/y;
const ATTRIBUTE = /([A-Za-z_:][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')\s*/y;
const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]*);?/g, (whole, ref: string, offset: number) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError('An "&" that starts no reference', at + offset);
    if (ref in ENTITY) return ENTITY[ref];
    const code = /^#x([0-9a-fA-F]{1,6})$/.exec(ref) ? parseInt(ref.slice(2), 16) : /^#(\d{1,7})$/.exec(ref) ? parseInt(ref.slice(1), 10) : NaN;
    if (!Number.isNaN(code) && code <= 0x10ffff && code !== 0) return String.fromCodePoint(code);
    throw new XmlSyntaxError(`Unknown reference "&${ref};"`, at + offset);
  });
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function parseXml(source: string): XmlElement {
  // XML reads every line ending as a line feed.
  const xml = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  let pos = 0;
  let root: XmlElement | undefined;
  const stack: { element: XmlElement; tag: string }[] = [];

  const skip = (terminator: string, what: string): void => {
    const at = xml.indexOf(terminator, pos);
    if (at < 0) throw new XmlSyntaxError(`Unterminated ${what}`, pos);
    pos = at + terminator.length;
  };

  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > pos) {
      const text = xml.slice(pos, textEnd);
      if (stack.length > 0) stack[stack.length - 1].element.text += decode(text, pos);
      else if (text.trim() !== '') throw new XmlSyntaxError('Text outside the root element', pos);
      pos = textEnd;
      continue;
    }
    if (xml.startsWith('<!--', pos)) skip('-->', 'comment');
    else if (xml.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) throw new XmlSyntaxError('CDATA outside the root element', pos);
      const at = xml.indexOf(']]>', pos);
      if (at < 0) throw new XmlSyntaxError('Unterminated CDATA section', pos);
      stack[stack.length - 1].element.text += xml.slice(pos + 9, at);
      pos = at + 3;
    } else if (xml.startsWith('<?', pos)) skip('?>', 'processing instruction');
    else if (xml.startsWith('<!', pos)) throw new XmlSyntaxError('A document type declaration (not accepted)', pos);
    else if (xml.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2;
      const name = NAME.exec(xml)?.[0];
      const open = stack.pop();
      if (!open || name !== open.tag) throw new XmlSyntaxError(`Closing tag </${name ?? ''}> does not match <${open?.tag ?? ''}>`, pos);
      SPACE.lastIndex = pos + 2 + name.length;
      SPACE.exec(xml);
      if (xml[SPACE.lastIndex] !== '>') throw new XmlSyntaxError(`Malformed closing tag </${name}>`, pos);
      pos = SPACE.lastIndex + 1;
    } else {
      NAME.lastIndex = pos + 1;
      const tag = NAME.exec(xml)?.[0];
      if (!tag) throw new XmlSyntaxError('Malformed tag', pos);
      if (stack.length === 0 && root) throw new XmlSyntaxError('A second root element', pos);
      let at = pos + 1 + tag.length;
      SPACE.lastIndex = at;
      SPACE.exec(xml);
      at = SPACE.lastIndex;
      while (xml[at] !== '>' && xml[at] !== '/') {
        if (at === pos + 1 + tag.length) throw new XmlSyntaxError(`Malformed tag <${tag}`, pos);
        ATTRIBUTE.lastIndex = at;
        const attribute = ATTRIBUTE.exec(xml);
        if (!attribute) throw new XmlSyntaxError(`Malformed attribute in <${tag}>`, at);
        decode(attribute[2], at);
        at = ATTRIBUTE.lastIndex;
      }
      const selfClosing = xml[at] === '/';
      if (selfClosing && xml[at + 1] !== '>') throw new XmlSyntaxError(`Malformed tag <${tag}`, pos);
      const element: XmlElement = { name: localName(tag), children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1].element.children.push(element);
      else root = element;
      if (!selfClosing) stack.push({ element, tag });
      pos = at + (selfClosing ? 2 : 1);
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`Element <${stack[stack.length - 1].tag}> is not closed`, xml.length);
  if (!root) throw new XmlSyntaxError('No root element', 0);
  return root;
}

/** The first child element of that name. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
