/** Plain decimal text: an optional minus, digits, an optional fraction. */
const PLAIN_DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

/** A JavaScript number as plain decimal text (no exponent), or undefined if it has none. */
export function decimalText(value: number | string): string | undefined {
  if (typeof value === "string") return PLAIN_DECIMAL.test(value) ? value : undefined;
  if (!Number.isFinite(value)) return undefined;
  const s = String(value);
  return PLAIN_DECIMAL.test(s) ? s : undefined;
}

/** Compare two plain decimals exactly: negative, zero or positive. */
export function compareDecimal(a: string, b: string): number {
  const parse = (x: string) => {
    const neg = x.startsWith("-");
    const [int = "", frac = ""] = x.replace(/^-/, "").split(".");
    return { neg, int: int.replace(/^0+(?=.)/, ""), frac: frac.replace(/0+$/, "") };
  };
  const x = parse(a);
  const y = parse(b);
  const zero = (p: { int: string; frac: string }) => p.int === "0" && p.frac === "";
  const sign = (p: { neg: boolean; int: string; frac: string }) => (zero(p) ? 0 : p.neg ? -1 : 1);
  if (sign(x) !== sign(y)) return sign(x) - sign(y);
  const magnitude =
    x.int.length !== y.int.length
      ? x.int.length - y.int.length
      : x.int !== y.int
        ? (x.int < y.int ? -1 : 1)
        : x.frac.padEnd(y.frac.length, "0") < y.frac.padEnd(x.frac.length, "0")
          ? -1
          : x.frac.padEnd(y.frac.length, "0") > y.frac.padEnd(x.frac.length, "0")
            ? 1
            : 0;
  return sign(x) < 0 ? -magnitude : magnitude;
}

/** Whether a plain decimal fits NUMERIC(precision, scale). */
export function fitsNumeric(value: string, precision: number, scale: number): boolean {
  const [int = "", frac = ""] = value.replace(/^-/, "").split(".");
  const whole = int.replace(/^0+/, "").length;
  return frac.replace(/0+$/, "").length <= scale && whole <= precision - scale;
}
