/**
 * The lean reads' shapes against the bundled SDK's own schemas for the same outputs: every member, its
 * XML name, flattening and type. An SDK upgrade that models a new member (S3 ships replication
 * features often) fails here, instead of the lean reads dropping it without a word.
 */
import assert from 'node:assert/strict';
import * as s3 from '@aws-sdk/client-s3';
import { NormalizedSchema } from '@smithy/core/schema';
import { ENCRYPTION, NOTIFICATION, OBJECT_LOCK, OWNERSHIP_CONTROLS, readStruct, REPLICATION_CONFIGURATION, REQUEST_PAYMENT, VERSIONING, type Shape, type StructShape } from '../../../src/aws/s3Read/shapes';
import { parseXml } from '../../../src/aws/s3Read/xml';

type Described = string | { [member: string]: Described };

function describeSdk(ns: NormalizedSchema, depth = 0): Described {
  if (depth > 12) return 'deep';
  if (ns.isStructSchema()) {
    const out: Record<string, Described> = {};
    for (const [name, member] of ns.structIterator()) {
      const traits = member.getMergedTraits();
      const xml = traits.xmlName ? ` xml=${traits.xmlName}` : '';
      if (member.isListSchema()) {
        if (!traits.xmlFlattened) out[name] = 'non-flattened list';
        else out[`${name}${xml} []`] = describeSdk(member.getValueSchema(), depth + 1);
      } else out[`${name}${xml}`] = describeSdk(member, depth + 1);
    }
    return out;
  }
  if (ns.isNumericSchema()) return 'number';
  if (ns.isBooleanSchema()) return 'boolean';
  if (ns.isStringSchema()) return 'string';
  return 'other';
}

function describeOurs(shape: Shape): Described {
  if (typeof shape === 'string') return shape;
  const out: Record<string, Described> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    out[`${name}${member.xml ? ` xml=${member.xml}` : ''}${member.list ? ' []' : ''}`] = describeOurs(member.shape);
  }
  return out;
}

const schemaOf = (name: string) => NormalizedSchema.of((s3 as unknown as Record<string, never>)[`${name}$`]);
/** The payload structure of an output whose body is bound to one member. */
const payload = (output: string, member: string) => [...schemaOf(output).structIterator()].find(([n]) => n === member)![1];

const CASES: [string, StructShape, NormalizedSchema][] = [
  ['ReplicationConfiguration', REPLICATION_CONFIGURATION, payload('GetBucketReplicationOutput', 'ReplicationConfiguration')],
  ['GetBucketVersioningOutput', VERSIONING, schemaOf('GetBucketVersioningOutput')],
  ['OwnershipControls', OWNERSHIP_CONTROLS, payload('GetBucketOwnershipControlsOutput', 'OwnershipControls')],
  ['GetBucketRequestPaymentOutput', REQUEST_PAYMENT, schemaOf('GetBucketRequestPaymentOutput')],
  ['ServerSideEncryptionConfiguration', ENCRYPTION, payload('GetBucketEncryptionOutput', 'ServerSideEncryptionConfiguration')],
  ['ObjectLockConfiguration', OBJECT_LOCK, payload('GetObjectLockConfigurationOutput', 'ObjectLockConfiguration')],
  ['NotificationConfiguration', NOTIFICATION, schemaOf('NotificationConfiguration')],
];

describe('lean S3 reads: shapes', () => {
  for (const [name, ours, sdk] of CASES) {
    it(`${name} has the members of the bundled SDK's model`, () => {
      assert.deepStrictEqual(describeOurs(ours), describeSdk(sdk));
    });
  }

  it('reads numbers and booleans strictly, and leaves absent members out', () => {
    const rule = (inner: string) => readStruct(parseXml(`<ServerSideEncryptionConfiguration><Rule>${inner}</Rule></ServerSideEncryptionConfiguration>`), ENCRYPTION);
    assert.deepStrictEqual(rule('<BucketKeyEnabled>true</BucketKeyEnabled>'), { Rules: [{ BucketKeyEnabled: true }] });
    assert.deepStrictEqual(rule(''), { Rules: [{}] });
    assert.throws(() => rule('<BucketKeyEnabled>yes</BucketKeyEnabled>'), /expected true or false, got "yes"/);
    assert.throws(() => readStruct(parseXml('<ReplicationConfiguration><Rule><Priority>high</Priority></Rule></ReplicationConfiguration>'), REPLICATION_CONFIGURATION), /Rule\[0\] > Priority: expected a number/);
  });
});
