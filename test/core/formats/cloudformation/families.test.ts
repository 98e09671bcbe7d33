/**
 * Rule families written as CloudFormation templates, each in YAML and as its JSON twin: the same
 * defects are found on the same template nodes, every fix applies in both syntaxes (YAML comments
 * kept), and the fixed template re-checks without that finding and without a new problem.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runFixLoop } from '../../../../src/cli/fixLoop';
import { analyze } from '../../../../src/core/analyze';
import { Finding } from '../../../../src/core/findings';
import { applyTextEdits } from '../../../../src/core/fixes';
import { cloudFormationAdapter } from '../../../../src/core/formats/cloudformation';
import { describe as place, locate } from './locate';
import { jsonTwin } from './yamlToJson';

const DIR = join(__dirname, 'fixtures', 'families');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

const RC = 'Resources.SourceBucket.Properties.ReplicationConfiguration';
const RULE = `${RC}.Rules.0`;
const POLICY = 'Resources.ReplicationRole.Properties.Policies.0.PolicyDocument';

/** Errors and warnings each fixture must show, as `rule severity @ template path`, in the order reported. */
const EXPECTED: Record<string, string[]> = {
  clean: [],
  'source-versioning': [`ls-source-versioning error @ ${RC}.Role (key)`],
  'object-lock': [`ls-object-lock-destination error @ ${RULE}.Destination.Bucket`],
  ownership: [`ls-source-object-ownership warning @ ${RC}.Role (key)`],
  priorities: [`rc-priority-unique warning @ ${RULE}.Priority`, `rc-priority-unique warning @ ${RC}.Rules.1.Priority`],
  'filter-one-child': [`rc-filter-one-child error @ ${RULE}.Filter (key)`],
  'tag-delete-markers': [`rc-tag-filter-no-delete-markers error @ ${RULE}.DeleteMarkerReplication.Status`],
  kms: [`rc-sse-kms-needs-replica-key error @ ${RULE}.SourceSelectionCriteria.SseKmsEncryptedObjects (key)`, `iam-kms-decrypt-source error @ ${POLICY}.Statement (key)`],
  trust: ['trust-s3-service-principal error @ Resources.ReplicationRole.Properties.AssumeRolePolicyDocument.Statement.0.Principal.Service'],
  'storage-class': [`rc-storage-class-enum error @ ${RULE}.Destination.StorageClass`],
  rtc: [`rc-rtc-minutes-15 error @ ${RULE}.Destination.ReplicationTime.Time.Minutes`],
  'owner-override': [
    `rc-account-required-with-atc error @ ${RULE}.Destination.AccessControlTranslation (key)`,
    `rc-atc-same-account warning @ ${RULE}.Destination.AccessControlTranslation (key)`,
    `iam-owner-override error @ ${POLICY}.Statement.2.Action (key)`,
  ],
  'v1-priority': [`rc-v1-no-priority error @ ${RULE}.Priority (key)`],
  'unsupported-properties': [
    `cfn-unsupported-property error @ ${RULE}.ID (key)`,
    `rc-v2-delete-marker-required error @ ${RULE}.Filter (key)`,
    `rc-unknown-member error @ ${RULE}.DeleteMarkerReplicaton (key)`,
    `cfn-unsupported-property error @ ${RULE}.ExistingObjectReplication (key)`,
  ],
  'role-grant': [`iam-replicate-delete warning @ ${POLICY}.Statement (key)`, `iam-all-destinations-covered error @ ${POLICY}.Statement (key)`],
  'role-cycle': [`cfn-circular-dependency error @ ${POLICY}.Statement.0.Resource`],
  'two-way': [`cfn-circular-dependency error @ ${RULE}.Destination.Bucket`],
  unordered: [`cfn-destination-not-ordered warning @ ${RULE}.Destination.Bucket`],
  intrinsics: ['ls-dest-versioning error @ Resources.LedgerBucket.Properties.ReplicationConfiguration.Rules.0.Destination.Bucket'],
};

