/** The walkthrough's pure parts: the sample, the free sample name, the order problems get a fix in, the sandbox test. */
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core';
import { freeSampleName, inFixOrder, isLocalEndpoint, SAMPLE_CONFIGURATION, walkthroughRef } from '../../src/commands/walkthrough';

describe('walkthrough: the sample configuration', () => {
  it('is a replication configuration S3 rejects for the two reasons the walkthrough names, each with a fix', () => {
    const result = analyze([{ uri: 'file:///ws/sample-replication-config.json', text: SAMPLE_CONFIGURATION }]);
    const errors = result.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.ruleId).sort(), ['rc-rtc-requires-metrics', 'rc-v2-delete-marker-required']);
    for (const e of errors) assert.ok((e.fixes ?? []).some((f) => f.preferred), `${e.ruleId} has a recommended fix`);
    assert.equal(result.findings.filter((f) => f.severity === 'warning').length, 0);
  });
});

describe('walkthrough: the sample file name', () => {
  it('is sample-replication-config.json when nothing has that name', async () => {
    assert.equal(await freeSampleName(() => false), 'sample-replication-config.json');
  });

  it('skips names that are taken (on disk or open), asynchronously too', async () => {
    const taken = new Set(['sample-replication-config.json', 'sample-replication-config-2.json']);
    assert.equal(await freeSampleName(async (n) => taken.has(n)), 'sample-replication-config-3.json');
  });

  it('gives up rather than reuse a name when every one is taken', async () => {
    const asked: string[] = [];
    assert.equal(await freeSampleName((n) => (asked.push(n), true), 5), undefined);
    assert.equal(asked.length, 5);
    assert.equal(new Set(asked).size, 5);
  });
});

describe('walkthrough: which problem gets its quick fix shown', () => {
  it('errors before warnings before infos, then in file order', () => {
    const problems = [
      { id: 'info-top', severity: 2, line: 0, character: 0 },
      { id: 'error-late', severity: 0, line: 12, character: 8 },
      { id: 'warning', severity: 1, line: 3, character: 0 },
      { id: 'error-early-col', severity: 0, line: 7, character: 2 },
      { id: 'error-early', severity: 0, line: 7, character: 0 },
    ];
    assert.deepEqual(inFixOrder(problems).map((p) => p.id), ['error-early', 'error-early-col', 'error-late', 'warning', 'info-top']);
    assert.equal(problems[0].id, 'info-top', 'the input is left in its order');
  });
});

describe('walkthrough: a local endpoint (the sandbox)', () => {
  it('is one on this machine', () => {
    for (const url of ['http://127.0.0.1:4599', 'http://localhost:4566/', 'http://[::1]:4599', 'https://127.1.2.3']) assert.ok(isLocalEndpoint(url), url);
  });

  it('is not AWS, another host, a lookalike name or no endpoint', () => {
    for (const url of [undefined, '', 'https://s3.us-east-1.amazonaws.com', 'http://127.0.0.1.example.com', 'http://10.0.0.5:9000', 'not a url', 'http://localhost.evil.test']) {
      assert.ok(!isLocalEndpoint(url), String(url));
    }
  });
});

describe('walkthrough: its reference for workbench.action.openWalkthrough', () => {
  it('is <publisher>.<name>#getStarted', () => {
    assert.equal(walkthroughRef('s3-replication-doctor.s3-replication-doctor'), 's3-replication-doctor.s3-replication-doctor#getStarted');
  });
});
