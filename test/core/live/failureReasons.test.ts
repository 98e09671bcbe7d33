import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReasonsMarkdown, withReasonsTable } from '../../../src/cli/reasonsTable';
import { FAILURE_REASONS, failureReason, reasonInText } from '../../../src/core/live/failureReasons';
import { ruleById } from '../../../src/core/rules';

/** The 34 codes of the S3 User Guide's "Amazon S3 replication failure reasons" (checked against the page and the rule catalogue). */
const DOCUMENTED = [
  'AssumeRoleNotPermitted', 'DstBucketInvalidRegion', 'DstBucketNotFound', 'DstBucketObjectLockConfigMissing', 'DstBucketUnversioned',
  'DstDelObjNotPermitted', 'DstKmsKeyInvalidState', 'DstKmsKeyNotFound', 'DstMultipartCompleteNotPermitted', 'DstMultipartInitNotPermitted',
  'DstMultipartUploadNotPermitted', 'DstObjectHardDeleted', 'DstPutAclNotPermitted', 'DstPutLegalHoldNotPermitted', 'DstPutObjectNotPermitted',
  'DstPutRetentionNotPermitted', 'DstPutTaggingNotPermitted', 'DstVersionNotFound', 'InitiateReplicationNotPermitted', 'SrcBucketInvalidRegion',
  'SrcBucketNotFound', 'SrcBucketReplicationConfigMissing', 'SrcGetAclNotPermitted', 'SrcGetLegalHoldNotPermitted', 'SrcGetObjectNotPermitted',
  'SrcGetRetentionNotPermitted', 'SrcGetTaggingNotPermitted', 'SrcHeadObjectNotPermitted', 'SrcKeyNotFound', 'SrcKmsKeyInvalidState',
  'SrcObjectNotEligible', 'SrcObjectNotFound', 'SrcReplicationNotPending', 'SrcVersionNotFound',
];

describe('failure reasons (S3 failureReason codes → rules and fixes)', () => {
  it('has exactly the 34 documented codes, each once', () => {
    assert.equal(DOCUMENTED.length, 34);
    assert.deepEqual(FAILURE_REASONS.map((r) => r.code).sort(), [...DOCUMENTED].sort());
  });

  it('names only rules the engine has', () => {
    for (const r of FAILURE_REASONS) for (const id of r.rules) assert.ok(ruleById(id), `${r.code} names ${id}, which is no registered rule`);
  });

  it('maps the issue\'s examples as users expect', () => {
    assert.equal(failureReason('DstBucketUnversioned')?.fix, 'enableVersioning');
    assert.ok(failureReason('DstBucketUnversioned')?.rules.includes('ls-dest-versioning'));
    const put = failureReason('DstPutObjectNotPermitted');
    assert.equal(put?.fix, 'repairRole');
    assert.ok(put?.rules.includes('iam-replicate-object') && put.rules.includes('bp-cross-account-required') && put.rules.includes('iam-kms-encrypt-destination'));
    assert.match(failureReason('SrcObjectNotEligible')?.meaning ?? '', /archive storage class.*disabled rule/);
    assert.equal(failureReason('SrcVersionNotFound')?.benign, true);
    assert.equal(failureReason('SrcReplicationNotPending')?.fix, 'none');
  });

  it('says benign only of races, and gives every non-benign reason something to do', () => {
    for (const r of FAILURE_REASONS) {
      if (r.benign) assert.equal(r.side, 'race', r.code);
      else assert.notEqual(r.fix, 'none', `${r.code} is a real failure with no repair`);
      assert.ok(r.remedy.length > 20 && r.meaning.endsWith('.'), r.code);
    }
  });

  it('finds codes case-insensitively and inside free text, never a prefix of a longer word', () => {
    assert.equal(failureReason('dstbucketunversioned')?.code, 'DstBucketUnversioned');
    assert.equal(failureReason('NoSuchReason'), undefined);
    assert.equal(reasonInText('Replication failed: DstPutObjectNotPermitted (403)')?.code, 'DstPutObjectNotPermitted');
    assert.equal(reasonInText('AccessDenied'), undefined);
    assert.equal(reasonInText('SrcObjectNotEligibleX'), undefined);
  });

  it('README.md lists every reason as the engine does (run `npm run docs` after changing the table)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const table = formatReasonsMarkdown();
    assert.equal(table.trimEnd().split('\n').length, 36);
    assert.equal(readme, withReasonsTable(readme, table));
  });
});