/** CDK's synthesized output exists only as JSON. */
const CDK: string[] = [
  'iam-get-object-version-tagging warning @ Resources.OrdersBucketReplicationRoleDefaultPolicy4F7E91C2.Properties.PolicyDocument.Statement.1.Action (key)',
  'ls-dest-versioning error @ Resources.OrdersBucket9E1A4C77.Properties.ReplicationConfiguration.Rules.0.Destination.Bucket',
];

function problems(findings: readonly Finding[], text: string): string[] {
  return findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId} ${f.severity} @ ${place(locate(text, f.offset, f.length))}`);
}

/** `rule severity` of a problem line. */
function ruleOf(problem: string): string {
  return problem.split(' @ ')[0];
}

function comments(text: string): string[] {
  return text.split('\n').flatMap((l) => /\s#\s.*$|^\s*#.*$/.exec(l)?.[0].trim() ?? []);
}

const FILES = [
  ...Object.keys(EXPECTED).flatMap((name) => [
    { file: `${name}.yaml`, expected: EXPECTED[name] },
    { file: `${name}.json`, expected: EXPECTED[name] },
  ]),
  { file: 'cdk-synth.template.json', expected: CDK },
];

describe('CloudFormation rule families (YAML and JSON)', () => {
  it('has a fixture for every family, and each JSON twin is its YAML template in JSON', () => {
    const onDisk = readdirSync(DIR).sort();
    assert.deepEqual(onDisk, FILES.map((f) => f.file).sort());
    for (const name of Object.keys(EXPECTED)) assert.equal(read(`${name}.json`), jsonTwin(read(`${name}.yaml`)), `${name}.json is out of date`);
  });

  for (const { file, expected } of FILES) {
    describe(file, () => {
      const text = read(file);
      const uri = `/repo/infra/${file}`;
      const findings = () => analyze([{ uri, text }]).findings;

      it(expected.length === 0 ? 'shows no error or warning' : `finds ${expected.map((e) => e.split(' ')[0]).join(', ')} on the template nodes that cause them`, () => {
        assert.deepEqual(problems(findings(), text), expected);
        assert.ok(findings().every((f) => f.uri === uri));
      });

      it('applies each fix in the template syntax: still a template, the finding gone, nothing new', () => {
        const before = findings().filter((f) => f.severity !== 'info');
        const was = new Set(problems(before, text));
        for (const f of before) {
          for (const fix of f.fixes ?? []) {
            const edits = fix.edits();
            assert.ok(edits.length > 0, `"${fix.title}" edits nothing`);
            const after = applyTextEdits(text, edits);
            assert.ok(cloudFormationAdapter.parses(after), `"${fix.title}" breaks the template`);
            assert.deepEqual(comments(after), comments(text), `"${fix.title}" loses a comment`);
            const now = problems(analyze([{ uri, text: after }]).findings, after);
            const mine = problems([f], text)[0];
            assert.ok(!now.includes(mine), `"${fix.title}" leaves ${mine}`);
            // A problem another fix solves may move onto what this fix wrote (the statement it added):
            // the same rule, no more often than before, is not a new problem.
            const fresh = now.filter((p) => !was.has(p) && now.filter((q) => ruleOf(q) === ruleOf(p)).length > [...was].filter((q) => ruleOf(q) === ruleOf(p) && q !== mine).length);
            assert.deepEqual(fresh, [], `"${fix.title}" brings new problems`);
          }
        }
      });

      it('--fix applies the preferred fixes and leaves only findings without one', () => {
        const preferred = findings().filter((f) => f.severity !== 'info' && f.fixes?.some((x) => x.preferred));
        const fixed = runFixLoop([{ uri, text }], () => true).texts.get(uri) ?? text;
        assert.ok(cloudFormationAdapter.parses(fixed));
        assert.deepEqual(comments(fixed), comments(text));
        const left = problems(analyze([{ uri, text: fixed }]).findings, fixed);
        for (const p of problems(preferred, text)) {
          // Both fixes of an owner-override conflict: either one settles the other finding.
          assert.ok(!left.includes(p) || file.startsWith('owner-override'), `${p} survives --fix`);
        }
      });
    });
  }
});

describe('CloudFormation: findings about the buckets a template creates', () => {
  const yaml = read('source-versioning.yaml');
  const json = read('source-versioning.json');

  it('say which property of which resource to add, in the template syntax, not an aws s3api command', () => {
    const inYaml = analyze([{ uri: 't.yaml', text: yaml }]).findings.find((f) => f.ruleId === 'ls-source-versioning');
    assert.match(inYaml?.message ?? '', /Add `VersioningConfiguration: \{Status: Enabled\}` to SourceBucket\.$/);
    assert.doesNotMatch(inYaml?.message ?? '', /aws s3api/);
    assert.equal(inYaml?.fixes?.[0].preferred, true);
    const inJson = analyze([{ uri: 't.json', text: json }]).findings.find((f) => f.ruleId === 'ls-source-versioning');
    assert.match(inJson?.message ?? '', /Add `"VersioningConfiguration": \{"Status": "Enabled"\}` to SourceBucket\.$/);
  });

  it('keep AWS advice when live facts say the bucket exists (live facts win over declared ones)', () => {
    const facts = { buckets: { 'acme-orders-source': { name: 'acme-orders-source', exists: true, versioning: 'Suspended' as const } } };
    const f = analyze([{ uri: 't.yaml', text: yaml }], { facts }).findings.find((x) => x.ruleId === 'ls-source-versioning');
    assert.match(f?.message ?? '', /is suspended.*aws s3api put-bucket-versioning --bucket acme-orders-source/);
    assert.deepEqual(f?.fixes ?? [], []);
    const clean = read('clean.yaml');
    const live = { buckets: { 'acme-orders-source': { name: 'acme-orders-source', exists: true, versioning: 'Enabled' as const } } };
    const ids = analyze([{ uri: 'c.yaml', text: clean }], { facts: live }).findings.map((x) => x.ruleId);
    assert.ok(ids.includes('ls-existing-objects') && ids.includes('ls-source-versioning-locked'), 'a live bucket has objects and a versioning lock');
  });

  it('leave out what only matters for a bucket that already exists (existing objects, the versioning lock)', () => {
    for (const { file } of FILES) {
      const ids = analyze([{ uri: file, text: read(file) }]).findings.map((f) => f.ruleId);
      for (const quiet of ['ls-existing-objects', 'ls-source-versioning-locked', 'ls-object-lock-put-path']) assert.ok(!ids.includes(quiet), `${quiet} on ${file}`);
    }
  });

  it('offer the fix only in the template that declares the bucket', () => {
    const config = JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ ID: 'a', Status: 'Enabled', Priority: 1, Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::acme-orders-source' } }] }, null, 2);
    const { findings } = analyze([
      { uri: 'stack.yaml', text: yaml },
      { uri: 'replication.json', text: config },
    ]);
    const onJson = findings.find((f) => f.uri === 'replication.json' && f.ruleId === 'ls-dest-versioning');
    assert.match(onJson?.message ?? '', /Add `VersioningConfiguration: \{Status: Enabled\}` to SourceBucket/);
    assert.deepEqual(onJson?.fixes ?? [], [], 'a fix of replication.json cannot edit stack.yaml');
  });
});

describe('CloudFormation: template-only rules', () => {
  it('names API-only members in CloudFormation terms, with the S3 API name explained; typos are unknown members', () => {
    const f = analyze([{ uri: 't.yaml', text: read('unsupported-properties.yaml') }]).findings.filter((x) => x.ruleId === 'cfn-unsupported-property');
    assert.match(f[0].message, /`ID` is the S3 API's name; in a CloudFormation template this property is `Id`/);
    assert.match(f[1].message, /`ExistingObjectReplication` is not a property of a CloudFormation replication rule/);
    // A typo is no API member either: rc-unknown-member reports it, in the template's spelling.
    const typo = analyze([{ uri: 't.yaml', text: read('unsupported-properties.yaml') }]).findings.find((x) => x.ruleId === 'rc-unknown-member');
    assert.match(typo?.message ?? '', /`DeleteMarkerReplicaton` is not a member of `ReplicationConfiguration.Rules\[0\]`/);
    assert.ok(typo?.fixes?.some((x) => x.title === 'Change to "DeleteMarkerReplication"'), JSON.stringify(typo?.fixes?.map((x) => x.title)));
    assert.ok(analyze([{ uri: 't.yaml', text: read('unsupported-properties.yaml') }]).findings.every((x) => x.ruleId !== 'rc-existing-object-replication'), 'S3’s own complaint is not repeated');
  });

  it('says how to break a role ↔ bucket cycle, and the fix names the bucket by its parameter', () => {
    const text = read('role-cycle.yaml');
    const [cycle] = analyze([{ uri: 't.yaml', text }]).findings.filter((f) => f.ruleId === 'cfn-circular-dependency');
    assert.match(cycle.message, /Circular dependency between resources: \[ReplicationRole, SourceBucket\]/);
    assert.match(cycle.message, /AWS::IAM::Policy/);
    assert.ok(cycle.related?.some((r) => text.slice(r.offset, r.offset + r.length) === "!Sub '${SourceBucket.Arn}/*'"));
    const fixed = applyTextEdits(text, cycle.fixes?.[0].edits() ?? []);
    assert.match(fixed, /Resource: !Sub 'arn:\$\{AWS::Partition\}:s3:::\$\{SourceBucketName\}'\n/);
    assert.match(fixed, /Resource: !Sub 'arn:\$\{AWS::Partition\}:s3:::\$\{SourceBucketName\}\/\*'\n/);
  });

  it('explains that two-way replication needs two deployments', () => {
    const [cycle] = analyze([{ uri: 't.yaml', text: read('two-way.yaml') }]).findings.filter((f) => f.ruleId === 'cfn-circular-dependency');
    assert.match(cycle.message, /ReplicaBucket and SourceBucket replicate to each other/);
    assert.match(cycle.message, /stack update/);
    assert.equal(cycle.related?.length, 1);
  });

  it('is quiet about a literally named destination once something orders it, and says when nothing can', () => {
    const text = read('unordered.yaml');
    const count = (t: string) => analyze([{ uri: 't.yaml', text: t }]).findings.filter((f) => f.ruleId === 'cfn-destination-not-ordered');
    assert.equal(count(text).length, 1);
    assert.equal(count(text.replace('  SourceBucket:\n    Type: AWS::S3::Bucket\n', '  SourceBucket:\n    Type: AWS::S3::Bucket\n    DependsOn: [ReplicationRole, ReplicaBucket]\n')).length, 0);
    // The source refers to the role, which refers to the replica: ordered too.
    const viaRole = text.replace('Resource: arn:aws:s3:::acme-orders-replica/*', "Resource: !Sub '${ReplicaBucket.Arn}/*'");
    assert.equal(count(viaRole).length, 0);
    const back = text.replace(
      '      BucketName: acme-orders-replica\n',
      '      BucketName: acme-orders-replica\n      ReplicationConfiguration:\n        Role: !GetAtt ReplicationRole.Arn\n        Rules:\n          - Status: Enabled\n            Prefix: ""\n            Destination:\n              Bucket: arn:aws:s3:::acme-orders-source\n',
    );
    const [twoWay] = count(back);
    assert.match(twoWay.message, /replicate to each other: on the stack's first deployment/);
    assert.deepEqual(twoWay.fixes ?? [], []);
  });
});

describe('CloudFormation: files that are not templates', () => {
  const dir = join(__dirname, 'fixtures', 'not-templates');
  for (const file of readdirSync(dir)) {
    it(`${file} is not claimed as a template and raises nothing`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.equal(cloudFormationAdapter.claims({ uri: `/repo/${file}`, text }), false);
      const a = analyze([{ uri: `/repo/${file}`, text }]);
      assert.equal(a.documents[0].kind, 'unrelated');
      assert.deepEqual(a.findings, []);
    });
  }
});
