/**
 * Money is kept as a decimal string of yuan ("1234.50") and compared in whole
 * fen, so that no floating-point rounding decides whether a loan is allowed.
 */
export const MONEY_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

export function toFen(yuan: string): number {
  const [whole = '0', fraction = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function formatYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
