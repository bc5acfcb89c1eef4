import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCliSpecs } from '../../src/cli/commands/agent-commands.js';
import { commandCatalogue } from '../../src/cli/commands/case-catalogue.js';
import { caseCliSpecs } from '../../src/cli/commands/case-commands.js';
import { engineCommandSchemas, fieldsOf } from '../../src/cli/commands/case-fields.js';
import { caselineVersion } from '../../src/cli/commands/version.js';
import { cliCommands } from '../../src/cli/main.js';
import { cli } from '../support/run-cli.js';

const root = join(import.meta.dirname, '..', '..');

describe('caseline --version and help', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-help-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toMatchObject({ code: 0, out: [version] });
  });

  it('the version is found from where the module is installed: the nearest package.json named caseline above it', () => {
    const installed = join(dir, 'app', 'node_modules', 'caseline');
    mkdirSync(join(installed, 'dist', 'src', 'cli', 'commands'), { recursive: true });
    writeFileSync(join(dir, 'app', 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'caseline', version: '9.8.7' }));
    const module = pathToFileURL(join(installed, 'dist', 'src', 'cli', 'commands', 'version.js')).href;
    expect(caselineVersion(module)).toBe('9.8.7');
    const elsewhere = pathToFileURL(join(dir, 'app', 'src', 'main.js')).href;
    expect(() => caselineVersion(elsewhere)).toThrow(/no package.json of caseline above/);
  });

  it('caseline help <words> prints what caseline <words> --help prints, for every command; -h does too', async () => {
    for (const command of cliCommands) {
      const help = await cli('help', ...command.path);
      expect(help.code, command.path.join(' ')).toBe(0);
      expect(help.out).toEqual((await cli(...command.path, '--help')).out);
      expect(help.out).toEqual((await cli(...command.path, '-h')).out);
      expect(help.text).toContain(`usage: caseline ${command.path.join(' ')}`);
    }
  });

  it('a group of commands lists its commands: caseline case --help, and caseline case alone as a usage error', async () => {
    const help = await cli('case', '--help');
    expect(help.code).toBe(0);
    for (const spec of caseCliSpecs) expect(help.text).toContain(`  ${spec.words.join(' ')} `);
    const bare = await cli('agent');
    expect(bare.code).toBe(2);
    expect(bare.err.join('\n')).toContain('agent register');
  });

  it('an unknown command suggests the closest one', async () => {
    expect((await cli('queus')).err).toEqual([
      'caseline: unknown command "queus"; did you mean "queues"? run caseline --help for the list',
    ]);
    expect((await cli('case', 'creat', 'c1')).err).toEqual([
      'caseline: unknown command "case creat"; did you mean "case create"? run caseline case --help for the list',
    ]);
    expect((await cli('help', 'timelin')).err[0]).toContain('did you mean "timeline"?');
    expect((await cli('teleport')).err).toEqual([
      'caseline: unknown command "teleport"; run caseline --help for the list',
    ]);
  });

  it("option errors are in caseline's words, not node's", async () => {
    const unknown = await cli('queues', '--foo');
    expect(unknown).toMatchObject({
      code: 1,
      err: ['caseline queues: unknown option --foo; see caseline queues --help'],
    });
    expect((await cli('queues', '--tema', 'billing')).err).toEqual([
      'caseline queues: unknown option --tema (did you mean --team?); see caseline queues --help',
    ]);
    expect((await cli('queues', '--store')).err).toEqual([
      'caseline queues: --store needs a value; see caseline queues --help',
    ]);
    expect((await cli('case', 'reply', 'c1', '--body', '--json')).err).toEqual([
      'caseline case reply: --body needs a value (a value that starts with - is written --body=-…); see caseline case reply --help',
    ]);
    expect((await cli('cases', '--breached=yes')).err).toEqual([
      'caseline cases: --breached takes no value; see caseline cases --help',
    ]);
  });
});

describe('docs/commands.md', () => {
  const file = join(root, 'docs', 'commands.md');
  const [start, end] = ['<!-- catalogue:start -->', '<!-- catalogue:end -->'];

  it('has the catalogue of the engine commands as the schemas and deciders make it', async () => {
    const catalogue = commandCatalogue([...caseCliSpecs, ...agentCliSpecs]);
    const text = readFileSync(file, 'utf8');
    const [before, rest] = text.split(start);
    const after = rest?.split(end)[1];
    expect(after, `${file} has the markers ${start} and ${end}`).toBeDefined();
    // As the formatter writes it, so that `npm run format` and this test agree on the page.
    const written = await format(`${before}${start}\n${catalogue}\n${end}${after}`, {
      ...(await resolveConfig(file)),
      filepath: file,
    });
    if (process.env.CASELINE_WRITE_DOCS) writeFileSync(file, written);
    else expect(text, 'run CASELINE_WRITE_DOCS=1 npx vitest run test/cli/help-version.test.ts').toBe(written);
  });

  it('names every engine command and every field of it', () => {
    const text = readFileSync(file, 'utf8');
    for (const schema of engineCommandSchemas) {
      const type = schema.shape.type.value;
      const section = text.split(`### ${type}\n`)[1]?.split('\n### ')[0];
      expect(section, `docs/commands.md has no section for ${type}`).toBeDefined();
      for (const field of fieldsOf(type))
        expect(section, `${type}.${field.name}`).toMatch(new RegExp(`\\| \`${field.name}\` +\\|`));
    }
  });
});
