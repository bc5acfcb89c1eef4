import { describe, expect, test } from 'vitest';
import { createNames, nameOf } from '../../projections/names.js';

describe('team and agent names kept once per projection', () => {
  test('a name read again gives back the same name, and the table holds it once', () => {
    const names = createNames();
    const first = nameOf(names, JSON.parse('"techsupport"') as string);
    const again = nameOf(names, JSON.parse('"techsupport"') as string);
    expect([first, again]).toEqual(['techsupport', 'techsupport']);
    expect([...names.keys()]).toEqual(['techsupport']);
  });

  test('past 4,096 distinct names the table stops growing, and every name still comes back as given', () => {
    const names = createNames();
    for (let i = 0; i < 5000; i++) expect(nameOf(names, `agent-${i}`)).toBe(`agent-${i}`);
    expect(names.size).toBe(4096);
    expect(nameOf(names, 'agent-4999')).toBe('agent-4999');
    expect(names.has('agent-4999')).toBe(false);
  });
});
