/**
 * The editor's JSON schema and the engine's API model (rc-unknown-member) name the same members in
 * every object: completion never offers what the rule reports, nor misses what it accepts.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3_MODEL, ShapeName } from '../../src/core/rules/config/model';

type SchemaNode = { $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; type?: string };
const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas/s3-replication.schema.json'), 'utf8')) as { definitions: Record<string, SchemaNode> };

function resolve(node: SchemaNode): SchemaNode {
  return node.$ref ? resolve(schema.definitions[node.$ref.replace('#/definitions/', '')]) : node;
}

describe('s3-replication.schema.json and the PutBucketReplication model', () => {
  it('have the same members in every object', () => {
    const mismatches: string[] = [];
    const seen = new Set<string>();
    const walk = (shape: ShapeName, node: SchemaNode, path: string): void => {
      if (seen.has(path)) return;
      seen.add(path);
      const props = resolve(node).properties ?? {};
      const inModel = S3_MODEL[shape].map((m) => m.name).sort();
      const inSchema = Object.keys(props).sort();
      if (inModel.join() !== inSchema.join()) mismatches.push(`${path}: model ${inModel.join(', ')} / schema ${inSchema.join(', ')}`);
      for (const m of S3_MODEL[shape]) {
        const child = props[m.name];
        if (!child) continue;
        if (m.type.kind === 'structure') walk(m.type.shape, child, `${path}.${m.name}`);
        if (m.type.kind === 'list') walk(m.type.shape, resolve(child).items as SchemaNode, `${path}.${m.name}[]`);
      }
    };
    walk('ReplicationConfiguration', schema.definitions.ReplicationConfiguration, 'ReplicationConfiguration');
    assert.deepEqual(mismatches, []);
    assert.ok(seen.size >= 18, `walked ${seen.size} objects`);
  });
});
