/**
 * The wire formats of the DTOs, one definition for both stacks: the Python target writes them
 * into `schemas/_wire.py`, the TypeScript target into `dtos/_runtime.ts`, and a JSON body is
 * accepted by Pydantic exactly when zod accepts it (README: Wire formats). Patterns match a
 * whole string and use only syntax that Python's `re` and JavaScript's RegExp read alike.
 */
/** An IPv4 address: four decimal octets without leading zeros (Python refuses them). */
const IPV4 = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}";

/** An IPv6 address in any RFC 4291 form (`::` once, an IPv4 tail), no zone index. */
const IPV6 = (() => {
  const h = "[0-9a-fA-F]{1,4}";
  const words = (n: number) => (n === 0 ? "" : `${h}(:${h}){${n - 1}}`);
  const forms = [`(${h}:){7}${h}`, `(${h}:){6}${IPV4}`];
  for (let i = 0; i <= 7; i++) forms.push(`${words(i)}::${i < 7 ? `(${h}(:${h}){0,${6 - i}})?` : ""}`);
  for (let i = 0; i <= 5; i++) forms.push(`${words(i)}::(${h}:){0,${5 - i}}${IPV4}`);
  return forms.map((f) => `(${f})`).join("|");
})();

export const WIRE_PATTERNS = {
  /** 32 hexadecimal digits as 8-4-4-4-12, either case; no braces, no `urn:uuid:`. */
  uuid: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
  /** `YYYY-MM-DD` (year 0001 or later; the day is then checked against the month). */
  date: "(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
  /** RFC 3339 with `T`, seconds, at most microseconds, and `Z` or `±HH:MM`. */
  datetime:
    "(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])",
  /** A time of day: `HH:MM:SS` and at most microseconds; no timezone. */
  time: "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?",
  /**
   * A duration as ISO 8601 writes it, in days, hours, minutes and seconds (≤ 6 decimals), each
   * of at most 8 digits, with an optional leading `-`: `P1DT2H30M`, `PT0.5S`, `-PT15M`. Its
   * groups, which both stacks' writers read: 1 days (`1D`), 3 hours (`2H`), 4 minutes (`30M`),
   * 5 seconds (`4.5S`), 6 their fraction (`.5`); a leading `-` negates the whole duration.
   */
  interval: "-?P(?=[0-9T])([0-9]{1,8}D)?(T(?=[0-9])([0-9]{1,8}H)?([0-9]{1,8}M)?([0-9]{1,8}(\\.[0-9]{1,6})?S)?)?",
  /** An IPv4 or IPv6 address with an optional network prefix (`/24`, `/64`). */
  inet: `(${IPV4})(/(3[0-2]|[12]?[0-9]))?|(${IPV6})(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?`,
  /** A decimal string: digits, an optional fraction; no exponent, spaces or `_`. */
  decimal: "-?[0-9]+(\\.[0-9]+)?",
  /** A bigint string: digits only. */
  integer: "-?[0-9]+",
  /** Standard base64 with padding. */
  base64: "([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?",
} as const;

/** JSON numbers are doubles in JavaScript: integers beyond this arrive rounded. */
export const MAX_SAFE_INTEGER = "9007199254740991";
/** A JSON number with more significant digits than this may not be what was sent. */
export const MAX_NUMBER_DIGITS = 15;
