/**
 * Terraform modules for the tests, written in the styles real modules use: the standalone
 * `aws_s3_bucket_replication_configuration` or the legacy inline `replication_configuration`;
 * the role's policy as an `aws_iam_policy_document`, `jsonencode({...})`, a heredoc or a `file()`;
 * names from a variable and a local; several files. A case changes one thing from the healthy
 * module, so each defect is alone.
 */
export type Style = 'standalone' | 'legacy';
export type PolicyForm = 'document' | 'jsonencode' | 'heredoc' | 'file';

export interface ModuleSpec {
  style: Style;
  policy: PolicyForm;
  /** The rule blocks' bodies, as written inside `rule {}` / `rules {}`. */
  rules?: string[];
  /** Actions per statement: the source bucket, its objects, the destination's objects. */
  bucketActions?: string[];
  sourceActions?: string[];
  destinationActions?: string[];
  /** An extra statement (IAM JSON object) for the role policy. */
  extraStatement?: { Effect: string; Action: string[]; Resource: string };
  /** The destination's versioning: declared (default), absent, or a separate resource in the legacy style. */
  destinationVersioning?: 'declared' | 'absent' | 'resource';
  /** The replication depends on the versioning resources (standalone; default true). */
  dependsOn?: boolean;
  /** More files. */
  extra?: Record<string, string>;
}

export const DEFAULT_BUCKET_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'];
export const DEFAULT_SOURCE_ACTIONS = ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'];
export const DEFAULT_DESTINATION_ACTIONS = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'];

export function standaloneRule(body = ''): string {
  return `id       = "everything"
    status   = "Enabled"
    priority = 1

    filter {
      prefix = "data/"
    }

    delete_marker_replication {
      status = "Disabled"
    }

    destination {
      bucket        = aws_s3_bucket.destination.arn
      storage_class = "STANDARD"${body}
    }`;
}

export function legacyRule(body = ''): string {
  return `id       = "everything"
      status   = "Enabled"
      priority = 1

      filter {
        prefix = "data/"
      }

      destination {
        bucket        = aws_s3_bucket.destination.arn
        storage_class = "STANDARD"${body}
      }`;
}

const list = (items: string[], indent: string) => `[\n${items.map((a) => `${indent}  "${a}",`).join('\n')}\n${indent}]`;

function statements(spec: ModuleSpec): { Effect: string; Action: string[]; Resource: string }[] {
  const s = [
    { Effect: 'Allow', Action: spec.bucketActions ?? DEFAULT_BUCKET_ACTIONS, Resource: 'SOURCE' },
    { Effect: 'Allow', Action: spec.sourceActions ?? DEFAULT_SOURCE_ACTIONS, Resource: 'SOURCE/*' },
    { Effect: 'Allow', Action: spec.destinationActions ?? DEFAULT_DESTINATION_ACTIONS, Resource: 'DESTINATION/*' },
  ];
  if (spec.extraStatement) s.push(spec.extraStatement);
  return s.filter((x) => x.Action.length > 0);
}

function resourceRef(r: string, form: PolicyForm): string {
  const literal = r.replace('SOURCE', 'arn:aws:s3:::tf-test-source').replace('DESTINATION', 'arn:aws:s3:::tf-test-destination');
  if (form === 'file') return literal;
  return r.replace('SOURCE', '${aws_s3_bucket.source.arn}').replace('DESTINATION', '${local.destination_arn}');
}

