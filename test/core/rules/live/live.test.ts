import { strict as assert } from 'node:assert';
import { BucketFacts, LiveFacts } from '../../../../src/core/facts';
import { Finding } from '../../../../src/core/findings';
import { applyTextEdits } from '../../../../src/core/fixes';
import { findings, findingsIn } from '../../../helpers';
import { config, v2Rule } from '../config/fixtures';

const SRC: BucketFacts = { name: 'src', exists: true, versioning: 'Enabled', region: 'us-east-1', ownerAccount: '123456789012', ownership: 'BucketOwnerEnforced' };
const DEST: BucketFacts = { name: 'dest', exists: true, versioning: 'Enabled', region: 'eu-west-1', ownerAccount: '123456789012', ownership: 'BucketOwnerEnforced' };

function facts(src: Partial<BucketFacts> = {}, dest: Partial<BucketFacts> = {}, extra: BucketFacts[] = []): LiveFacts {
  const buckets: Record<string, BucketFacts> = { src: { ...SRC, ...src }, dest: { ...DEST, ...dest } };
  for (const b of extra) buckets[b.name] = b;
  return { accountId: '123456789012', buckets };
}

/** Findings of `ruleId` for the live configuration of bucket "src". */
function live(text: string, ruleId: string, f: LiveFacts): Finding[] {
  return findingsIn([{ uri: 'src.json', text, live: { sourceBucket: 'src' } }], ruleId, { facts: f });
}

function spans(text: string, fs: Finding[]): string[] {
  return fs.map((f) => `${f.severity} ${text.slice(f.offset, f.offset + f.length)}`);
}

const TEXT = config([v2Rule()]);

describe('live rules are silent on plain files', () => {
  it('never run without facts', () => {
    const ids = ['ls-source-versioning', 'ls-dest-versioning', 'ls-existing-objects', 'rc-destination-is-source'];
    for (const id of ids) assert.deepEqual(findings(TEXT, id), []);
  });
  it('a healthy same-account setup has no errors or warnings', () => {
    const fs = findingsIn([{ uri: 'src.json', text: TEXT, live: { sourceBucket: 'src' } }], undefined, { facts: facts() }).filter((f) => f.severity !== 'info');
    assert.deepEqual(fs.map((f) => f.ruleId), []);
  });
});

describe('versioning and existence', () => {
  it('ls-source-versioning: error on the Role key, quoting S3', () => {
    const fs = live(TEXT, 'ls-source-versioning', facts({ versioning: 'Suspended' }));
    assert.deepEqual(spans(TEXT, fs), ['error "Role"']);
    assert.match(fs[0].message, /Versioning must be 'Enabled' on the bucket to apply a replication configuration/);
    assert.deepEqual(live(TEXT, 'ls-source-versioning', facts()), []);
    assert.deepEqual(live(TEXT, 'ls-source-versioning', facts({ versioning: undefined })), [], 'unknown is not a finding');
  });
  it('ls-dest-versioning: error on the destination bucket value', () => {
    const fs = live(TEXT, 'ls-dest-versioning', facts({}, { versioning: 'Off' }));
    assert.deepEqual(spans(TEXT, fs), ['error "arn:aws:s3:::dest"']);
    assert.match(fs[0].message, /Destination bucket must have versioning enabled\./);
    assert.deepEqual(live(TEXT, 'ls-dest-versioning', facts()), []);
  });
  it('ls-dest-exists: error quoting both recorded texts; no versioning finding on top', () => {
    const f = facts({}, { exists: false, versioning: undefined });
    const fs = live(TEXT, 'ls-dest-exists', f);
    assert.deepEqual(spans(TEXT, fs), ['error "arn:aws:s3:::dest"']);
    assert.match(fs[0].message, /Destination bucket must exist\./);
    assert.deepEqual(live(TEXT, 'ls-dest-versioning', facts({}, { exists: false, versioning: 'Off' })), []);
    assert.deepEqual(live(TEXT, 'ls-dest-exists', facts()), []);
  });
  it('ls-checked-even-if-disabled: info on the Status of a disabled rule whose destination is broken', () => {
    const text = config([v2Rule({ Status: 'Disabled' })]);
    assert.deepEqual(spans(text, live(text, 'ls-checked-even-if-disabled', facts({}, { versioning: 'Suspended' }))), ['info "Disabled"']);
    assert.deepEqual(live(text, 'ls-checked-even-if-disabled', facts()), []);
    assert.deepEqual(live(TEXT, 'ls-checked-even-if-disabled', facts({}, { versioning: 'Suspended' })), []);
  });
  it('ls-source-versioning-locked: info while versioning is on', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'ls-source-versioning-locked', facts())), ['info "Role"']);
    assert.deepEqual(live(TEXT, 'ls-source-versioning-locked', facts({ versioning: 'Off' })), []);
  });
});

