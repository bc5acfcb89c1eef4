// A consumer's file, typechecked with skipLibCheck: false against the packed declarations.
import {
  createEngine,
  createMemoryStore,
  parsePolicyConfig,
  type Engine,
  type PolicyConfig,
  type SlaClock,
} from 'caseline';
import { arbCaseHistory, collect, generateSupportLog, type SupportLog } from 'caseline/testing';

const config: PolicyConfig = parsePolicyConfig({});
const engine: Engine = createEngine({ store: createMemoryStore() });
const log: SupportLog = generateSupportLog({ cases: 1 });
const firstClock = (clocks: SlaClock[]): string | undefined => clocks[0]?.id;
export const checked = { config, engine, log, firstClock, arbCaseHistory, collect };
