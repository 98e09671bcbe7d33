/** Elements of an answer the SDK does not model, found by comparing the raw XML with the SDK's output. */
import { strict as assert } from 'node:assert';
import { unmodelledElements, xmlElements } from '../../src/aws/unmodelled';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('aws: unmodelled elements', () => {
  it('reads the element tree: namespaces, self-closing elements, comments, CDATA and the declaration', () => {
    const tree = xmlElements(`<?xml version="1.0"?>\n<!-- c --><s3:Root ${NS}><A>x<![CDATA[<B>not an element</B>]]></A><C/><D attr="1"><E>&lt;</E></D></s3:Root>`);
    assert.deepEqual(tree, {
      name: 'Root',
      text: '',
      children: [
        { name: 'A', text: 'x<B>not an element</B>', children: [] },
        { name: 'C', text: '', children: [] },
        { name: 'D', text: '', children: [{ name: 'E', text: '<', children: [] }] },
      ],
    });
    assert.equal(xmlElements('<A><B></A>'), undefined, 'a body that is not well-formed has no tree (nothing is reported from it)');
  });

  it('finds nothing when the output carries every element, flattened lists included', () => {
    const xml = `<ReplicationConfiguration ${NS}><Role>r</Role><Rule><ID>a</ID><Filter><And><Prefix>p</Prefix><Tag><Key>k</Key><Value>v</Value></Tag><Tag><Key>k2</Key><Value>v2</Value></Tag></And></Filter><Destination><Bucket>b</Bucket></Destination></Rule><Rule><ID>b</ID><Filter/><Destination><Bucket>b</Bucket></Destination></Rule></ReplicationConfiguration>`;
    const output = {
      Role: 'r',
      Rules: [
        { ID: 'a', Filter: { And: { Prefix: 'p', Tags: [{ Key: 'k', Value: 'v' }, { Key: 'k2', Value: 'v2' }] } }, Destination: { Bucket: 'b' } },
        { ID: 'b', Filter: {}, Destination: { Bucket: 'b' } },
      ],
    };
    assert.deepEqual(unmodelledElements(xml, output), []);
  });

  it('names each element the output lacks, by its path, list items counted from 0', () => {
    const xml = `<ReplicationConfiguration><Role>r</Role><Rule><ID>a</ID><Destination><Bucket>b</Bucket></Destination></Rule><Rule><ID>b</ID><Destination><Bucket>b</Bucket><Placement><Zone>z</Zone></Placement></Destination><Audit>on</Audit></Rule><Future/></ReplicationConfiguration>`;
    const output = { Role: 'r', Rules: [{ ID: 'a', Destination: { Bucket: 'b' } }, { ID: 'b', Destination: { Bucket: 'b' } }] };
    assert.deepEqual(unmodelledElements(xml, output), ['Rule[1] > Destination > Placement', 'Rule[1] > Audit', 'Future']);
  });

  it('reports an element with children where the SDK kept only a value', () => {
    assert.deepEqual(unmodelledElements('<R><Role><Arn>x</Arn></Role></R>', { Role: '' }), ['Role (its content)']);
  });
});
