/**
 * The Get Started walkthrough's ids, its sample and the choices its commands make (no `vscode`: the
 * manifest test and the unit tests read them).
 */

export const WALKTHROUGH_ID = 'getStarted';

export const WALKTHROUGH_COMMANDS = {
  getStarted: 's3ReplicationDoctor.getStarted',
  openSample: 's3ReplicationDoctor.openSampleConfiguration',
  showQuickFix: 's3ReplicationDoctor.showQuickFix',
} as const;

/** Context keys the walkthrough's steps complete on (`onContext:` completion events). */
export const WALKTHROUGH_CONTEXT = {
  /** An error of the sample configuration went away (a quick fix, Fix All or an edit). */
  sampleFixed: 's3ReplicationDoctor.walkthrough.sampleFixed',
  /** The Replication view listed the buckets of the profile. */
  bucketsListed: 's3ReplicationDoctor.walkthrough.bucketsListed',
  /** …through an endpoint on this machine: the sandbox. */
  sandboxListed: 's3ReplicationDoctor.walkthrough.sandboxListed',
} as const;

/** What `workbench.action.openWalkthrough` takes: `<publisher>.<name>#<walkthrough id>`. */
export function walkthroughRef(extensionId: string): string {
  return `${extensionId}#${WALKTHROUGH_ID}`;
}

export const SAMPLE_BASENAME = 'sample-replication-config';

/**
 * The configuration the walkthrough's seed setup and many troubleshooting posts give: replicate a
 * bucket to another Region within 15 minutes. S3 rejects it twice over (a `Filter` without
 * `DeleteMarkerReplication`; Replication Time Control without `Metrics`).
 */
export const SAMPLE_CONFIGURATION = `{
  "Role": "arn:aws:iam::123456789012:role/s3-replication-role",
  "Rules": [
    {
      "ID": "replicate-all",
      "Status": "Enabled",
      "Priority": 1,
      "Filter": {
        "Prefix": ""
      },
      "Destination": {
        "Bucket": "arn:aws:s3:::destination-bucket",
        "ReplicationTime": {
          "Status": "Enabled",
          "Time": {
            "Minutes": 15
          }
        }
      }
    }
  ]
}
`;

/**
 * The first sample file name that is neither a file on disk nor an open document, so opening the
 * sample never replaces the user's work: `sample-replication-config.json`, then `-2`, `-3`…
 */
export async function freeSampleName(taken: (name: string) => boolean | Promise<boolean>, limit = 100): Promise<string | undefined> {
  for (let n = 1; n <= limit; n++) {
    const name = `${SAMPLE_BASENAME}${n === 1 ? '' : `-${n}`}.json`;
    if (!(await taken(name))) return name;
  }
  return undefined;
}

/** What a quick fix target needs of a diagnostic: its severity (0 error … 3 hint, as VS Code's) and where it starts. */
export interface ProblemPosition {
  severity: number;
  line: number;
  character: number;
}

/** The order in which problems are offered a fix: the most severe first, then in file order. */
export function inFixOrder<T extends ProblemPosition>(problems: readonly T[]): T[] {
  return [...problems].sort((a, b) => a.severity - b.severity || a.line - b.line || a.character - b.character);
}

/** Whether an endpoint URL points at this machine (the sandbox, or another local emulator). */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
