import { randomFillSync } from 'node:crypto';

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const pool = new Uint8Array(16 * 512);
let next = pool.length;
let lastMs = -1;
let counter = 0;

/**
 * A UUID v7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter that keeps ids made in the
 * same millisecond in order (RFC 9562 §6.2, method 1), then 62 random bits. Ids in the order they
 * were made keep the stores' id indexes append-only. Randomness comes from a pooled `randomFillSync`, which makes
 * this several times faster than one crypto call per id on the append hot path.
 */
export const newEventId = (now: number = Date.now()): string => {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const b = pool.subarray(next, next + 16);
  next += 16;
  if (now > lastMs) {
    lastMs = now;
    counter = pool[next]! & 0x7ff;
  } else if (++counter > 0xfff) {
    // 4096 ids in one millisecond: borrow the next millisecond rather than break the order.
    lastMs++;
    counter = 0;
  }
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = (i: number) => hex[b[i]!]!;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
};
