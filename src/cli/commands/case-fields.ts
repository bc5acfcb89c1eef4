import { z } from 'zod';
import { agentCommandSchemas, caseCommandSchemas, type Command } from '../../../domain/commands.js';
import { identifier, isoInstant } from '../../../domain/vocabulary.js';

// What the CLI and docs/commands.md read from the zod schema of each engine command (domain/commands.ts),
// so that a field added there becomes an option, a help line and a row of the catalogue by itself.

/** How a field is written on the command line. */
export type FieldKind = 'text' | 'choice' | 'number' | 'list' | 'map' | 'json';

/** One field of an engine command, as the CLI offers it. */
export type CommandField = {
  /** The field's name in the command (`customerId`). */
  readonly name: string;
  /** Its option (`customer-id`, written `--customer-id`). */
  readonly option: string;
  /** True when the command needs it: neither optional nor defaulted. */
  readonly required: boolean;
  readonly defaultValue: unknown;
  readonly kind: FieldKind;
  /** The values a choice takes, or the keys a map takes. */
  readonly choices: readonly (string | number)[];
  /** What the value is, in words: `one of chat, email, …`, `whole number 1–5`, `ISO-8601 UTC instant`. */
  readonly type: string;
  /** The option's value as help shows it: `<chat|email|…>`, `<id>`, `<a,b,…>`. */
  readonly placeholder: string;
  /** The field's schema, optional and default unwrapped. */
  readonly schema: z.ZodType;
};

/** Every engine command's schema, case commands first. */
export const engineCommandSchemas = [...caseCommandSchemas, ...agentCommandSchemas];

type EngineSchema = (typeof engineCommandSchemas)[number];

/** The schema of one engine command. */
export const schemaOf = (type: Command['type']): EngineSchema => {
  const schema = engineCommandSchemas.find((s) => s.shape.type.value === type);
  if (schema === undefined) throw new Error(`no engine command ${type}`);
  return schema;
};

/** `customerId` → `customer-id`. */
export const optionOf = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Fields of the envelope, which the CLI fills from `--at`, `--actor` and `--command-id`. */
const envelopeFields = new Set(['type', 'at', 'meta']);

const unwrap = (schema: z.ZodType): { inner: z.ZodType; required: boolean; defaultValue: unknown } => {
  if (schema instanceof z.ZodOptional) return { ...unwrap(schema.unwrap() as z.ZodType), required: false };
  if (schema instanceof z.ZodDefault) {
    const inner = unwrap(schema.unwrap() as z.ZodType);
    return { ...inner, required: false, defaultValue: schema.def.defaultValue };
  }
  return { inner: schema, required: true, defaultValue: undefined };
};

const literalsOf = (schema: z.ZodType): (string | number)[] | undefined => {
  if (!(schema instanceof z.ZodUnion)) return undefined;
  const values: (string | number)[] = [];
  for (const option of schema.options as readonly z.ZodType[]) {
    if (!(option instanceof z.ZodLiteral)) return undefined;
    for (const v of option.values) if (typeof v === 'string' || typeof v === 'number') values.push(v);
  }
  return values;
};

const numberType = (schema: z.ZodNumber): string => {
  const whole = schema.isInt ? 'whole number' : 'number';
  const { minValue: min, maxValue: max } = schema;
  const bounded = (n: number | null) => n !== null && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  if (bounded(min) && bounded(max)) return `${whole} ${min}–${max}`;
  return whole;
};

const textType = (schema: z.ZodType): string => {
  if (schema === identifier) return 'id';
  if (schema === isoInstant) return 'ISO-8601 UTC instant';
  if (schema instanceof z.ZodString && schema.maxLength !== null) return `text, at most ${schema.maxLength} characters`;
  return 'text';
};

type Shape = Omit<CommandField, 'name' | 'option' | 'required' | 'defaultValue' | 'schema'>;

const shapeOf = (schema: z.ZodType): Shape => {
  if (schema instanceof z.ZodEnum) {
    const choices = schema.options as readonly string[];
    return { kind: 'choice', choices, type: `one of ${choices.join(', ')}`, placeholder: `<${choices.join('|')}>` };
  }
  const literals = literalsOf(schema);
  if (literals !== undefined)
    return {
      kind: 'choice',
      choices: literals,
      type: `one of ${literals.join(', ')}`,
      placeholder: `<${literals.join('|')}>`,
    };
  if (schema instanceof z.ZodNumber)
    return { kind: 'number', choices: [], type: numberType(schema), placeholder: '<n>' };
  if (schema instanceof z.ZodArray) {
    const element = shapeOf(schema.element as z.ZodType);
    const type = element.type === 'id' ? 'comma-separated ids' : `comma-separated list of ${element.type}`;
    return { kind: 'list', choices: [], type, placeholder: '<a,b,…>' };
  }
  if (schema instanceof z.ZodRecord) {
    const keys = shapeOf(schema.keyType as z.ZodType).choices;
    const value = shapeOf(schema.valueType as z.ZodType).type;
    return {
      kind: 'map',
      choices: keys,
      type: `comma-separated key=value (${keys.length > 0 ? `keys ${keys.join(', ')}` : 'any key'}; values ${value})`,
      placeholder: '<key=value,…>',
    };
  }
  if (schema instanceof z.ZodObject) return { kind: 'json', choices: [], type: 'JSON object', placeholder: '<json>' };
  return { kind: 'text', choices: [], type: textType(schema), placeholder: schema === identifier ? '<id>' : '<text>' };
};

/** The fields of an engine command, in schema order, without its envelope (type, at, meta). */
export const fieldsOf = (type: Command['type']): CommandField[] =>
  Object.entries(schemaOf(type).shape as Record<string, z.ZodType>)
    .filter(([name]) => !envelopeFields.has(name))
    .map(([name, schema]) => {
      const { inner, required, defaultValue } = unwrap(schema);
      return { name, option: optionOf(name), required, defaultValue, schema: inner, ...shapeOf(inner) };
    });
