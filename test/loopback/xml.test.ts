/** The endpoint's XML reader: strict about well-formedness (S3 answers MalformedXML), lenient about namespaces. */
import { strict as assert } from 'node:assert';
import { childText, documentXml, el, leaf, parseXml, XmlSyntaxError } from '../../loopback/protocol/xml';
import { startLoopback } from '../../loopback';
import { rawRequest, sigv4Headers } from './helpers';

describe('loopback: XML', () => {
  it('reads elements, entities, CDATA and prefixed names', () => {
    const root = parseXml('<?xml version="1.0"?>\n<!-- c --><s3:Root xmlns:s3="urn:x"><A>1 &amp; 2 &lt;&#65;&#x42;&gt;</A><B><![CDATA[<raw>]]></B><C/></s3:Root>');
    assert.equal(root.name, 'Root');
    assert.equal(childText(root, 'A'), '1 & 2 <AB>');
    assert.equal(childText(root, 'B'), '<raw>');
    assert.equal(childText(root, 'C'), '');
    assert.equal(childText(root, 'D'), undefined);
  });

  for (const [what, text] of [
    ['mismatched tags', '<A><B></A></B>'],
    ['an unclosed root', '<A><B/>'],
    ['two roots', '<A/><B/>'],
    ['text outside the root', 'x<A/>'],
    ['an unknown entity', '<A>&nbsp;</A>'],
    ['a bare ampersand', '<A>a & b</A>'],
    ['nothing at all', '   '],
  ]) {
    it(`refuses ${what}`, () => assert.throws(() => parseXml(text), XmlSyntaxError));
  }

  it('writes escaped text and empty elements the way S3 does', () => {
    assert.equal(el('A', leaf('ETag', '"abc"'), leaf('K', "a<b>&c'd"), undefined), '<A><ETag>&quot;abc&quot;</ETag><K>a&lt;b&gt;&amp;c\'d</K></A>');
    assert.equal(documentXml('Empty', 'urn:ns'), '<?xml version="1.0" encoding="UTF-8"?>\n<Empty xmlns="urn:ns"/>');
  });

  it('answers a PutBucketReplication body that is not well-formed with MalformedXML', async () => {
    const server = await startLoopback({ scenario: { buckets: [{ name: 'src', versioning: 'Enabled' }] } });
    try {
      const res = await rawRequest(server.url, '/src?replication', { method: 'PUT', headers: sigv4Headers('s3'), body: '<ReplicationConfiguration><Role>r</Rule></ReplicationConfiguration>' });
      assert.equal(res.status, 400);
      assert.match(res.body, /<Code>MalformedXML<\/Code><Message>The XML you provided was not well-formed or did not validate against our published schema<\/Message>/);
      const unknown = await rawRequest(server.url, '/src?replication', { method: 'PUT', headers: sigv4Headers('s3'), body: '<ReplicationConfiguration><Role>r</Role><Colour>red</Colour></ReplicationConfiguration>' });
      assert.match(unknown.body, /<Code>MalformedXML<\/Code>/, 'elements outside the schema are refused too');
    } finally {
      await server.close();
    }
  });
});
