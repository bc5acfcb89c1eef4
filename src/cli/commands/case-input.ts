import { ValidationError, type ValidationIssue } from '../../../domain/errors.js';
import type { CommandField } from './case-fields.js';

// From option text to command fields, and from a command's field paths back to the options that set them.

type Values = Record<string, string | boolean | undefined>;

const numberPattern = /^-?\d+(\.\d+)?$/;

/** The value of one option as its field takes it; an issue naming the option when the text cannot be one. */
const readValue = (field: CommandField, text: string): { value: unknown } | { issue: string } => {
  switch (field.kind) {
    case 'text':
      return { value: text };
    case 'choice': {
      const choice = field.choices.find((c) => String(c) === text);
      return choice === undefined
        ? { issue: `must be one of ${field.choices.join(', ')} (got "${text}")` }
        : { value: choice };
    }
    case 'number':
      return numberPattern.test(text) && field.schema.safeParse(Number(text)).success
        ? { value: Number(text) }
        : { issue: `must be a ${field.type} (got "${text}")` };
    case 'list':
      return {
        value: text
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    case 'map': {
      const entries: [string, unknown][] = [];
      for (const pair of text.split(',').filter((s) => s.trim() !== '')) {
        const [key, value, ...rest] = pair.split('=').map((s) => s.trim());
        if (key === undefined || key === '' || value === undefined || rest.length > 0)
          return { issue: `write key=value pairs separated by commas, like chat=2,email=5 (got "${pair}")` };
        if (field.choices.length > 0 && !field.choices.includes(key))
          return { issue: `"${key}" is not one of ${field.choices.join(', ')}` };
        entries.push([key, numberPattern.test(value) ? Number(value) : value]);
      }
      return { value: Object.fromEntries(entries) };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { issue: 'must be a JSON object' };
      }
    default:
      return field.kind satisfies never;
  }
};

/**
 * The command fields the options give: each option read as its field takes it (a choice checked
 * against its values, a number, a comma-separated list, key=value pairs). Every missing required
 * option and every unreadable value is an issue naming the option; throws INVALID_COMMAND with all
 * of them. Options not given are left out, so the schema's defaults apply.
 */
export const readFields = (
  fields: readonly CommandField[],
  values: Values,
  subject: string,
): Record<string, unknown> => {
  const input: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const field of fields) {
    const text = values[field.option];
    if (typeof text !== 'string') {
      if (field.required)
        issues.push({
          path: `--${field.option}`,
          message: `is required (${field.type})`,
        });
      continue;
    }
    const read = readValue(field, text);
    if ('issue' in read) issues.push({ path: `--${field.option}`, message: read.issue });
    else input[field.name] = read.value;
  }
  if (issues.length > 0) throw new ValidationError('INVALID_COMMAND', subject, issues);
  return input;
};

/**
 * A command's field path in the words of the CLI: `customerId` → `--customer-id`, `capacity.chat` →
 * `--capacity chat`, the id given as argument → `<caseId>`, the envelope → `--at`, `--actor`, `--command-id`.
 */
export const optionPathOf = (path: string, fields: readonly CommandField[], idField: string): string => {
  const [head = '', ...rest] = path.split('.');
  const tail = rest.length > 0 ? ` ${rest.join('.')}` : '';
  if (head === idField) return `<${idField}>`;
  if (head === 'at') return '--at';
  if (head === 'meta') return rest[0] === 'actor' ? '--actor' : '--command-id';
  const field = fields.find((f) => f.name === head);
  return field === undefined ? path : `--${field.option}${tail}`;
};

/** An INVALID_COMMAND of the engine with its paths turned into the options that set them. */
export const inOptionWords = (
  error: ValidationError,
  subject: string,
  fields: readonly CommandField[],
  idField: string,
): ValidationError =>
  new ValidationError(
    'INVALID_COMMAND',
    subject,
    error.issues.map((i) => ({ path: i.path === '' ? '' : optionPathOf(i.path, fields, idField), message: i.message })),
  );
