import { ValidationError } from '../../../domain/errors.js';
import { toEventLine } from '../../event-lines.js';
import { parsePosition } from '../../store/port.js';
import { storeOption, storeOptionHelp, withStore, type CliCommand } from '../command.js';

/** `caseline events`: the log as JSON lines, one recorded event per line. */
export const eventsCommand: CliCommand = {
  path: ['events'],
  summary: 'print the event log as JSON lines (a backup that `caseline import jsonl` restores)',
  usage: 'events [--stream S] [--from P] [--store PATH]',
  options: { ...storeOption, stream: { type: 'string' }, from: { type: 'string' } },
  optionHelp: [
    '--stream <name>  only this stream (e.g. case-c1), in revision order',
    '--from <position>  only events after this global position (as printed in `position`)',
    storeOptionHelp,
  ],
  async run({ values, io }) {
    const fromText = typeof values.from === 'string' ? values.from : undefined;
    // Digits only, as printed: parsePosition alone would also take " 42 ".
    const from = fromText === undefined || !/^\d+(?:\/\d+)?$/.test(fromText) ? undefined : parsePosition(fromText);
    if (fromText !== undefined && from === undefined) {
      throw new ValidationError('INVALID_ARGUMENT', '--from', [
        { path: 'from', message: `"${fromText}" is not a position like 42 or 42/40` },
      ]);
    }
    return withStore(values, async (store) => {
      const events =
        typeof values.stream === 'string'
          ? store.readStream(values.stream)
          : store.readAll(from === undefined ? {} : { from });
      for await (const event of events) {
        if (from !== undefined && typeof values.stream === 'string' && event.position.commit <= from.commit) continue;
        io.out(toEventLine(event));
        const full = io.ready?.();
        if (full !== undefined) await full;
        if (io.closed?.() === true) break;
      }
      return 0;
    });
  },
};
