/** Fix titles on `.tf` files name what the fix writes in HCL, in the resource style's own names. */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { LEGACY_NAMES, LEGACY_SCHEMA, STANDALONE_NAMES, STANDALONE_SCHEMA } from '../../../../src/core/formats/terraform/replication';
import { TitleWriter } from '../../../../src/core/formats/terraform/titles';
import { byRule, inputsOf, withParser } from './helpers';
import { legacyRule, moduleFiles, standaloneRule } from './module';

describe('Terraform: fix titles in HCL terms', () => {
  const standalone = new TitleWriter(STANDALONE_SCHEMA, STANDALONE_NAMES);
  const legacy = new TitleWriter(LEGACY_SCHEMA, LEGACY_NAMES);

  it('writes a JSON member as an HCL block or attribute', () => {
    assert.equal(standalone.title('Add "DeleteMarkerReplication": {"Status": "Disabled"}'), 'Add delete_marker_replication { status = "Disabled" }');
    assert.equal(standalone.title('Add "Priority": 3'), 'Add priority = 3');
    assert.equal(standalone.title('Add "Filter": {} (all objects, V2)'), 'Add filter {} (all objects, V2)');
    assert.equal(standalone.title('Set "Account": "111122223333" (owner of the destination bucket)'), 'Set account = "111122223333" (owner of the destination bucket)');
  });

  it('nests blocks, and writes legacy flat members into their parent', () => {
    const title = 'Add "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}}';
    assert.equal(standalone.title(title), 'Add metrics { status = "Enabled", event_threshold { minutes = 15 } }');
    assert.equal(legacy.title(title), 'Add metrics { status = "Enabled", minutes = 15 }');
    assert.equal(legacy.title('Set "Account": "111122223333"'), 'Set account_id = "111122223333"');
  });

  it('names members alone and compound names in prose, and leaves values and other words', () => {
    assert.equal(standalone.title('Remove "ReplicationTime" (no Replication Time Control)'), 'Remove replication_time (no Replication Time Control)');
    assert.equal(standalone.title('Remove the disabled "SseKmsEncryptedObjects"'), 'Remove the disabled sse_kms_encrypted_objects');
    assert.equal(standalone.title('Change to "Enabled"'), 'Change to "Enabled"');
    assert.equal(standalone.title('Add "Filter": {} with Priority and DeleteMarkerReplication Disabled'), 'Add filter {} with Priority and delete_marker_replication Disabled');
    assert.equal(standalone.title('Allow s3:ReplicateObject on arn:aws:s3:::b/*'), 'Allow s3:ReplicateObject on arn:aws:s3:::b/*');
  });

  it('keeps a converted snippet\'s values as written, and S3\'s quoted words verbatim', () => {
    assert.equal(standalone.title('Add "AccessControlTranslation": {"Owner": "Destination"}'), 'Add access_control_translation { owner = "Destination" }');
    assert.equal(
      standalone.title('No `DeleteMarkerReplication`: "DeleteMarkerReplication must be specified for this version". Add `"DeleteMarkerReplication": {"Status": "Disabled"}` (or `Enabled`).'),
      'No `delete_marker_replication`: "DeleteMarkerReplication must be specified for this version". Add `delete_marker_replication { status = "Disabled" }` (or `Enabled`).',
    );
  });

  it('leaves JSON that does not parse, naming only the member', () => {
    assert.equal(standalone.title('Add "Status": {broken'), 'Add status: {broken');
  });

  describe('on modules', () => {
    withParser();

    it('a filter without delete_marker_replication (standalone): the fixes and the message name the HCL block', () => {
      const files = moduleFiles({ style: 'standalone', policy: 'document', rules: [standaloneRule().replace(/\n\s*delete_marker_replication \{\n\s*status = "Disabled"\n\s*\}\n/, '\n')] });
      const [f] = byRule(analyze(inputsOf(files)).findings, 'rc-v2-delete-marker-required');
      assert.match(f.message, /Add `delete_marker_replication \{ status = "Disabled" \}`/);
      assert.match(f.message, /"DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema\./, 'S3\'s words verbatim');
      assert.deepEqual(
        f.fixes?.map((x) => x.title),
        ['Add delete_marker_replication { status = "Disabled" }', 'Add delete_marker_replication { status = "Enabled" } (replicate delete markers)'],
      );
    });

    for (const style of ['standalone', 'legacy'] as const) {
      it(`RTC without metrics (${style}): the fixes name the metrics block as the style writes it`, () => {
        const body =
          style === 'standalone'
            ? '\n\n      replication_time {\n        status = "Enabled"\n        time {\n          minutes = 15\n        }\n      }'
            : '\n\n        replication_time {\n          status  = "Enabled"\n          minutes = 15\n        }';
        const files = moduleFiles({ style, policy: 'document', rules: [style === 'standalone' ? standaloneRule(body) : legacyRule(body)] });
        const [f] = byRule(analyze(inputsOf(files)).findings, 'rc-rtc-requires-metrics');
        const metrics = style === 'standalone' ? 'metrics { status = "Enabled", event_threshold { minutes = 15 } }' : 'metrics { status = "Enabled", minutes = 15 }';
        assert.deepEqual(f.fixes?.map((x) => x.title), [`Add ${metrics}`, 'Remove replication_time (no Replication Time Control)']);
      });
    }
  });
});
