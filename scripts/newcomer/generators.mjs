// caseline/testing's generators in a project without vitest: they load, draw and validate.
import fc from 'fast-check';
import { evaluateSla } from 'caseline';
import { arbCaseHistory, arbPolicyConfig, generateSupportLog } from 'caseline/testing';

let clocks = 0;
fc.assert(
  fc.property(arbPolicyConfig(), arbCaseHistory(), (config, { events }) => {
    clocks += evaluateSla(events, { config, now: new Date('2027-01-01T00:00:00Z') }).length;
  }),
  { numRuns: 50 },
);
const log = generateSupportLog({ seed: 1, cases: 100 });
console.log(
  `50 generated configurations and histories gave ${clocks} clocks; a generated log has ${log.entries.length} events`,
);
