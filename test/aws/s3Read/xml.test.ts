/** The strict XML parser of the lean reads: what S3 sends is read, anything else is a located error. */
import assert from 'node:assert/strict';
import { parseXml, XmlSyntaxError } from '../../../src/aws/s3Read/xml';

describe('lean S3 reads: XML', () => {
  it('reads elements, text, references, CDATA; skips the declaration, comments and instructions; drops prefixes', () => {
    const root = parseXml('<?xml version="1.0"?>\n<!-- c --><a:Root xmlns:a="urn:x" b="1"><Item>x &amp; y &lt;&#65;&#x42;&gt; &quot;&apos;</Item><Item><![CDATA[<raw>&amp;]]></Item><?pi x?><Empty/><Spaced >t</Spaced ></a:Root>\n');
    assert.equal(root.name, 'Root');
    assert.deepEqual(root.children.map((c) => [c.name, c.text]), [['Item', 'x & y <AB> "\''], ['Item', '<raw>&amp;'], ['Empty', ''], ['Spaced', 't']]);
  });

  it('reads CRLF as LF and characters beyond the BMP by their code point', () => {
    assert.equal(parseXml('<a>1\r\n2\r3&#x1F600;</a>').text, '1\n2\n3😀');
  });

  for (const [name, xml, message] of [
    ['an unclosed element', '<a><b></b>', /Element <a> is not closed/],
    ['a mismatched closing tag', '<a><b></a></b>', /Closing tag <\/a> does not match <b>/],
    ['a second root', '<a/><b/>', /A second root element/],
    ['text after the root', '<a/>x', /Text outside the root element/],
    ['a DTD (entity expansion)', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /document type declaration/],
    ['an unknown entity', '<a>&nbsp;</a>', /Unknown reference "&nbsp;"/],
    ['a bare ampersand', '<a>fish & chips</a>', /An "&" that starts no reference/],
    ['a malformed attribute', '<a b=1></a>', /Malformed attribute/],
    ['an unterminated comment', '<a><!-- x</a>', /Unterminated comment/],
    ['an unterminated CDATA section', '<a><![CDATA[x</a>', /Unterminated CDATA/],
    ['nothing at all', '  ', /No root element/],
    ['a tag without a name', '<>x</>', /Malformed tag/],
  ] as const) {
    it(`refuses ${name} with its offset`, () => {
      assert.throws(() => parseXml(xml), (err: unknown) => err instanceof XmlSyntaxError && message.test(err.message) && / at offset \d+$/.test(err.message));
    });
  }
});
