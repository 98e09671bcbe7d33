/**
 * The loopback endpoint at scale: building and loading a 10,000-bucket scenario (target: well under a
 * few seconds, here < 3 s), and answering ListBuckets for all of them, raw and through the SDK v3.
 */
import { HeadObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { FaultController } from '../loopback/faults';
import { generatedScenario, startLoopback } from '../loopback';
import { loadScenario } from '../loopback/scenario/load';
import { LoopbackState } from '../loopback/state';
import { Bench, measure, ms, table } from './lib';

const BUCKETS = 10_000;
const LOAD_TARGET_MS = 3000;

const bench: Bench = {
  title: `Loopback endpoint with ${BUCKETS.toLocaleString('en')} buckets`,
  async run(print) {
    const scenario = generatedScenario(BUCKETS);
    const build = await measure(() => generatedScenario(BUCKETS), { warmup: 1, minRuns: 3, budgetMs: 2000 });
    const load = await measure(() => loadScenario(new LoopbackState(), new FaultController(), scenario), { warmup: 1, minRuns: 3, budgetMs: 4000 });
    const server = await startLoopback({ scenario });
    try {
      const auth = {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
        'x-amz-date': '20250101T000000Z',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      };
      const raw = await measure(async () => (await fetch(`${server.url}/`, { headers: auth })).text(), { minRuns: 5, budgetMs: 3000 });
      const s3 = new S3Client({ region: 'us-east-1', endpoint: server.url, forcePathStyle: true, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
      const sdk = await measure(() => s3.send(new ListBucketsCommand({})), { minRuns: 5, budgetMs: 4000 });
      const source = [...server.state.buckets.values()].find((b) => b.label === 'generated: healthy' && b.region === 'us-east-1');
      const head = source
        ? await measure(() => s3.send(new HeadObjectCommand({ Bucket: source.name, Key: 'data/after-replication.txt' })), { budgetMs: 2000 })
        : undefined;
      const rows = [
        ['generatedScenario(10000)', ms(build.median), ms(build.min)],
        ['load scenario (validate + replicate at load)', ms(load.median), ms(load.min)],
        ['ListBuckets, all 10,000 (raw HTTP)', ms(raw.median), ms(raw.min)],
        ['ListBuckets, all 10,000 (SDK v3, parsed)', ms(sdk.median), ms(sdk.min)],
        ...(head ? [['HeadObject (SDK v3, one call)', ms(head.median), ms(head.min)]] : []),
      ];
      table(['case', 'median ms', 'min ms'], rows).forEach(print);
      print('');
      print(`load of ${BUCKETS.toLocaleString('en')} buckets: ${ms(load.median)} ms (target < ${LOAD_TARGET_MS} ms): ${load.median < LOAD_TARGET_MS ? 'OK' : 'MISS'}`);
    } finally {
      await server.close();
    }
  },
};

export default bench;
