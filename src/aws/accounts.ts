/**
 * Which credentials reach which AWS account. The profile the user picked reaches its own account (the
 * home account); `accountProfiles` names a profile for other accounts; `organizationRole` is a role
 * assumed (from the home profile) in any other account, as an organization's audit role. Every client
 * set says how it was obtained (`via`), so each read can tell which account and profile it used.
 */
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ClientFactory, sharedCredentials, type ClientOptions, type CredentialProvider } from './clientFactory';
import { AwsCallError, toAwsCallError } from './errors';
import { callerAccount } from './iamService';
import { CALL_DEADLINE_MS, type CallScope } from './scope';
import type { AwsFailure } from './types';

export interface AccountSettings {
  /** Account id → profile name. */
  accountProfiles?: Record<string, string>;
  /** A role name assumed in every account no profile covers. */
  organizationRole?: string;
  /** External id the organization role's trust policy asks for. */
  organizationExternalId?: string;
}

/** Clients for one account, and how they were obtained (`profile dest-prod`, `role Audit from profile default`). */
export interface AccountAccess {
  account: string;
  via: string;
  clients: Pick<ClientFactory, 's3' | 's3Reads' | 'iam' | 'sts' | 'kms' | 'organizations'>;
}

export type AccountLookup = { ok: true; access: AccountAccess } | { ok: false; failure: AwsFailure };

export interface DirectoryOptions {
  /** The factory of the profile the user picked. */
  home: ClientFactory;
  homeProfileLabel: string;
  /** Region that signs STS calls. */
  region: string;
  settings: AccountSettings;
  /** Options for the factories of other accounts (endpoint, timeouts, limiter). */
  clientOptions: ClientOptions;
  /** Session name for assumed roles (CloudTrail shows it). */
  sessionName?: string;
}

/** The account id a string holds, or undefined (12 digits). */
export function accountId(value: string | undefined): string | undefined {
  return value && /^\d{12}$/.test(value) ? value : undefined;
}

export class AccountDirectory {
  private readonly factories = new Map<string, Promise<AccountLookup>>();
  private homeAccount?: Promise<string | undefined>;
  private readonly owned: ClientFactory[] = [];

  constructor(private readonly o: DirectoryOptions) {}

  get settings(): AccountSettings {
    return this.o.settings;
  }

  /** The account of the picked profile (GetCallerIdentity, once). */
  home(scope: CallScope): Promise<string | undefined> {
    this.homeAccount ??= callerAccount(scope, this.o.home.sts(this.o.region), this.o.region).catch((err: unknown) => {
      this.homeAccount = undefined;
      throw err;
    });
    return this.homeAccount;
  }

  /** Whether the settings give a way into `account` (not counting the home account). */
  covers(account: string): boolean {
    return !!this.o.settings.accountProfiles?.[account] || !!this.o.settings.organizationRole;
  }

  /**
   * Clients for `account`: the home profile's for its own account, the mapped profile's (checked to be
   * for that account), or the organization role's. A failure says why, in words for the node.
   */
  async access(scope: CallScope, account: string): Promise<AccountLookup> {
    const home = await this.home(scope).catch(() => undefined);
    if (home === account) return { ok: true, access: { account, via: `profile ${this.o.homeProfileLabel}`, clients: this.o.home } };
    let lookup = this.factories.get(account);
    if (!lookup) {
      lookup = this.open(scope, account);
      this.factories.set(account, lookup);
    }
    return lookup;
  }

  private async open(scope: CallScope, account: string): Promise<AccountLookup> {
    const profile = this.o.settings.accountProfiles?.[account];
    if (profile) {
      const factory = this.factory({ profile });
      try {
        const actual = await callerAccount(scope, factory.sts(this.o.region), this.o.region);
        if (actual !== account) {
          return fail(account, 'GetCallerIdentity', 'WrongAccount', 'credentials', `The profile "${profile}" mapped to account ${account} signs for account ${actual ?? 'unknown'}; fix accountProfiles.`);
        }
        return { ok: true, access: { account, via: `profile ${profile}`, clients: factory } };
      } catch (err) {
        if (err instanceof AwsCallError && err.kind === 'cancelled') throw err;
        const e = err instanceof AwsCallError ? err : toAwsCallError(err, 'GetCallerIdentity', account);
        return fail(account, e.operation, e.code, e.kind, `The profile "${profile}" for account ${account} cannot be used: ${e.message}`);
      }
    }
    const role = this.o.settings.organizationRole;
    if (role) {
      const roleArn = `arn:aws:iam::${account}:role/${role}`;
      const provider = this.assumeRole(roleArn);
      try {
        await provider();
      } catch (err) {
        if (err instanceof AwsCallError && err.kind === 'cancelled') throw err;
        const e = err instanceof AwsCallError ? err : toAwsCallError(err, 'AssumeRole', roleArn);
        return fail(account, 'AssumeRole', e.code, e.kind, `Assuming ${roleArn} from profile ${this.o.homeProfileLabel} failed (${e.code}): ${e.message}`);
      }
      return { ok: true, access: { account, via: `role ${role} from profile ${this.o.homeProfileLabel}`, clients: this.factory({ credentials: provider }) } };
    }
    return fail(
      account,
      'AccountAccess',
      'NoProfileForAccount',
      'access-denied',
      `No profile reaches account ${account}: add it to the accountProfiles setting ({"${account}": "<profile>"}), or set organizationRole.`,
    );
  }

  private factory(extra: Partial<ClientOptions>): ClientFactory {
    const f = new ClientFactory({ ...this.o.clientOptions, profile: undefined, credentials: undefined, ...extra, shareConnectionsWith: this.o.home });
    this.owned.push(f);
    return f;
  }

  /**
   * Temporary credentials for the role, renewed before they expire (sharedCredentials). Sent outside the
   * call limiter: the SDK resolves credentials while a call already holds its place, and waiting for a
   * second place there could wait forever.
   */
  private assumeRole(roleArn: string): CredentialProvider {
    const sts = this.o.home.sts(this.o.region);
    const externalId = this.o.settings.organizationExternalId;
    return sharedCredentials(async () => {
      let out;
      try {
        out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: this.o.sessionName ?? 's3-replication-doctor', ExternalId: externalId || undefined }), {
          abortSignal: AbortSignal.timeout(CALL_DEADLINE_MS),
        });
      } catch (err) {
        throw toAwsCallError(err, 'AssumeRole', roleArn, this.o.region);
      }
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AwsCallError({ operation: 'AssumeRole', target: roleArn, code: 'NoCredentials', kind: 'credentials', message: 'AssumeRole returned no credentials.' });
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    });
  }

  /**
   * Forgets one account's clients (a scan is done with the account), so they can be collected; asked
   * again, they are opened again. Not disposed: reads still in flight (another account's bucket whose
   * destination is here) finish with them, and they own no sockets (the pool is the home factory's).
   */
  forget(account: string): void {
    const lookup = this.factories.get(account);
    this.factories.delete(account);
    void lookup?.then((l) => {
      const i = l.ok ? this.owned.indexOf(l.access.clients as ClientFactory) : -1;
      if (i >= 0) this.owned.splice(i, 1);
    });
  }

  /** Forgets every account's clients (settings changed); the home factory stays with its owner. */
  dispose(): void {
    for (const f of this.owned) f.dispose();
    this.owned.length = 0;
    this.factories.clear();
    this.homeAccount = undefined;
  }
}

function fail(account: string, operation: string, code: string, kind: AwsFailure['kind'], message: string): AccountLookup {
  return { ok: false, failure: { operation, target: account, code, kind, message } };
}
