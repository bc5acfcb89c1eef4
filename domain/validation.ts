import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

/** Turns zod's issues into caseline's: a dotted path to the field and a plain reason. */
export const toIssues = (error: z.ZodError): ValidationIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));

/** Parses `input` with `schema`, or throws a ValidationError with `code` that names every bad field. */
export const parseWith = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  code: ConstructorParameters<typeof ValidationError>[0],
  subject: string,
): z.infer<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(code, subject, toIssues(result.error));
  return result.data;
};
