/**
 * A value to write into a source file: plain JSON, plus tagged scalars for references the format
 * spells as functions (CloudFormation's `!Sub '…${Bucket}…'`, `{"Ref": "Bucket"}`).
 */
export class Tagged {
  constructor(
    /** YAML short form, e.g. `!Sub`. */
    readonly yamlTag: string,
    /** JSON long form key, e.g. `Fn::Sub`. */
    readonly jsonKey: string,
    readonly arg: string,
  ) {}
}

export type WriteValue = string | number | boolean | null | Tagged | WriteValue[] | { [key: string]: WriteValue };

export function isCollection(v: WriteValue): v is WriteValue[] | { [key: string]: WriteValue } {
  return typeof v === 'object' && v !== null && !(v instanceof Tagged);
}

/** The JSON form: tagged scalars as their long-form function objects. */
export function toJsonValue(v: WriteValue): unknown {
  if (v instanceof Tagged) return { [v.jsonKey]: v.arg };
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isCollection(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  return v;
}
