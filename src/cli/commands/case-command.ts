import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { allowedAgentCommands } from '../../../domain/agent/decide.js';
import { allowedCaseCommands } from '../../../domain/case/index.js';
import { commandSchema, type Command, type CommandInput } from '../../../domain/commands.js';
import { IllegalTransitionError, ValidationError } from '../../../domain/errors.js';
import { parseWith } from '../../../domain/validation.js';
import { caselineIdNamespace, createEngine, type Engine, type ExecuteResult } from '../../engine.js';
import { toEventLine } from '../../event-lines.js';
import {
  instantOption,
  storeOption,
  storeOptionHelp,
  withStoreForWriting,
  type CliCommand,
  type CliIo,
} from '../command.js';
import { describeEvent } from '../describe-event.js';
import { printJson } from '../report.js';
import { fieldsOf, type CommandField } from './case-fields.js';
import { inOptionWords, readFields } from './case-input.js';

/** A CLI command that runs one engine command: its words, the command, and what it is for. */
export type EngineCliSpec = {
  readonly words: readonly string[];
  readonly type: Command['type'];
  readonly summary: string;
  /** The field given as the argument after the words: the case's or the agent's id. */
  readonly id: 'caseId' | 'agentId';
  /** The id may be left out; one is made (`case create`). */
  readonly makesId?: boolean;
  /** Help text for fields whose type alone does not say what they are for. */
  readonly notes?: Readonly<Record<string, string>>;
};

type Values = Record<string, string | boolean | undefined>;

