/**
 * `scan`'s four outputs, written an account at a time as each account is done, so a run over an
 * organization keeps no more than one account's findings. Text and OCSF are written as they come; the
 * JSON document and the SARIF log write their findings (results) as they come too and close with what
 * only the end knows (the summary; the rules met, which SARIF results point at by index).
 */
import type { ScanFinding, ScanSummary, ScanTelemetry } from '../aws/scan';
import type { Severity } from '../core/findings';
import { ruleById } from '../core/rules';
import { SARIF_SCHEMA } from './formatSarif';
import { ruleJson, ruleLines, type RuleJson } from './status';
import { TOOL_NAME, TOOL_VERSION } from './version';

export type ScanFormat = 'text' | 'json' | 'sarif' | 'ocsf';

/** One replicating bucket's telemetry as printed: the rules as `status --format json` shows them. */
export interface ScanTelemetryJson {
  account: string;
  region?: string;
  bucket: string;
  window: { start: string; end: string };
  rules: RuleJson[];
  /** Objects S3 reported FAILED in the window, all rules together (unknown rules count 0). */
  failed: number;
}

export function telemetryJson(t: ScanTelemetry): ScanTelemetryJson {
  const o = t.observations;
  const events = o.capture?.events ?? [];
  const rules = o.rules.map((r) => ruleJson(r, events));
  return { account: t.account, region: t.region, bucket: t.bucket, window: { start: new Date(o.window.start).toISOString(), end: new Date(o.window.end).toISOString() }, rules, failed: rules.reduce((n, r) => n + (r.failed ?? 0), 0) };
}

export interface ScanWriter {
  /** One account's findings (in any order) and telemetry. */
  account(findings: readonly ScanFinding[], telemetry: readonly ScanTelemetryJson[]): void;
  end(summary: ScanSummary, counts: Record<Severity, number>, suppressed: number): void;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

const byPlace = (a: ScanFinding, b: ScanFinding) => a.account.localeCompare(b.account) || (a.bucket ?? '').localeCompare(b.bucket ?? '') || a.ruleId.localeCompare(b.ruleId);

export function textWriter(write: (s: string) => void): ScanWriter {
  return {
    account(findings, telemetry) {
      const lines: string[] = [];
      const heads = new Map<string, { findings: ScanFinding[]; telemetry?: ScanTelemetryJson }>();
      const headOf = (account: string, bucket?: string, region?: string) => `${account}${bucket ? ` ${bucket}` : ''}${region ? ` (${region})` : ''}`;
      for (const f of [...findings].sort(byPlace)) {
        const head = headOf(f.account, f.bucket, f.region);
        const entry = heads.get(head) ?? { findings: [] };
        entry.findings.push(f);
        heads.set(head, entry);
      }
      for (const t of telemetry) {
        const head = headOf(t.account, t.bucket, t.region);
        heads.set(head, { findings: heads.get(head)?.findings ?? [], telemetry: t });
      }
      for (const head of [...heads.keys()].sort()) {
        const { findings: mine, telemetry: t } = heads.get(head)!;
        lines.push(head);
        for (const f of mine) lines.push(`  ${f.severity.padEnd(7)} ${f.ruleId}${f.document ? ` [${f.document}]` : ''}: ${f.message}`);
        if (t) for (const r of t.rules) lines.push(...ruleLines(r, '  telemetry: '));
      }
      if (lines.length > 0) write(`${lines.join('\n')}\n`);
    },
    end(summary, counts, suppressed) {
      const lines = [
        `${summary.accounts} account(s), ${summary.buckets} bucket(s) scanned${summary.failedAccounts ? `, ${summary.failedAccounts} account(s) unreadable` : ''}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info${suppressed ? `, ${suppressed} suppressed by the baseline` : ''}.`,
      ];
      // The note is a sentence of its own ("SCPs and RCPs were not checked: …").
      if (summary.guardrailsNote) lines.push(summary.guardrailsNote);
      write(`${lines.join('\n')}\n`);
    },
  };
}

/**
 * `{"findings": [...], "telemetry": [...], "summary": {...}}`, one finding a line. Telemetry records
 * (with `--telemetry`; a few numbers per replicating bucket) are held until the findings array closes.
 */
export function jsonWriter(write: (s: string) => void, withTelemetry: boolean): ScanWriter {
  let first = true;
  const telemetry: ScanTelemetryJson[] = [];
  write('{\n  "findings": [');
  return {
    account(findings, t) {
      for (const f of [...findings].sort(byPlace)) {
        write(`${first ? '\n' : ',\n'}    ${JSON.stringify(f)}`);
        first = false;
      }
      telemetry.push(...t);
    },
    end(summary, _counts, suppressed) {
      write(`${first ? '' : '\n  '}],\n`);
      if (withTelemetry) write(`  "telemetry": [${telemetry.map((t) => `\n    ${JSON.stringify(t)}`).join(',')}${telemetry.length ? '\n  ' : ''}],\n`);
      write(`  "summary": ${JSON.stringify({ ...summary, suppressed })}\n}\n`);
    },
  };
}

/** SARIF 2.1.0: results as they come, the run's tool (with the rules results point at) at the end. */
export function sarifWriter(write: (s: string) => void): ScanWriter {
  const ruleIds: string[] = [];
  const index = new Map<string, number>();
  let first = true;
  write(`{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": [`);
  return {
    account(findings) {
      for (const f of [...findings].sort(byPlace)) {
        let i = index.get(f.ruleId);
        if (i === undefined) {
          i = ruleIds.push(f.ruleId) - 1;
          index.set(f.ruleId, i);
        }
        const result = {
          ruleId: f.ruleId,
          ruleIndex: i,
          level: LEVEL[f.severity],
          message: { text: f.message },
          // Live resources have no file: a logical location names the account and bucket.
          locations: [{ logicalLocations: [{ kind: 'resource', name: f.bucket ?? f.account, fullyQualifiedName: f.bucket ? `arn:aws:s3:::${f.bucket}` : `aws-account:${f.account}` }] }],
          partialFingerprints: { 's3ReplicationDoctorScan/v1': f.fingerprint },
          properties: { account: f.account, region: f.region, bucket: f.bucket, document: f.document },
        };
        write(`${first ? '\n' : ',\n'}        ${JSON.stringify(result)}`);
        first = false;
      }
    },
    end() {
      const rules = ruleIds.map((id) => {
        const rule = ruleById(id);
        return { id, shortDescription: { text: rule?.summary ?? id }, ...(rule?.docUrl ? { helpUri: rule.docUrl } : {}), defaultConfiguration: { level: LEVEL[rule?.severity ?? 'warning'] } };
      });
      const tool = { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules } };
      write(`${first ? '' : '\n      '}],\n      "tool": ${JSON.stringify(tool)}\n    }\n  ]\n}\n`);
    },
  };
}

