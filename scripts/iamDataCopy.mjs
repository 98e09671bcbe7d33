// Copies the IAM service data the engine reads at run time next to the bundles, keeping only the
// members `src/core/iam/data.ts` reads: the package's files carry descriptions and condition keys
// the engine never uses, and parsing them was most of the memory a CLI run over many policies took.
// test/core/iam/dataCopy.test.ts checks that the copy answers exactly as the package does.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEEP = {
  actions: (a) => ({ name: a.name, resourceTypes: (a.resourceTypes ?? []).map((r) => ({ name: r.name })) }),
  resourceTypes: (r) => ({ key: r.key, arn: r.arn }),
};

export function copyIamData(from, to) {
  for (const [part, keep] of Object.entries(KEEP)) {
    mkdirSync(join(to, part), { recursive: true });
    for (const file of readdirSync(join(from, part))) {
      const raw = JSON.parse(readFileSync(join(from, part, file), 'utf8'));
      const out = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, keep(v)]));
      writeFileSync(join(to, part, file), JSON.stringify(out));
    }
  }
  cpSync(join(from, 'conditionKeys'), join(to, 'conditionKeys'), { recursive: true });
  cpSync(join(from, 'services.json'), join(to, 'services.json'));
}