describe('Object Lock', () => {
  it('ls-object-lock-destination: error when only the source has Object Lock', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'ls-object-lock-destination', facts({ objectLock: true }, { objectLock: false }))), ['error "arn:aws:s3:::dest"']);
    assert.deepEqual(live(TEXT, 'ls-object-lock-destination', facts({ objectLock: true }, { objectLock: true })), []);
    assert.deepEqual(live(TEXT, 'ls-object-lock-destination', facts({ objectLock: false }, { objectLock: false })), []);
  });
  it('ls-object-lock-put-path: info on an Object Lock source', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'ls-object-lock-put-path', facts({ objectLock: true }))), ['info "Role"']);
    assert.deepEqual(live(TEXT, 'ls-object-lock-put-path', facts()), []);
  });
});

describe('ownership and accounts', () => {
  const ATC = config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::dest', Account: '210987654321', AccessControlTranslation: { Owner: 'Destination' } } })]);
  it('ls-source-object-ownership: warns when the source has ACLs enabled', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'ls-source-object-ownership', facts({ ownership: 'ObjectWriter' }))), ['warning "Role"']);
    assert.deepEqual(live(TEXT, 'ls-source-object-ownership', facts()), []);
  });
  it('ls-dest-owner-enforced and rc-atc-not-needed-bucket-owner-enforced split on owner override', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'ls-dest-owner-enforced', facts())), ['info "arn:aws:s3:::dest"']);
    assert.deepEqual(live(ATC, 'ls-dest-owner-enforced', facts()), []);
    const fs = live(ATC, 'rc-atc-not-needed-bucket-owner-enforced', facts());
    assert.deepEqual(spans(ATC, fs), ['info "AccessControlTranslation"']);
    assert.equal(JSON.parse(applyTextEdits(ATC, fs[0].fixes?.[0].edits() ?? [])).Rules[0].Destination.AccessControlTranslation, undefined);
    assert.deepEqual(live(ATC, 'rc-atc-not-needed-bucket-owner-enforced', facts({}, { ownership: 'BucketOwnerPreferred' })), []);
  });
  it('rc-atc-same-account: warns and removes owner override between buckets of one account', () => {
    const fs = live(ATC, 'rc-atc-same-account', facts());
    assert.deepEqual(spans(ATC, fs), ['warning "AccessControlTranslation"']);
    assert.equal(fs[0].fixes?.[0].preferred, true);
    assert.deepEqual(live(ATC, 'rc-atc-same-account', facts({}, { ownerAccount: '210987654321' })), []);
  });
  it('rc-account-matches-owner: errors and sets the owner account', () => {
    const fs = live(ATC, 'rc-account-matches-owner', facts({}, { ownerAccount: '333333333333' }));
    assert.deepEqual(spans(ATC, fs), ['error "210987654321"']);
    assert.equal(JSON.parse(applyTextEdits(ATC, fs[0].fixes?.[0].edits() ?? [])).Rules[0].Destination.Account, '333333333333');
    assert.deepEqual(live(ATC, 'rc-account-matches-owner', facts({}, { ownerAccount: '210987654321' })), []);
  });
  it('rc-role-same-account: warns on the Role value when the role lives elsewhere', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'rc-role-same-account', facts({ ownerAccount: '999999999999' }))), ['warning "arn:aws:iam::123456789012:role/replication"']);
    assert.deepEqual(live(TEXT, 'rc-role-same-account', facts()), []);
  });
  it('ls-dest-requester-pays: errors only across accounts', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'ls-dest-requester-pays', facts({}, { requesterPays: true, ownerAccount: '210987654321' }))), ['error "arn:aws:s3:::dest"']);
    assert.deepEqual(live(TEXT, 'ls-dest-requester-pays', facts({}, { requesterPays: true })), []);
  });
});

