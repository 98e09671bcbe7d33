/**
 * Defect families in both resource styles (standalone `aws_s3_bucket_replication_configuration`
 * and legacy inline `replication_configuration`), and the role-policy families in every policy
 * form: each found on the right block or attribute, with a preferred fix that applies as HCL (or
 * JSON, for `file()`) and re-checks clean.
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { runFixLoop } from '../../../../src/cli/fixLoop';
import { terraformAdapter } from '../../../../src/core/formats/terraform';
import { byRule, inputsOf, serious, textAt, withParser } from './helpers';
import { DEFAULT_BUCKET_ACTIONS, DEFAULT_DESTINATION_ACTIONS, DEFAULT_SOURCE_ACTIONS, ModuleSpec, PolicyForm, Style, legacyRule, moduleFiles, standaloneRule } from './module';

const rule = (style: Style, body = '') => (style === 'standalone' ? standaloneRule(body) : legacyRule(body));
const without = (actions: string[], action: string) => actions.filter((a) => a !== action);
const STYLES: Style[] = ['standalone', 'legacy'];
const FORMS: PolicyForm[] = ['document', 'jsonencode', 'heredoc', 'file'];

interface Family {
  name: string;
  ruleId: string;
  spec: (style: Style) => Partial<ModuleSpec>;
  /** The file the finding is in and the text it points at. */
  file: (style: Style, form: PolicyForm) => string;
  at: string | RegExp;
  /** How many findings of the rule. */
  count?: number;
  /** The role-policy families run in every policy form. */
  forms?: boolean;
  styles?: Style[];
}

const configFile = (style: Style) => (style === 'standalone' ? 'replication.tf' : 'buckets.tf');
const policyFile = (_: Style, form: PolicyForm) => (form === 'file' ? 'replication-policy.json' : 'policy.tf');
const actionsKey = (form: PolicyForm) => (form === 'document' ? 'actions' : form === 'jsonencode' ? 'Action' : '"Action"');

const FAMILIES: Family[] = [
  {
    name: 'RTC without metrics',
    ruleId: 'rc-rtc-requires-metrics',
    spec: (s) => ({
      rules: [
        rule(
          s,
          s === 'standalone'
            ? '\n\n      replication_time {\n        status = "Enabled"\n        time {\n          minutes = 15\n        }\n      }'
            : '\n\n        replication_time {\n          status  = "Enabled"\n          minutes = 15\n        }',
        ),
      ],
    }),
    file: configFile,
    at: 'replication_time',
  },
  {
    name: 'two rules with the same priority',
    ruleId: 'rc-priority-unique',
    spec: (s) => ({ rules: [rule(s), rule(s).replace('"everything"', '"logs"').replace('data/', 'logs/')] }),
    file: configFile,
    at: '1',
    count: 2,
  },
  {
    name: 'priority without filter (provider sends V1, drops the priority)',
    ruleId: 'tf-priority-without-filter',
    spec: (s) => ({ rules: [rule(s).replace(/\n\s*filter \{\n\s*prefix = "data\/"\n\s*\}\n/, '\n').replace(/\n\s*delete_marker_replication \{\n\s*status = "Disabled"\n\s*\}\n/, '\n')] }),
    file: configFile,
    at: 'priority',
  },
  {
    name: 'filtered rules without priority (provider sends 0 for each)',
    ruleId: 'tf-priority-omitted',
    spec: (s) => ({ rules: [rule(s).replace(/priority = 1\n\s*/, ''), rule(s).replace(/priority = 1\n\s*/, '').replace('"everything"', '"logs"').replace('data/', 'logs/')] }),
    file: configFile,
    at: /^rules?$/,
    count: 2,
  },
  {
    name: 'replication not ordered after the destination versioning',
    ruleId: 'tf-versioning-not-ordered',
    spec: (s) => (s === 'standalone' ? { dependsOn: false } : { destinationVersioning: 'resource' }),
    file: configFile,
    at: 'aws_s3_bucket.destination.arn',
  },
  {
    name: 'owner override without s3:ObjectOwnerOverrideToBucketOwner',
    ruleId: 'iam-owner-override',
    spec: (s) => ({
      rules: [
        rule(
          s,
          s === 'standalone'
            ? '\n      account       = "111122223333"\n\n      access_control_translation {\n        owner = "Destination"\n      }'
            : '\n        account_id    = "111122223333"\n\n        access_control_translation {\n          owner = "Destination"\n        }',
        ),
      ],
      extra: {},
    }),
    file: policyFile,
    at: 'actions',
  },
  { name: 'no s3:GetObjectVersionTagging', ruleId: 'iam-get-object-version-tagging', spec: () => ({ sourceActions: without(DEFAULT_SOURCE_ACTIONS, 's3:GetObjectVersionTagging') }), file: policyFile, at: 'actions', forms: true },
  { name: 'no s3:ReplicateObject', ruleId: 'iam-replicate-object', spec: () => ({ destinationActions: without(DEFAULT_DESTINATION_ACTIONS, 's3:ReplicateObject') }), file: policyFile, at: 'actions', forms: true },
  { name: 'no s3:ReplicateDelete', ruleId: 'iam-replicate-delete', spec: () => ({ destinationActions: without(DEFAULT_DESTINATION_ACTIONS, 's3:ReplicateDelete') }), file: policyFile, at: 'actions', forms: true },
  { name: 'no s3:ListBucket', ruleId: 'iam-list-bucket', spec: () => ({ bucketActions: without(DEFAULT_BUCKET_ACTIONS, 's3:ListBucket') }), file: policyFile, at: 'actions', forms: true },
  {
    name: 'no s3:GetReplicationConfiguration',
    ruleId: 'iam-get-replication-configuration',
    spec: () => ({ bucketActions: without(DEFAULT_BUCKET_ACTIONS, 's3:GetReplicationConfiguration') }),
    file: policyFile,
    at: 'actions',
    forms: true,
  },
  {
    name: 'no s3:GetObjectVersionForReplication',
    ruleId: 'iam-get-object-version-for-replication',
    spec: () => ({ sourceActions: without(DEFAULT_SOURCE_ACTIONS, 's3:GetObjectVersionForReplication') }),
    file: policyFile,
    at: 'actions',
    forms: true,
  },
  {
    name: 'filter without delete_marker_replication (the provider\'s first example)',
    ruleId: 'rc-v2-delete-marker-required',
    spec: () => ({ rules: [standaloneRule().replace(/\n\s*delete_marker_replication \{\n\s*status = "Disabled"\n\s*\}\n/, '\n')] }),
    file: configFile,
    at: 'filter',
    styles: ['standalone'],
  },
  {
    name: 'existing_object_replication (the provider accepts it, S3 refuses it)',
    ruleId: 'rc-existing-object-replication',
    spec: () => ({ rules: [standaloneRule().replace('    destination {', '    existing_object_replication {\n      status = "Enabled"\n    }\n\n    destination {')] }),
    file: configFile,
    at: 'existing_object_replication',
    styles: ['standalone'],
  },
];

