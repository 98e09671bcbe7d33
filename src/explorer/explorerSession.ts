/**
 * Which account the explorer looks at: the settings (profile, region, endpoint, concurrency) and the
 * model built for them. Changing any of them disposes the model, which cancels every call in flight
 * and closes the connections, before a new one is built on the next look. No `vscode` import.
 */
import type * as Aws from '../aws';
import type { AccountSettings } from '../aws/accounts';
import { readProfile, resolveRegion, sharedFiles, type SharedFiles } from '../aws/profiles';
import { BucketsModel, type ModelOptions } from './bucketsModel';
import { diagnose, type FindingSettings } from './diagnose';
import { Emitter } from './events';

export interface ExplorerSettings {
  /** Undefined: the default credential chain (environment, `AWS_PROFILE`, SSO, container, instance). */
  profile?: string;
  region?: string;
  endpoint?: string;
  concurrency: number;
  /** Profiles or an organization role for the other side of cross-account pairs. */
  accounts?: AccountSettings;
  /**
   * Why no model may be built (an endpoint setting that is not a URL): rather than quietly send the
   * requests to AWS instead of the endpoint the user meant, the explorer stops and says why.
   */
  blocked?: string;
}

export type AwsModule = typeof Aws;

/** A usable endpoint URL, or why it is not one. */
export function checkEndpoint(raw: string): { endpoint?: string; problem?: string } {
  const text = raw.trim();
  if (!text) return {};
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `The endpoint setting "${text}" is not a URL (expected e.g. http://127.0.0.1:4566).` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `The endpoint setting "${text}" must use http or https.` };
  return { endpoint: url.toString().replace(/\/$/, '') };
}


export interface SessionOptions {
  /** Loads the AWS module (and the SDK) on first use. */
  loadAws: () => AwsModule;
  env?: NodeJS.ProcessEnv;
  files?: SharedFiles;
  /** Passed to the backend: tests give fixed credentials instead of a profile's. */
  backendExtras?: Partial<Aws.BackendOptions>;
  modelOptions?: ModelOptions;
}

export class ExplorerSession {
  private settings: ExplorerSettings;
  private current?: BucketsModel;
  private resolvedRegion?: string;
  private findingSettings?: FindingSettings;
  private readonly changed = new Emitter<void>();
  /** Fires when the settings changed: the old model is gone, the next `model()` builds a new one. */
  readonly onDidChange = this.changed.event;

  constructor(
    settings: ExplorerSettings,
    private readonly options: SessionOptions,
  ) {
    this.settings = settings;
  }

  /** The profile whose region and SSO status apply: the chosen one, else the one the default chain would read. */
  get profileName(): string {
    const env = this.options.env ?? process.env;
    return this.settings.profile ?? (env.AWS_PROFILE || 'default');
  }

  /** The profile picked in the settings; undefined for the default chain. */
  get chosenProfile(): string | undefined {
    return this.settings.profile;
  }

  /** The profile part of live document addresses (as the backend builds them). */
  get profileKey(): string {
    return this.settings.profile ?? 'default';
  }

  get profileLabel(): string {
    return this.settings.profile ?? `default chain (${this.profileName})`;
  }

  /** Read from the profile once per settings change. */
  get region(): string {
    const env = this.options.env ?? process.env;
    this.resolvedRegion ??= resolveRegion(this.settings.region, readProfile(this.profileName, this.options.files ?? sharedFiles(env)), env);
    return this.resolvedRegion;
  }

  /** Profiles or the organization role for other accounts, as set. */
  get accounts(): AccountSettings | undefined {
    return this.settings.accounts;
  }

  get endpoint(): string | undefined {
    return this.settings.endpoint;
  }

  /** The model for the current settings, built (and the SDK loaded) on first use. */
  model(): BucketsModel {
    if (this.settings.blocked) throw new Error(this.settings.blocked);
    if (!this.current) {
      const aws = this.options.loadAws();
      const backend = aws.createBackend({
        profile: this.settings.profile,
        region: this.region,
        endpoint: this.settings.endpoint,
        concurrency: this.settings.concurrency,
        accounts: this.settings.accounts,
        ...this.options.backendExtras,
      });
      this.current = new BucketsModel(backend, { parallelBuckets: this.settings.concurrency * 2, diagnose: (live) => diagnose(live, this.findingSettings), ...this.options.modelOptions });
    }
    return this.current;
  }

  /** The model if one was built; looking at it does not load the SDK. */
  get existing(): BucketsModel | undefined {
    return this.current;
  }

  /** Which findings to show changed: the buckets already checked are judged again, AWS is not read again. */
  setFindingSettings(settings: FindingSettings): void {
    this.findingSettings = settings;
    this.current?.rediagnose();
  }

  configure(settings: ExplorerSettings): void {
    const same = (Object.keys({ ...settings, ...this.settings }) as (keyof ExplorerSettings)[]).every((k) => JSON.stringify(settings[k]) === JSON.stringify(this.settings[k]));
    if (same) return;
    this.settings = settings;
    this.resolvedRegion = undefined;
    this.current?.dispose();
    this.current = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
    this.changed.dispose();
  }
}
