/** The package's identity, read from package.json at build time (esbuild inlines only these fields). */
import { name, version } from '../../package.json';

export const TOOL_NAME = name;
export const TOOL_VERSION = version;