describe('Terraform: defect families in both resource styles', () => {
  withParser();

  for (const style of STYLES) {
    for (const form of FORMS) {
      it(`the healthy module (${style}, policy as ${form}) has no problem`, () => {
        const inputs = inputsOf(moduleFiles({ style, policy: form }));
        assert.deepEqual(serious(analyze(inputs).findings).map((f) => `${f.ruleId}: ${f.message}`), []);
      });
    }
  }

  const familyNames = new Set(FAMILIES.filter((f) => !f.styles).map((f) => f.ruleId));
  it('covers at least ten families in both styles', () => assert.ok(familyNames.size >= 10, `${familyNames.size}`));

  for (const family of FAMILIES) {
    for (const style of family.styles ?? STYLES) {
      for (const form of family.forms ? FORMS : (['document'] as PolicyForm[])) {
        it(`${family.name} (${style}${family.forms ? `, policy as ${form}` : ''}): found at ${family.at}, fixed, clean`, () => {
          const files = moduleFiles({ style, policy: form, ...family.spec(style) });
          if (family.ruleId === 'iam-owner-override') files['buckets.tf'] = files['buckets.tf'].replace('resource "aws_s3_bucket" "destination" {\n', 'resource "aws_s3_bucket" "destination" {\n  provider = aws.replica\n');
          const inputs = inputsOf(files);
          const found = byRule(analyze(inputs).findings, family.ruleId);
          assert.equal(found.length, family.count ?? 1, found.map((f) => f.message).join('\n'));
          const expectedFile = `/repo/infra/${family.file(style, form)}`;
          for (const f of found) {
            assert.equal(f.uri, expectedFile);
            const at = family.at === 'actions' ? actionsKey(form) : family.at;
            if (typeof at === 'string') assert.equal(textAt(inputs, f), at);
            else assert.match(textAt(inputs, f), at);
          }
          const others = serious(analyze(inputs).findings).filter((f) => f.ruleId !== family.ruleId);
          assert.deepEqual(others.map((f) => f.ruleId), [], 'the family comes alone');

          const result = runFixLoop(inputs, () => true);
          assert.deepEqual(result.refused, []);
          assert.ok(result.texts.size > 0, 'a fix applied');
          for (const [uri, text] of result.texts) if (uri.endsWith('.tf')) assert.ok(terraformAdapter.parses(text), `${uri} still parses`);
          const after = inputs.map((i) => ({ ...i, text: result.texts.get(i.uri) ?? i.text }));
          assert.deepEqual(serious(analyze(after).findings).map((f) => `${f.ruleId}: ${f.message}`), []);
        });
      }
    }
  }
});
