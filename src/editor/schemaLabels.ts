/**
 * Our JSON schemas as the extension serves them to VS Code's JSON language server, with messages
 * that say where they come from. The server puts no source on schema problems (only "json" on a
 * schema that fails to load) and an extension cannot set one, so a schema warning could not be told
 * from another extension's. The JSON language service lets a schema replace its messages with
 * `errorMessage` (wrong type, value not in an enum or const, member not allowed) and
 * `patternErrorMessage`; "Missing property" has no such hook, so a required member is written as a
 * check whose failure carries our message instead (`not: {not: {required}}`: a problem exactly
 * when the member is absent, on the object, where "Missing property" was). The documents each
 * schema accepts do not change (a test checks it against the plain schemas with Ajv). No `vscode`.
 */

export const SCHEMA_LABEL = 'S3 Replication Doctor schema';

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const quote = (v: unknown) => JSON.stringify(v);

function list(values: readonly string[], last = 'or'): string {
  return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} ${last} ${values[values.length - 1]}`;
}

const A_TYPE: Record<string, string> = { string: 'a string', object: 'an object', array: 'an array', boolean: 'true or false', number: 'a number', integer: 'a whole number', null: 'null' };

function typeText(type: unknown): string | undefined {
  const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string' && t in A_TYPE);
  return types.length ? list(types.map((t) => A_TYPE[t])) : undefined;
}

/** The message that stands for every problem the service may report on this schema node itself. */
function messageFor(schema: Schema): string | undefined {
  if (typeof schema.errorMessage === 'string') return schema.errorMessage.startsWith(SCHEMA_LABEL) ? schema.errorMessage : `${SCHEMA_LABEL}: ${schema.errorMessage}`;
  if (Array.isArray(schema.enum)) return `${SCHEMA_LABEL}: expected ${list(schema.enum.map(quote))}.`;
  if ('const' in schema) return `${SCHEMA_LABEL}: expected ${quote(schema.const)}.`;
  const type = typeText(schema.type);
  if (schema.additionalProperties === false && isSchema(schema.properties)) {
    const names = Object.keys(schema.properties).map(quote);
    return `${SCHEMA_LABEL}: ${type ?? 'an object'} whose members can only be ${list(names)}.`;
  }
  return type ? `${SCHEMA_LABEL}: expected ${type}.` : undefined;
}

/** Keys whose values are schemas, or maps or lists of schemas, that the service validates with. */
const SCHEMA_VALUED = ['items', 'additionalProperties', 'additionalItems', 'contains', 'then', 'else', 'propertyNames'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];

/**
 * A copy of `schema` whose problems name us. `if` and `not` subschemas are copied unchanged: their
 * problems are never shown, and `required` in an `if` is a condition, not a demand.
 */
export function labelSchema(schema: unknown): unknown {
  if (!isSchema(schema)) return Array.isArray(schema) ? schema.map(labelSchema) : schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_VALUED.includes(key)) out[key] = labelSchema(value);
    else if (SCHEMA_MAPS.includes(key) && isSchema(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, labelSchema(v)]));
    else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) out[key] = value.map(labelSchema);
    else if (key === 'items' && Array.isArray(value)) out[key] = value.map(labelSchema);
    else out[key] = value;
  }
  const message = messageFor(schema);
  if (message) out.errorMessage = message;
  if (typeof schema.pattern === 'string') {
    const own = typeof schema.patternErrorMessage === 'string' ? schema.patternErrorMessage : `does not have the form ${schema.pattern}`;
    out.patternErrorMessage = own.startsWith(SCHEMA_LABEL) ? own : `${SCHEMA_LABEL}: ${own}`;
  }
  if (Array.isArray(schema.required) && schema.required.length > 0) {
    delete out.required;
    const demands = schema.required.map((name) => ({ not: { not: { required: [name] } }, errorMessage: `${SCHEMA_LABEL}: missing ${quote(name)}.` }));
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...demands];
  }
  return out;
}
