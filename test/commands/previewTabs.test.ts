import { strict as assert } from 'node:assert';
import { previewTabs } from '../../src/commands/previewTabs';

describe('fix commands: the preview tabs closed after a write', () => {
  const shown = ['s3-replication-doctor-preview:/3/live/replication.json', 's3-replication-doctor-preview:/3/proposed/replication.json'];

  it('finds the diff tabs of this preview, by either side, in any group, and no other tab', () => {
    const tabs = [
      undefined, // a text editor
      { original: 'file:///w/replication-config.json', modified: 'file:///w/replication-config.json' }, // the user's own diff
      { original: shown[0], modified: shown[1] },
      { original: 's3-replication-doctor-preview:/2/live/replication.json', modified: 's3-replication-doctor-preview:/2/proposed/replication.json' }, // an earlier preview
      { original: 'file:///w/other.json', modified: shown[1] },
    ];
    assert.deepEqual(previewTabs(tabs, shown), [2, 4]);
  });

  it('finds nothing when the user closed them already, or nothing was shown', () => {
    assert.deepEqual(previewTabs([undefined, { original: 'a', modified: 'b' }], shown), []);
    assert.deepEqual(previewTabs([{ original: shown[0], modified: shown[1] }], []), []);
  });
});