describe('Regions', () => {
  const kms = (key: string) => config([v2Rule({ SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: { Bucket: 'arn:aws:s3:::dest', EncryptionConfiguration: { ReplicaKmsKeyID: key } } })]);
  it('rc-replica-kms-key-region: errors when the key is not in the destination Region', () => {
    const text = kms('arn:aws:kms:us-east-1:123456789012:key/k');
    assert.deepEqual(spans(text, live(text, 'rc-replica-kms-key-region', facts())), ['error "arn:aws:kms:us-east-1:123456789012:key/k"']);
    assert.deepEqual(live(kms('arn:aws:kms:eu-west-1:123456789012:key/k'), 'rc-replica-kms-key-region', facts()), []);
  });
  it('ls-crr-vs-srr: names the kind of replication once per destination', () => {
    const fs = live(TEXT, 'ls-crr-vs-srr', facts());
    assert.deepEqual(spans(TEXT, fs), ['info "arn:aws:s3:::dest"']);
    assert.match(fs[0].message, /Cross-Region replication \(us-east-1 to eu-west-1\)/);
    assert.match(live(TEXT, 'ls-crr-vs-srr', facts({}, { region: 'us-east-1' }))[0].message, /Same-Region/);
  });
});

describe('topology', () => {
  it('rc-destination-is-source: warns when a rule targets its own bucket', () => {
    const text = config([v2Rule({ Destination: { Bucket: 'arn:aws:s3:::src' } })]);
    assert.deepEqual(spans(text, live(text, 'rc-destination-is-source', facts())), ['warning "arn:aws:s3:::src"']);
    assert.deepEqual(live(TEXT, 'rc-destination-is-source', facts()), []);
  });
  it('rc-replica-chain: notes that the destination replicates on', () => {
    const onward = facts({}, { replication: [{ destinationBucket: 'third', enabled: true, replicaModifications: false }] });
    assert.deepEqual(spans(TEXT, live(TEXT, 'rc-replica-chain', onward)), ['info "arn:aws:s3:::dest"']);
    const back = facts({}, { replication: [{ destinationBucket: 'src', enabled: true, replicaModifications: true }] });
    assert.deepEqual(live(TEXT, 'rc-replica-chain', back), [], 'replicating back to the source is two-way, not a chain');
  });
  it('rc-replica-modifications-two-way: warns without the reverse rule', () => {
    const text = config([v2Rule({ SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } } })]);
    const fs = live(text, 'rc-replica-modifications-two-way', facts({}, { replication: [] }));
    assert.deepEqual(spans(text, fs), ['warning "Enabled"']);
    assert.deepEqual(live(text, 'rc-replica-modifications-two-way', facts({}, { replication: [{ destinationBucket: 'src', enabled: true, replicaModifications: true }] })), []);
    assert.deepEqual(live(text, 'rc-replica-modifications-two-way', facts()), [], 'unknown destination configuration');
  });
  it('ls-existing-objects: one info on the Rules key of a live configuration', () => {
    assert.deepEqual(spans(TEXT, live(TEXT, 'ls-existing-objects', facts())), ['info "Rules"']);
    assert.deepEqual(findingsIn([{ uri: 'f.json', text: TEXT }], 'ls-existing-objects', { facts: facts() }), [], 'not for files');
  });
});