const text = (value: string | boolean | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Options every engine command takes besides its fields. */
const envelopeOptions = {
  ...storeOption,
  at: { type: 'string' },
  actor: { type: 'string' },
  'command-id': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies CliCommand['options'];

const envelopeHelp = [
  '--at <instant>  when it happened, ISO-8601 UTC (default: now)',
  '--actor <id>  who did it, recorded in the events (default cli)',
  '--command-id <id>  names this command: run again with the same id, it records nothing twice',
  '--json  print the recorded events as JSON',
  storeOptionHelp,
];

const helpLine = (field: CommandField, notes: Readonly<Record<string, string>>): string => {
  const need = field.required
    ? 'required'
    : field.defaultValue === undefined
      ? 'optional'
      : `default ${String(field.defaultValue)}`;
  const what = field.kind === 'choice' ? '' : `; ${field.type}`;
  const note = notes[field.name] === undefined ? '' : ` — ${notes[field.name]}`;
  return `--${field.option} ${field.placeholder}  ${need}${what}${note}`;
};

/** An id for a case created without one: from the command id when given, so a retried create makes the same case. */
const madeId = (commandId: string | undefined): string =>
  `c-${(commandId === undefined ? randomUUID() : uuidv5(`case:${commandId}`, caselineIdNamespace)).replaceAll('-', '').slice(0, 12)}`;

const printResult = (io: CliIo, values: Values, spec: EngineCliSpec, id: string, result: ExecuteResult) => {
  if (values.json === true) {
    printJson(io, {
      [spec.id]: id,
      stream: result.stream,
      duplicate: result.duplicate,
      events: result.events.map((e) => JSON.parse(toEventLine(e)) as unknown),
    });
    return;
  }
  const who = `${spec.id === 'caseId' ? 'case' : 'agent'} ${id}`;
  const count = `${result.events.length} event${result.events.length === 1 ? '' : 's'}`;
  if (result.duplicate) io.out(`${who}: this command id was already recorded (${count}); nothing new`);
  else if (result.events.length === 0) io.out(`${who}: nothing to record, it is so already`);
  else io.out(`${who}: recorded ${count}`);
  for (const e of result.events) io.out(`  ${e.occurredAt}  ${e.type.padEnd(18)} ${describeEvent(e)}`);
};

/**
 * The CLI commands that run engine commands, one per spec. Each reads its options from the fields of
 * the command's zod schema (`fieldsOf`), builds and validates the command, and executes it through the
 * engine over `--store`; it prints the events recorded. Errors name the options: INVALID_COMMAND with
 * `--channel: must be one of …`, ILLEGAL_TRANSITION with the commands allowed now, in CLI words.
 */
export const engineCliCommands = (specs: readonly EngineCliSpec[]): CliCommand[] => {
  const wordsOf = (type: Command['type']): string | undefined => specs.find((s) => s.type === type)?.words.join(' ');

  // The decider's message names the engine commands allowed; add what to type for each.
  const withCliWords = async (error: IllegalTransitionError, engine: Engine, spec: EngineCliSpec, id: string) => {
    const allowed: Command['type'][] =
      spec.id === 'caseId'
        ? allowedCaseCommands((await engine.loadCase(id)).state)
        : allowedAgentCommands((await engine.loadAgent(id)).state);
    const words = allowed.map(wordsOf).filter((w) => w !== undefined);
    const hint = words.length > 0 ? ` (on the command line: ${words.map((w) => `caseline ${w}`).join(', ')})` : '';
    return new IllegalTransitionError(error.command, error.status, `${error.message}${hint}`);
  };

  return specs.map((spec): CliCommand => {
    const fields = fieldsOf(spec.type).filter((f) => f.name !== spec.id);
    const notes = spec.notes ?? {};
    const options: CliCommand['options'] = { ...envelopeOptions };
    for (const f of fields) {
      if (f.option in options) throw new Error(`${spec.type}.${f.name} clashes with the option --${f.option}`);
      options[f.option] = { type: 'string' };
    }
    const idWord = `<${spec.id}>`;
    const required = fields.filter((f) => f.required).map((f) => `--${f.option} ${f.placeholder}`);
    return {
      path: spec.words,
      summary: spec.summary,
      usage: [...spec.words, spec.makesId ? `[${idWord}]` : idWord, ...required, '[options]'].join(' '),
      options,
      optionHelp: [...fields.map((f) => helpLine(f, notes)), ...envelopeHelp],
      async run({ values, positionals, io }) {
        const subjectOf = (id: string) => `${spec.type} for ${spec.id === 'caseId' ? 'case' : 'agent'} ${id}`;
        if (positionals.length > 1 || (positionals.length === 0 && !spec.makesId)) {
          throw new ValidationError('INVALID_COMMAND', `caseline ${spec.words.join(' ')}`, [
            { path: idWord, message: `give ${spec.makesId ? 'at most' : 'exactly'} one ${spec.id}, then options` },
          ]);
        }
        const commandId = text(values['command-id']);
        const id = positionals[0] ?? madeId(commandId);
        const subject = subjectOf(id);
        const givenAt = instantOption(values.at, 'at');
        const fieldValues = readFields(fields, values, subject);
        const ids = commandId ?? randomUUID();
        const meta = { actor: text(values.actor) ?? 'cli', correlationId: ids, causationId: ids };
        let command: Command;
        try {
          command = parseWith(
            commandSchema,
            { type: spec.type, [spec.id]: id, ...fieldValues, at: givenAt ?? new Date().toISOString(), meta },
            'INVALID_COMMAND',
            subject,
          );
        } catch (error) {
          throw error instanceof ValidationError ? inOptionWords(error, subject, fields, spec.id) : error;
        }
        // Without --at the engine's clock sets the time, as it does for any caller that leaves it out.
        const input: CommandInput = { ...command, at: givenAt, meta: { ...command.meta, commandId: ids } };
        return withStoreForWriting(values, async (store) => {
          const engine = createEngine({ store });
          let result: ExecuteResult;
          try {
            result = await engine.execute(input);
          } catch (error) {
            if (error instanceof IllegalTransitionError) throw await withCliWords(error, engine, spec, id);
            if (error instanceof ValidationError && error.code === 'INVALID_COMMAND')
              throw inOptionWords(error, subject, fields, spec.id);
            throw error;
          }
          printResult(io, values, spec, id, result);
          return 0;
        });
      },
    };
  });
};
