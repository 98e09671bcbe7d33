// `npm start` (after e2e/setup.sh): the launcher is TypeScript, loaded through tsx on the project's Node 20.
import 'tsx';
await import('./harness/start.ts');
