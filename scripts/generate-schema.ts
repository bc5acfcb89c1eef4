import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import prettier from 'prettier';
import { z } from 'zod';
import { durationSchema } from '../domain/duration.js';
import { policyConfigSchema } from '../domain/policy/config.js';

/** Where `npm run schema` writes the policy file format, relative to the repository. */
export const policiesSchemaPath = 'schema/policies.schema.json';

/** JSON Schema's shape of a zod schema, as `z.toJSONSchema` builds it and its `override` edits it. */
type JsonSchemaNode = Record<string, unknown>;

const durationText = '^(?:\\d+d)?(?:\\d+h)?(?:\\d+m(?!s))?(?:\\d+s)?(?:\\d+ms)?$';
const localDate = '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * What the schema cannot say from zod alone: a default zod applies before a transform; a duration is text like `1h30m` or whole milliseconds
 * (zod parses it in a transform, which JSON Schema cannot run), and a holiday is a local date.
 * Everything else — refinements such as "warning fractions strictly increasing", unique ids and
 * references between calendars and teams — is checked by `parsePolicyConfig`, not by the schema.
 */
const override = ({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: JsonSchemaNode }): void => {
  // zod leaves out the default of a field it transforms (a duration's default is in milliseconds,
  // its output); whole milliseconds are valid input too, so the schema states it.
  if (zodSchema instanceof z.ZodDefault && !('default' in jsonSchema))
    jsonSchema.default = JSON.parse(JSON.stringify(zodSchema.def.defaultValue)) as unknown;
  if (zodSchema === durationSchema) {
    delete jsonSchema.type;
    jsonSchema.description = 'A business duration: text like 30s, 15m, 2h, 1h30m (d = 24 business hours), or whole ms';
    jsonSchema.anyOf = [
      { type: 'string', pattern: durationText, minLength: 2 },
      { type: 'integer', exclusiveMinimum: 0 },
    ];
  }
};

/**
 * The JSON Schema (draft-07) of a policy file, generated from the zod schemas that validate one
 * (`policyConfigSchema`, read on its input side: fields with defaults are optional, durations are
 * text or milliseconds). Refinements zod runs in code are left to `caseline policies lint`.
 * @example JSON.stringify(policiesJsonSchema(), null, 2)
 */
export const policiesJsonSchema = (): JsonSchemaNode => {
  const generated = z.toJSONSchema(policyConfigSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => override({ zodSchema: ctx.zodSchema, jsonSchema: ctx.jsonSchema as JsonSchemaNode }),
  }) as JsonSchemaNode;
  const { $schema, ...rest } = generated;
  const schema: JsonSchemaNode = {
    $schema,
    title: 'caseline policy file',
    description:
      'A whole policy configuration as `caseline policies publish` takes it (docs/policies.md). Generated from the zod schemas by `npm run schema`; do not edit.',
    ...rest,
  };
  // Holidays and exception dates are refined in zod (a real date); the schema says their shape.
  const calendar = ((schema.properties as JsonSchemaNode).calendars as JsonSchemaNode).items as JsonSchemaNode;
  const fields = calendar.properties as Record<string, JsonSchemaNode>;
  (fields.holidays!.items as JsonSchemaNode).pattern = localDate;
  const exception = (fields.exceptions!.items as JsonSchemaNode).properties as Record<string, JsonSchemaNode>;
  exception.date!.pattern = localDate;
  fields.timeZone!.description = 'An IANA time zone, e.g. Europe/Brussels';
  return schema;
};

/** The schema as the committed file holds it: JSON formatted the way the repository's prettier formats it. */
export const policiesSchemaText = async (): Promise<string> => {
  const options = (await prettier.resolveConfig(resolve(policiesSchemaPath))) ?? {};
  return prettier.format(JSON.stringify(policiesJsonSchema()), { ...options, parser: 'json' });
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(policiesSchemaPath, await policiesSchemaText());
  console.log(`wrote ${policiesSchemaPath}`);
}
