/**
 * Surface of the lazily loaded AWS module (`dist/aws.js`). The extension loads it only when the
 * explorer or a command needs AWS, so the SDK costs nothing while only files are being checked.
 * Import types from here with `import type`; values only through the explorer's loader.
 */
import { SdkBackend, type BackendOptions } from './backend';
import type { ExplorerBackend } from './types';

export function createBackend(options: BackendOptions): ExplorerBackend {
  return new SdkBackend(options);
}

export type { BackendOptions } from './backend';
export type * from './types';
