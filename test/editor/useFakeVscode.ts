/**
 * Makes `require('vscode')` load `fakeVscode.ts`. Import this before anything that imports the
 * editor code.
 */
import Module from 'node:module';

const mod = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return resolve.call(this, request === 'vscode' ? require.resolve('./fakeVscode') : request, ...rest);
};
