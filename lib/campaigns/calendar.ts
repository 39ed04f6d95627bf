/**
 * The rep's working calendar: local dates, working days and "09:00 on that day" in an IANA time
 * zone, as plain UTC milliseconds. No database; the campaign schedule and its rules build on it.
 *
 * A local date is handled as a day number (days since 1970-01-01 on the local calendar), so
 * "the next working day" is integer arithmetic and never drifts across a DST change; only the
 * last step, the due instant, asks the time zone for its offset on that day.
 *
 * lib/alerts/quiet.ts `startOfLocalDay` assumes local midnight exists; in a few zones (Cuba,
 * Chile, Lebanon…) the clock skips it on the day DST begins, so this file works on dates instead.
 */
import { isValidTimeZone } from "../alerts/quiet";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Days of the week as `Date#getDay` numbers them: 0 = Sunday … 6 = Saturday. */
export const MONDAY_TO_FRIDAY: readonly number[] = [1, 2, 3, 4, 5];

/** The local hour a touch becomes due unless the rep chose another: the start of a working morning. */
export const DEFAULT_DUE_HOUR = 9;

/** A bound on "the next working day": a calendar with no working day in ten years is a mistake, not a plan. */
const MAX_SEARCH_DAYS = 3_660;

export type WorkCalendar = {
  /** IANA zone, e.g. "America/New_York". An unknown zone counts as UTC (see `calendarZone`). */
  timeZone: string;
  /** The rep's days off as local dates "YYYY-MM-DD"; an entry in another form never matches a day. */
  holidays?: readonly string[];
  /** Working days of the week, 0 = Sunday … 6 = Saturday; Monday to Friday when left out. */
  workdays?: readonly number[];
  /** Whole local hour (0–23) a touch becomes due; 9 when left out. */
  hour?: number;
};

/** A calendar with defaults applied and its zone checked, built once per schedule. */
export type ResolvedCalendar = {
  timeZone: string;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<number>;
  hour: number;
};

/**
 * An unknown or misspelled zone falls back to UTC rather than throwing: a campaign that runs a few
 * hours off is recoverable, a queue that fails to render for one bad setting is not. The settings
 * form validates the zone; this is the last line for data that slipped past it.
 */
export function calendarZone(timeZone: string): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : "UTC";
}

export function resolveCalendar(cal: WorkCalendar): ResolvedCalendar {
  const hour = cal.hour ?? DEFAULT_DUE_HOUR;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`A touch's due hour is a whole hour from 0 to 23, not ${hour}.`);
  const workdays = new Set((cal.workdays ?? MONDAY_TO_FRIDAY).filter((d) => Number.isInteger(d) && d >= 0 && d <= 6));
  if (workdays.size === 0) throw new RangeError("A working calendar needs at least one working day of the week (0 = Sunday … 6 = Saturday).");
  return { timeZone: calendarZone(cal.timeZone), holidays: new Set(cal.holidays ?? []), workdays, hour };
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: calendarZone(timeZone),
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      era: "short",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The local wall clock at `at`, read as if it were UTC (ms): the zone's offset is this minus `at`. */
function localWallClock(at: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of partsFormatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const year = parts.era === "BC" || parts.era === "B" ? 1 - Number(parts.year) : Number(parts.year);
  const wall = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return wall + (((at % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at `at`, in ms (e.g. +19_800_000 for Asia/Kolkata). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  return localWallClock(at, timeZone) - at;
}

/** The local calendar day of `at` as a day number (days since 1970-01-01 in that zone's calendar). */
export function localDayOf(at: number, timeZone: string): number {
  return Math.floor(localWallClock(at, timeZone) / DAY_MS);
}

/** Day number → "YYYY-MM-DD". */
export function dayToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" → day number, or null when it is not a real date in that form. */
export function dateToDay(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayToDate(ms / DAY_MS) === date ? ms / DAY_MS : null;
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWorkingDay(day: number, cal: ResolvedCalendar): boolean {
  return cal.workdays.has(weekdayOf(day)) && !cal.holidays.has(dayToDate(day));
}

/** `day` itself when it is a working day, else the first working day after it. */
export function firstWorkingDayFrom(day: number, cal: ResolvedCalendar): number {
  for (let d = day; d < day + MAX_SEARCH_DAYS; d++) if (isWorkingDay(d, cal)) return d;
  throw new RangeError(`No working day within ten years of ${dayToDate(day)}: check the holidays.`);
}

/** The `count`-th working day after `day` (count ≥ 1); `day` itself need not be a working day. */
export function addWorkingDays(day: number, count: number, cal: ResolvedCalendar): number {
  let d = day;
  for (let left = count; left > 0; left--) d = firstWorkingDayFrom(d + 1, cal);
  return d;
}

/**
 * The instant the local clock in `timeZone` shows `hour`:00 on local day `day`. Offsets are read a
 * day either side, so a DST change that day gives the right one. If that hour is skipped (clocks
 * spring forward over it) the touch is due at the same time after the jump (02:30 → 03:30); if it
 * happens twice (clocks fall back), at the first.
 */
export function localHourToUtc(day: number, hour: number, timeZone: string): number {
  const wall = day * DAY_MS + hour * HOUR_MS;
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const fits = [wall - before, wall - after].filter((t) => localWallClock(t, timeZone) === wall);
  return fits.length ? Math.min(...fits) : wall - before;
}