function policyFiles(spec: ModuleSpec): Record<string, string> {
  const st = statements(spec);
  switch (spec.policy) {
    case 'document':
      return {
        'policy.tf': `data "aws_iam_policy_document" "replication" {
${st
  .map(
    (s) => `  statement {
    effect = "${s.Effect}"

    actions = ${list(s.Action, '    ')}

    resources = ["${resourceRef(s.Resource, 'document')}"]
  }
`,
  )
  .join('\n')}}

resource "aws_iam_policy" "replication" {
  name   = "\${local.prefix}-replication"
  policy = data.aws_iam_policy_document.replication.json
}

resource "aws_iam_role_policy_attachment" "replication" {
  role       = aws_iam_role.replication.name
  policy_arn = aws_iam_policy.replication.arn
}
`,
      };
    case 'jsonencode':
      return {
        'policy.tf': `resource "aws_iam_role_policy" "replication" {
  name = "replication"
  role = aws_iam_role.replication.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
${st
  .map(
    (s) => `      {
        Effect   = "${s.Effect}"
        Action   = ${list(s.Action, '        ')}
        Resource = "${resourceRef(s.Resource, 'jsonencode')}"
      },`,
  )
  .join('\n')}
    ]
  })
}
`,
      };
    case 'heredoc':
      return {
        'policy.tf': `resource "aws_iam_role_policy" "replication" {
  name = "replication"
  role = aws_iam_role.replication.id

  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
${st
  .map(
    (s) => `        {
          "Effect": "${s.Effect}",
          "Action": [
${s.Action.map((a) => `            "${a}"`).join(',\n')}
          ],
          "Resource": "${resourceRef(s.Resource, 'heredoc')}"
        }`,
  )
  .join(',\n')}
      ]
    }
  POLICY
}
`,
      };
    case 'file':
      return {
        'policy.tf': `resource "aws_iam_role_policy" "replication" {
  name   = "replication"
  role   = aws_iam_role.replication.id
  policy = file("\${path.module}/replication-policy.json")
}
`,
        'replication-policy.json': `${JSON.stringify({ Version: '2012-10-17', Statement: st.map((s) => ({ ...s, Resource: resourceRef(s.Resource, 'file') })) }, null, 2)}\n`,
      };
  }
}

export function moduleFiles(spec: ModuleSpec): Record<string, string> {
  const rules = spec.rules ?? [spec.style === 'standalone' ? standaloneRule() : legacyRule()];
  const versioning = spec.destinationVersioning ?? 'declared';
  const files: Record<string, string> = {
    'variables.tf': `variable "name_prefix" {
  type    = string
  default = "tf-test"
}

locals {
  prefix          = var.name_prefix
  destination_arn = aws_s3_bucket.destination.arn
}
`,
    'iam.tf': `resource "aws_iam_role" "replication" {
  name = "\${local.prefix}-replication"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}
`,
    ...policyFiles(spec),
  };
  if (spec.style === 'standalone') {
    files['buckets.tf'] = `resource "aws_s3_bucket" "source" {
  bucket = "\${local.prefix}-source"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "destination" {
  bucket = "\${local.prefix}-destination"
}
${
  versioning === 'absent'
    ? ''
    : `
resource "aws_s3_bucket_versioning" "destination" {
  bucket = aws_s3_bucket.destination.id
  versioning_configuration {
    status = "Enabled"
  }
}
`
}`;
    const depends = spec.dependsOn === false || versioning === 'absent' ? '' : `  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.destination]\n\n`;
    files['replication.tf'] = `resource "aws_s3_bucket_replication_configuration" "this" {
${depends}  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.source.id
${rules.map((r) => `\n  rule {\n    ${r}\n  }\n`).join('')}}
`;
  } else {
    const destVersioning = versioning === 'declared' ? `\n\n  versioning {\n    enabled = true\n  }` : '';
    files['buckets.tf'] = `resource "aws_s3_bucket" "destination" {
  bucket = "\${local.prefix}-destination"${destVersioning}
}
${
  versioning === 'resource'
    ? `
resource "aws_s3_bucket_versioning" "destination" {
  bucket = aws_s3_bucket.destination.id
  versioning_configuration {
    status = "Enabled"
  }
}
`
    : ''
}
resource "aws_s3_bucket" "source" {
  bucket = "\${local.prefix}-source"

  versioning {
    enabled = true
  }

  replication_configuration {
    role = aws_iam_role.replication.arn
${rules.map((r) => `\n    rules {\n      ${r}\n    }\n`).join('')}  }
}
`;
  }
  return { ...files, ...(spec.extra ?? {}) };
}
