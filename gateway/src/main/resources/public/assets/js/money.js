// Money is an integer count of minor units (cents, yen) next to an ISO-4217 currency. It is never
// turned into a float: formatting hands Intl an exact decimal string built with integer
// arithmetic, and parsing reads the typed digits into an integer.

const exponents = new Map();

/** The currency's number of minor-unit digits (2 for USD, 0 for JPY), as Intl knows it. */
export function exponent(currency) {
  if (!exponents.has(currency)) {
    exponents.set(currency, new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits);
  }
  return exponents.get(currency);
}

/** "1234.50" for (123450, USD): the exact decimal, from BigInt arithmetic. */
export function toDecimalString(minor, currency) {
  const digits = exponent(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const whole = (abs / scale).toString();
  const fraction = digits > 0 ? '.' + (abs % scale).toString().padStart(digits, '0') : '';
  return (negative ? '-' : '') + whole + fraction;
}

/** "$1,234.50": Intl formats the decimal string exactly (no float in between). */
export function formatMoney(minor, currency, locale = undefined) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(toDecimalString(minor, currency));
}

/**
 * What a person typed ("25", "25.5", "1,250.00") as minor units, or null when it is not an amount
 * of this currency (too many decimals, letters, negative). Thousands separators are dropped.
 */
export function parseMoney(text, currency) {
  const digits = exponent(currency);
  const cleaned = String(text).trim().replace(/[,\s_]/g, '');
  const pattern = digits > 0 ? new RegExp(`^(\\d+)(?:\\.(\\d{0,${digits}}))?$`) : /^(\d+)$/;
  const m = cleaned.match(pattern);
  if (!m) return null;
  const minor = BigInt(m[1]) * 10n ** BigInt(digits) + BigInt((m[2] || '').padEnd(digits, '0') || '0');
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(minor);
}

/** Whole percent of the goal reached (floored, integer math). */
export function percentOf(pledgedMinor, goalMinor) {
  return goalMinor > 0 ? Number((BigInt(pledgedMinor) * 100n) / BigInt(goalMinor)) : 0;
}
