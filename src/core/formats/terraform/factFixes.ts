/**
 * Declared facts the module can change where it declares them: a destination bucket whose
 * versioning is off gets it turned on (`ls-dest-versioning` offers the change as its fix). A fix
 * edits the finding's own file, so the change is written into that file: an existing
 * `aws_s3_bucket_versioning` or inline `versioning {}` block when it is there, else a new
 * `aws_s3_bucket_versioning` resource for the bucket (any file of the module declares it for all).
 */
import { Finding, TextEdit } from '../../findings';
import { hclStyle, replaceExpr } from '../../embedded/writers/hcl';
import { attribute, block } from './hcl/ast';
import { TfModule, TfResource, folderOf, referenceable } from './module';

/** A change to the files that declare a fact: edits of the file it was asked for. */
export interface DeclaredChange {
  title: string;
  edits(): TextEdit[];
}

/** Per declared bucket whose versioning is off: the change that turns it on, written into a given file. */
export type VersioningChanges = Map<string, (uri: string) => DeclaredChange | undefined>;

/**
 * The `amend` hook of a module's extraction: a finding asking for versioning on a bucket the module
 * declares says so in Terraform's terms, with a fix when the finding's own file can carry the change.
 */
export function amendVersioning(changes: VersioningChanges, finding: Finding): Finding {
  const change = finding.change;
  const build = change?.want.versioning === 'Enabled' ? changes.get(change.bucket) : undefined;
  if (!change || !build) return finding;
  const declared = build(finding.uri);
  const advice = declared
    ? `Turn it on where the module declares the bucket: ${declared.title.charAt(0).toLowerCase()}${declared.title.slice(1)}.`
    : 'Turn it on where the module declares the bucket: `versioning_configuration { status = "Enabled" }` in its `aws_s3_bucket_versioning`.';
  const message = finding.message.includes(change.advice) ? finding.message.replace(change.advice, advice) : `${finding.message} ${advice}`;
  const fixes = declared ? [{ title: declared.title, preferred: true, edits: () => declared.edits() }, ...(finding.fixes ?? [])] : finding.fixes;
  return { ...finding, message, fixes, change: { ...change, advice } };
}

function inModule(m: TfModule, uri: string): boolean {
  return folderOf(uri) === m.folder && m.files.some((f) => f.uri === uri);
}

/** Turns versioning on for `bucket`: in its versioning resource, its inline block, or a new resource. */
export function enableVersioning(m: TfModule, bucket: TfResource, versioning: TfResource | undefined): (uri: string) => DeclaredChange | undefined {
  return (uri) => {
    if (!inModule(m, uri) || bucket.multi) return undefined;
    const file = m.files.find((f) => f.uri === uri);
    if (!file) return undefined;
    if (versioning) {
      // `versioning_configuration { status = "Suspended" }`: written where it is, or not at all.
      if (versioning.file.uri !== uri || versioning.multi) return undefined;
      const status = attribute(block(versioning.block.body, 'versioning_configuration')?.body, 'status');
      if (!status) return undefined;
      return { title: `Set status = "Enabled" in ${versioning.address}`, edits: () => [replaceExpr(status.expr, '"Enabled"')] };
    }
    const inline = block(bucket.block.body, 'versioning');
    if (inline) {
      const enabled = attribute(inline.body, 'enabled');
      if (bucket.file.uri !== uri || !enabled) return undefined;
      return { title: `Set versioning { enabled = true } in ${bucket.address}`, edits: () => [replaceExpr(enabled.expr, 'true')] };
    }
    // A new resource refers to the bucket by its address, and takes its name as its own label.
    if (!referenceable(bucket)) return undefined;
    let name = bucket.name;
    for (let i = 2; m.resources.has(`aws_s3_bucket_versioning.${name}`); i++) name = `${bucket.name}_${i}`;
    return {
      title: `Add resource "aws_s3_bucket_versioning" "${name}" (versioning Enabled on ${bucket.address})`,
      edits: (): TextEdit[] => {
        const { unit, eol } = hclStyle(file.text);
        const lines = [
          `resource "aws_s3_bucket_versioning" "${name}" {`,
          `${unit}bucket = ${bucket.address}.id`,
          '',
          `${unit}versioning_configuration {`,
          `${unit}${unit}status = "Enabled"`,
          `${unit}}`,
          '}',
        ];
        const text = file.text;
        const lead = text.length === 0 ? '' : text.endsWith('\n') ? eol : `${eol}${eol}`;
        return [{ offset: text.length, length: 0, content: `${lead}${lines.join(eol)}${eol}` }];
      },
    };
  };
}
