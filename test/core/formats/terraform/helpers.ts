/** Shared by the Terraform tests: modules as inputs, findings by rule, the text a finding points at. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentInput } from '../../../../src/core/document';
import { Finding } from '../../../../src/core/findings';
import { loadHclParser } from '../../../../src/core/formats/terraform/hcl/parser';

export const FIXTURES = join(__dirname, 'fixtures');

/** Loads the grammar before a suite, as `prepareFormats` does for the CLI and the editor. */
export function withParser(): void {
  before(async function () {
    this.timeout(60_000);
    await loadHclParser();
  });
}

export function folderInputs(folder: string, uriFolder = `/repo/${folder}`): DocumentInput[] {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir)
    .sort()
    .map((f) => ({ uri: `${uriFolder}/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

export function inputsOf(files: Record<string, string>, folder = '/repo/infra'): DocumentInput[] {
  return Object.entries(files).map(([name, text]) => ({ uri: `${folder}/${name}`, text }));
}

export function byRule(findings: readonly Finding[], id: string): Finding[] {
  return findings.filter((f) => f.ruleId === id);
}

export function textAt(inputs: readonly DocumentInput[], f: { uri: string; offset: number; length: number }): string {
  const text = inputs.find((i) => i.uri === f.uri)?.text ?? '';
  return text.slice(f.offset, f.offset + f.length);
}

/** Problems a user must act on (errors and warnings). */
export function serious(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== 'info');
}
