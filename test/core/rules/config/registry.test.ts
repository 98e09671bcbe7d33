/** Every rule of catalogue sections (a) and (f) is registered with the catalogue's id, severity and a doc link. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_RULES } from '../../../../src/core/rules/config';
import { LIVE_RULES } from '../../../../src/core/rules/live';
import { ALL_RULES } from '../../../../src/core/rules';
import { DOCS } from '../../../../src/core/sources';

const CATALOGUE = join(__dirname, '../../../../../shared/reference/replication-rules.md');

/** Rules we do not implement, and why: facts we do not model. The report to the lead lists them too. */
const LEFT_OUT: Record<string, string> = {
  'rc-source-selection-model-note': 'a note that tells us not to flag something; the examples test checks we do not',
  'rc-rtc-region-unsupported': 'the list of Regions without RTC is unknown',
  'ls-object-lock-dest-writes': 'a policy check (dest-bp), not bucket state',
  'ls-regions-enabled': 'needs account opt-in Region facts',
  'ls-archive-storage-classes': 'needs per-object storage classes',
  'ls-lifecycle-not-replicated': 'general advice with no state to check',
  'ls-config-propagation': 'explorer behaviour (polling after writes), not a finding',
  'ls-no-config-404': 'explorer behaviour (404 means no configuration), not a finding',
};

/**
 * Rules of ours that the catalogue does not list, with the severity and evidence we give them and
 * why: what the AWS CLI refuses before sending (observed with /usr/bin/aws, see
 * members.awsCli.test.ts), and what the S3 Control API reference says about S3 on Outposts.
 */
const BEYOND_CATALOGUE: Record<string, { severity: string; evidence: string }> = {
  'rc-unknown-member': { severity: 'error', evidence: 'V' },
  'rc-member-type': { severity: 'error', evidence: 'V' },
  'rc-outposts-unsupported': { severity: 'error', evidence: 'D' },
  // The CLI refuses it, but the S3 User Guide's own Outposts example leaves it out: a warning until AWS's examples agree.
  'rc-outposts-rule-bucket': { severity: 'warning', evidence: 'V' },
};

interface Entry {
  id: string;
  severity: string;
  /** Evidence letters of the cell: "D", or both of "V (old error) / D". */
  evidence: string[];
}

function catalogue(): Entry[] {
  const text = readFileSync(CATALOGUE, 'utf8');
  const a = text.slice(text.indexOf('## (a)'), text.indexOf('## (b)'));
  const f = text.slice(text.indexOf('## (f)'), text.indexOf('## Batch Replication'));
  return [...a.split('\n'), ...f.split('\n')]
    .filter((l) => /^\| (rc|ls)-/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => ({ id: c[1], severity: c[3], evidence: c[6].split('/').map((e) => e.trim().charAt(0)) }));
}

const RULES = [...CONFIG_RULES, ...LIVE_RULES];

describe('config and live rule registry', () => {
  it('covers every catalogue id of sections (a) and (f), except the listed ones', () => {
    const registered = new Set(RULES.map((r) => r.id));
    const missing = catalogue().filter((e) => !registered.has(e.id) && !(e.id in LEFT_OUT)).map((e) => e.id);
    assert.deepEqual(missing, []);
    for (const id of Object.keys(LEFT_OUT)) assert.ok(!registered.has(id), `${id} is registered after all`);
    for (const id of Object.keys(BEYOND_CATALOGUE)) assert.ok(registered.has(id), `${id} is not registered`);
  });

  it('uses the catalogue severity; U evidence at most warning', () => {
    const byId = new Map(catalogue().map((e) => [e.id, e]));
    for (const [id, own] of Object.entries(BEYOND_CATALOGUE)) byId.set(id, { id, severity: own.severity, evidence: [own.evidence] });
    for (const rule of RULES) {
      const entry = byId.get(rule.id);
      assert.ok(entry, `${rule.id} is not in the catalogue`);
      assert.ok(entry.evidence.includes(rule.evidence), `${rule.id} evidence ${rule.evidence} not in ${entry.evidence.join('/')}`);
      const expected = rule.evidence === 'U' && entry.severity === 'error' ? 'warning' : entry.severity;
      assert.equal(rule.severity, expected, `${rule.id} severity`);
    }
  });

  it('has unique ids, one-line summaries, known doc links, and live flags where facts are needed', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    const urls = new Set<string>(Object.values(DOCS));
    for (const rule of RULES) {
      assert.ok(rule.summary.length > 10 && !rule.summary.includes('\n'), `${rule.id} summary`);
      assert.ok(urls.has(rule.docUrl), `${rule.id} docUrl`);
      assert.deepEqual(rule.kinds, ['replication-config']);
    }
    assert.ok(LIVE_RULES.every((r) => r.live === true));
    assert.ok(CONFIG_RULES.every((r) => !r.live));
  });
});

describe('KMS rule registry (catalogue section (e) and iam-kms-context-*)', () => {
  it('registers every kms-* and iam-kms-context-* id of the catalogue with its severity', () => {
    const text = readFileSync(CATALOGUE, 'utf8');
    const rows = text
      .split('\n')
      .filter((l) => /^\| (kms-|iam-kms-context-)/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((c) => ({ id: c[1], severity: c[3] }));
    assert.ok(rows.length >= 9, 'the catalogue lists the KMS rules');
    // iam-kms-context-prefix-mismatch is implemented by another change (the role policy family).
    const pending = new Set(['iam-kms-context-prefix-mismatch']);
    for (const row of rows) {
      const rule = ALL_RULES.find((r) => r.id === row.id);
      if (!rule && pending.has(row.id)) continue;
      assert.ok(rule, `${row.id} is not registered`);
      assert.equal(rule.severity, row.severity, `${row.id} severity`);
    }
  });
});
