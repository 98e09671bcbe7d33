/**
 * The Get Started walkthrough as package.json contributes it: every button runs a command that
 * exists, every step can complete, and every media file ships.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH_COMMANDS, WALKTHROUGH_CONTEXT, WALKTHROUGH_ID } from '../../src/commands/walkthrough';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string }[]>;
    configuration: { properties: Record<string, unknown> };
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const ROOT = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const { contributes } = manifest;
const walkthrough = contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
const steps = walkthrough?.steps ?? [];
const ours = new Set(contributes.commands.map((c) => c.command));
const viewFocus = new Set(Object.values(contributes.views).flat().map((v) => `${v.id}.focus`));
/** VS Code's own commands the steps use. */
const BUILT_IN = new Set(['workbench.actions.view.problems', 'workbench.action.openSettings']);
const known = (id: string) => ours.has(id) || viewFocus.has(id) || BUILT_IN.has(id);
const commandLinks = (text: string) => [...text.matchAll(/\]\(command:([^)?]+)(\?[^)]*)?\)/g)].map((m) => ({ id: m[1], args: m[2] }));

describe('manifest: the Get Started walkthrough', () => {
  it('walks through the five things a new user does, in order', () => {
    assert.ok(walkthrough, `a walkthrough with id ${WALKTHROUGH_ID}`);
    assert.deepEqual(steps.map((s) => s.id), ['openSample', 'seeProblems', 'fixProblem', 'connectProfile', 'trySandbox']);
  });

  it('gives each step a button that runs a command that exists', () => {
    for (const step of steps) {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `${step.id} has a button`);
      for (const { id, args } of links) {
        assert.ok(known(id), `${step.id}: ${id} is neither contributed nor a known VS Code command`);
        if (args) assert.doesNotThrow(() => JSON.parse(decodeURIComponent(args.slice(1))), `${step.id}: the arguments of ${id} are JSON`);
      }
    }
  });

  it('opens settings that exist', () => {
    for (const step of steps) {
      for (const { id, args } of commandLinks(step.description)) {
        if (id !== 'workbench.action.openSettings' || !args) continue;
        const [setting] = JSON.parse(decodeURIComponent(args.slice(1))) as string[];
        assert.ok(setting in contributes.configuration.properties, `${step.id} opens ${setting}`);
      }
    }
  });

  it('completes each step on what the user did: a command that exists, a view, a setting, or a context key the extension sets', () => {
    const contextKeys = new Set<string>(Object.values(WALKTHROUGH_CONTEXT));
    for (const step of steps) {
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `${step.id} says when it is done (else VS Code completes it when it is merely selected)`);
      for (const event of events) {
        const [, kind, value] = /^(\w+):(.+)$/.exec(event) ?? [];
        if (kind === 'onCommand') assert.ok(known(value), `${step.id}: ${value}`);
        else if (kind === 'onContext') assert.ok(contextKeys.has(value), `${step.id}: ${value} is set by the extension`);
        else if (kind === 'onSettingChanged') assert.ok(value in contributes.configuration.properties, `${step.id}: ${value}`);
        else assert.equal(kind, 'onView', `${step.id}: ${event}`);
      }
    }
  });

  it('ships each step\'s media, with text and no placeholders', () => {
    for (const step of steps) {
      const file = step.media.markdown ?? step.media.image;
      assert.ok(file, `${step.id} has media`);
      assert.ok(file.startsWith('media/'), `${step.id}: ${file} is under media/ (the .vsix ships media/**)`);
      assert.ok(existsSync(join(ROOT, file)), `${step.id}: ${file} exists`);
      if (step.media.markdown) {
        const text = readFileSync(join(ROOT, file), 'utf8');
        assert.match(text, /^# \S/, `${file} starts with a heading`);
        assert.doesNotMatch(text, /TODO|TBD|lorem|example\.invalid/i, file);
      } else {
        assert.ok(step.media.altText, `${step.id}: the image has alt text`);
      }
    }
  });

  it('declares its commands; Get Started and the sample are in the palette, the quick fix helper only behind its button', () => {
    for (const id of Object.values(WALKTHROUGH_COMMANDS)) {
      const c = contributes.commands.find((x) => x.command === id);
      assert.ok(c, `${id} is contributed`);
      assert.equal(c.category, 'S3 Replication Doctor');
    }
    const hidden = (id: string) => contributes.menus.commandPalette.some((m) => m.command === id && m.when === 'false');
    assert.ok(!hidden(WALKTHROUGH_COMMANDS.getStarted));
    assert.ok(!hidden(WALKTHROUGH_COMMANDS.openSample));
    assert.ok(hidden(WALKTHROUGH_COMMANDS.showQuickFix));
  });
});
