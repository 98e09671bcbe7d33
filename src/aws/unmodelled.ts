/**
 * What an AWS answer holds that the bundled SDK does not model. The SDK's deserializer drops XML
 * elements it does not know (a feature newer than the SDK), so a document read, merged and written
 * back would lose them without a word. The raw body is kept by a middleware and compared, element by
 * element, with the SDK's output: an element whose member is absent from the output is unmodelled.
 */
import { parseXml, type XmlElement } from './s3Read/xml';

/** The element tree of an XML document (names without their namespace prefix); undefined when it is not well-formed. */
export function xmlElements(xml: string): XmlElement | undefined {
  try {
    return parseXml(xml);
  } catch {
    return undefined;
  }
}

/**
 * The elements of `xml` (below its root) that the SDK's `output` for it does not carry, as paths such
 * as `Rule[1] > Destination > FutureSetting` (list items counted from 0). A flattened list element
 * (`<Rule>`, `<Tag>`) matches the SDK's plural member (`Rules`, `Tags`).
 */
export function unmodelledElements(xml: string, output: unknown): string[] {
  const root = xmlElements(xml);
  const out: string[] = [];
  if (root) compare(root, output, '', out);
  return out;
}

function compare(node: XmlElement, value: unknown, path: string, out: string[]): void {
  if (node.children.length === 0) return;
  if (typeof value !== 'object' || value === null) {
    out.push(`${path || node.name} (its content)`);
    return;
  }
  const members = value as Record<string, unknown>;
  const seen = new Map<string, number>();
  for (const child of node.children) {
    const index = seen.get(child.name) ?? 0;
    seen.set(child.name, index + 1);
    let member = members[child.name];
    if (member === undefined && Array.isArray(members[`${child.name}s`])) member = members[`${child.name}s`];
    const listed = Array.isArray(member);
    const item = listed ? (member as unknown[])[index] : index === 0 ? member : undefined;
    const at = `${path ? `${path} > ` : ''}${child.name}${listed ? `[${index}]` : ''}`;
    if (item === undefined) out.push(at);
    else compare(child, item, at, out);
  }
}

/** Holds the raw body of the last successful answer to one command. */
export interface RawBody {
  text?: string;
}

interface StackOwner {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
  };
}

type Next = (args: unknown) => Promise<{ response: unknown; output?: unknown }>;

/**
 * Keeps the raw body of `command`'s successful answer: a middleware just outside the HTTP handler reads
 * the body, keeps its text, and hands the deserializer the same bytes.
 */
export function keepRawBody(command: StackOwner): RawBody {
  const raw: RawBody = {};
  command.middlewareStack.add(
    (next: Next) => async (args: unknown) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if (response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300 && response.body) {
        const bytes = await collect(response.body);
        raw.text = Buffer.from(bytes).toString('utf8');
        response.body = bytes;
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'keepRawBody' },
  );
  return raw;
}

async function collect(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
