/** The fix commands as package.json contributes them: every one declared, and node-only ones hidden from the palette. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIX_COMMANDS } from '../../src/commands/ids';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; category?: string; title: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    configuration: { properties: Record<string, { type: string; default: unknown; scope?: string }> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Manifest;
const menus = manifest.contributes.menus;

describe('manifest: fix commands', () => {
  it('declares every fix command with the category', () => {
    for (const id of Object.values(FIX_COMMANDS)) {
      const c = manifest.contributes.commands.find((x) => x.command === id);
      assert.ok(c, `${id} is contributed`);
      assert.equal(c.category, 'S3 Replication Doctor');
    }
  });

  it('hangs the commands on the explorer nodes that carry what they need', () => {
    const on = (id: string) => menus['view/item/context'].filter((m) => m.command === id).map((m) => m.when ?? '');
    assert.ok(on(FIX_COMMANDS.fixLiveFinding).some((w) => w.includes('viewItem == findingWithFix')));
    assert.ok(on(FIX_COMMANDS.repairRole).some((w) => w.includes('viewItem == role')));
    assert.ok(on(FIX_COMMANDS.replicateExisting).every((w) => w.includes('viewItem == bucketWithReplication')));
    assert.ok(on(FIX_COMMANDS.enableVersioning).some((w) => w.includes('viewItem == bucket ')));
    assert.ok(menus['view/item/context'].some((m) => m.command === FIX_COMMANDS.fixLiveFinding && m.group?.startsWith('inline')), 'fix is an inline action on the finding');
  });

  it('hides the command that needs a node from the palette, and declares the dry-run setting as a user setting', () => {
    assert.deepEqual(menus.commandPalette.find((m) => m.command === FIX_COMMANDS.fixLiveFinding)?.when, 'false');
    const dryRun = manifest.contributes.configuration.properties['s3ReplicationDoctor.dryRun'];
    assert.deepEqual([dryRun.type, dryRun.default, dryRun.scope], ['boolean', false, 'application']);
  });

  it('ignores a workspace\'s `fileKinds` in restricted mode: any repository can set a resource setting', () => {
    const fileKinds = manifest.contributes.configuration.properties['s3ReplicationDoctor.fileKinds'];
    assert.equal(fileKinds.scope, 'resource');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations?.includes('s3ReplicationDoctor.fileKinds'));
  });
});

describe('manifest: telemetry commands', () => {
  const on = (id: string) => menus['view/item/context'].filter((m) => m.command === id).map((m) => `${m.when} ${m.group}`);

  it('hangs each failure reason\'s repair on the reason nodes that call for it, inline', () => {
    assert.ok(on(FIX_COMMANDS.repairRole).some((w) => w.includes('viewItem == failureReason:repairRole') && w.includes('inline')));
    assert.ok(on(FIX_COMMANDS.enableVersioning).some((w) => w.includes('viewItem == failureReason:enableVersioning') && w.includes('inline')));
    assert.ok(on(FIX_COMMANDS.replicateFailed).some((w) => w.includes('viewItem == failureReason:replicateFailed') && w.includes('inline')));
  });

  it('offers capture where it is off, its removal where it is on, and metrics where a rule has none', () => {
    assert.ok(on(FIX_COMMANDS.captureFailures).some((w) => w.includes('viewItem == captureOff')));
    assert.ok(on(FIX_COMMANDS.captureFailures).some((w) => w.includes('viewItem == bucketWithReplication')));
    assert.ok(on(FIX_COMMANDS.stopCapture).every((w) => w.includes('viewItem == captureOn')));
    assert.ok(on(FIX_COMMANDS.enableMetrics).every((w) => w.includes('viewItem == ruleWithoutMetrics')));
  });
});

describe('manifest: the other side of cross-account pairs', () => {
  it('hangs the other-side fixes on rule destinations and Map Account to Profile on an unreadable account, none in the palette', () => {
    const on = (id: string) => menus['view/item/context'].filter((m) => m.command === id).map((m) => m.when ?? '');
    for (const id of [FIX_COMMANDS.allowRoleInDestinationPolicy, FIX_COMMANDS.grantReplicaKey, FIX_COMMANDS.enableDestinationVersioning]) {
      assert.ok(on(id).length > 0 && on(id).every((w) => w.includes('viewItem == destination')), id);
      assert.equal(menus.commandPalette.find((m) => m.command === id)?.when, 'false', id);
    }
    assert.ok(on(FIX_COMMANDS.mapAccountToProfile).every((w) => w.includes('viewItem == unmappedAccount')));
  });

  it('declares the account map and the organization role as user settings', () => {
    const p = manifest.contributes.configuration.properties;
    assert.deepEqual([p['s3ReplicationDoctor.accountProfiles'].type, p['s3ReplicationDoctor.accountProfiles'].scope], ['object', 'application']);
    assert.deepEqual([p['s3ReplicationDoctor.organizationRole'].type, p['s3ReplicationDoctor.organizationRole'].scope], ['string', 'application']);
    assert.equal(p['s3ReplicationDoctor.organizationExternalId'].type, 'string');
  });
});
