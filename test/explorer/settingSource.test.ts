import { strict as assert } from 'node:assert';
import { machineSettingSource } from '../../src/explorer/settingSource';

describe('explorer: where the endpoint setting is set', () => {
  it('names the user settings in a local window and the remote machine\'s settings in a remote one', () => {
    const layers = { defaultValue: '', globalValue: 'http://127.0.0.1:4599' };
    assert.equal(machineSettingSource(layers, undefined), 'your user settings');
    assert.equal(machineSettingSource(layers, 'ssh-remote'), "the remote machine's settings (the Settings editor's Remote tab)");
  });

  it('says a workspace value is ignored, and a value left at its default is the default', () => {
    assert.equal(machineSettingSource({ defaultValue: '', globalValue: 'http://e', workspaceValue: 'http://evil' }, undefined), 'your user settings; the value in the workspace settings is ignored');
    assert.equal(machineSettingSource({ defaultValue: '', workspaceFolderValue: 'http://evil' }, undefined), 'its default value; the value in the workspace settings is ignored');
    assert.equal(machineSettingSource(undefined, undefined), 'its default value');
  });
});