/**
 * OCSF 1.3 Compliance Finding (class 2003, category Findings), one per finding, as Security Lake and
 * SIEMs ingest them: a rule of the catalogue is a control that failed on a resource (compliance status
 * Fail), the fingerprint is `finding_info.uid`. A JSON array, one event a line.
 */
export function ocsfWriter(write: (s: string) => void, now: Date = new Date()): ScanWriter {
  const SEVERITY_ID: Record<Severity, number> = { info: 1, warning: 3, error: 4 };
  const SEVERITY: Record<Severity, string> = { info: 'Informational', warning: 'Medium', error: 'High' };
  const time = now.getTime();
  let first = true;
  write('[');
  return {
    account(findings) {
      for (const f of [...findings].sort(byPlace)) {
        const event = {
          activity_id: 1,
          activity_name: 'Create',
          category_uid: 2,
          category_name: 'Findings',
          class_uid: 2003,
          class_name: 'Compliance Finding',
          type_uid: 200301,
          type_name: 'Compliance Finding: Create',
          severity_id: SEVERITY_ID[f.severity],
          severity: SEVERITY[f.severity],
          status_id: 1,
          status: 'New',
          time,
          message: f.message,
          finding_info: { uid: f.fingerprint, title: ruleById(f.ruleId)?.summary ?? f.ruleId, desc: f.message, types: [f.ruleId], analytic: { uid: f.ruleId, name: f.ruleId, type_id: 1, type: 'Rule' } },
          compliance: { control: f.ruleId, standards: ['S3 Replication Doctor rule catalogue'], status_id: 3, status: 'Fail' },
          cloud: { provider: 'AWS', account: { uid: f.account, type_id: 10, type: 'AWS Account' }, ...(f.region ? { region: f.region } : {}) },
          resources: [f.bucket ? { uid: `arn:aws:s3:::${f.bucket}`, name: f.bucket, type: 'AWS::S3::Bucket', ...(f.region ? { region: f.region } : {}) } : { uid: f.account, type: 'AWS::::Account' }],
          metadata: { version: '1.3.0', product: { name: TOOL_NAME, vendor_name: TOOL_NAME, version: TOOL_VERSION } },
        };
        write(`${first ? '\n' : ',\n'}  ${JSON.stringify(event)}`);
        first = false;
      }
    },
    end() {
      write(`${first ? '' : '\n'}]\n`);
    },
  };
}

export function scanWriter(format: ScanFormat, write: (s: string) => void, withTelemetry: boolean): ScanWriter {
  switch (format) {
    case 'json':
      return jsonWriter(write, withTelemetry);
    case 'sarif':
      return sarifWriter(write);
    case 'ocsf':
      return ocsfWriter(write);
    default:
      return textWriter(write);
  }
}
