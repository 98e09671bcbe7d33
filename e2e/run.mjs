// `npm run test:e2e` (after e2e/setup.sh): the harness is TypeScript, loaded through tsx on the project's Node 20.
import 'tsx';
await import('./harness/run.ts');
