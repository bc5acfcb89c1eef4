/** Days in each month of a common year; February gains one in a leap year. */
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const two = (s: string, at: number): number => {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), exact in integers. */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

/**
 * The instant (ms) of an ISO-8601 timestamp, exactly as `Date.parse` reads it. Events carry the
 * canonical `toISOString` form (`2026-03-02T07:00:00.000Z`), read here digit by digit because
 * `Date.parse` is a measurable share of an SLA step; any other form, or a field out of range, goes to `Date.parse`.
 * @example instantOf('2026-03-02T07:00:00.000Z') // 1772434800000
 */
export const instantOf = (iso: string): number => {
  if (
    iso.length !== 24 ||
    iso.charCodeAt(4) !== 45 || // -
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 || // T
    iso.charCodeAt(13) !== 58 || // :
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46 || // .
    iso.charCodeAt(23) !== 90 // Z
  )
    return Date.parse(iso);
  const century = two(iso, 0);
  const yy = two(iso, 2);
  const year = century < 0 || yy < 0 ? -1 : century * 100 + yy;
  const month = two(iso, 5);
  const day = two(iso, 8);
  const hour = two(iso, 11);
  const minute = two(iso, 14);
  const second = two(iso, 17);
  const msHigh = two(iso, 20);
  const msLow = iso.charCodeAt(22) - 48;
  const ms = msHigh < 0 || msLow < 0 || msLow > 9 ? -1 : msHigh * 10 + msLow;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return Date.parse(iso);
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return Date.parse(iso);
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (monthDays[month - 1] ?? 0) + (leap ? 1 : 0)) return Date.parse(iso);
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
};
