/**
 * Chinese resident identity number (GB 11643-1999): 6-digit region code,
 * birth date YYYYMMDD, 3-digit sequence, ISO 7064 MOD 11-2 check character.
 */
export type ResidentIdProblem = 'format' | 'birth_date' | 'checksum';

export type ResidentIdResult =
  | { valid: true; birthDate: string; sex: 'male' | 'female' }
  | { valid: false; problem: ResidentIdProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_YEAR = 1880;

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function validateResidentId(raw: string, today: Date = new Date()): ResidentIdResult {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return { valid: false, problem: 'format' };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const isRealDate =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!isRealDate || year < EARLIEST_BIRTH_YEAR || date.getTime() > today.getTime()) {
    return { valid: false, problem: 'birth_date' };
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { valid: false, problem: 'checksum' };
  const sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { valid: true, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, sex };
}

/** Whole years between an ISO birth date and `today` (UTC). */
export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** Shows only the last four characters, as on receipts and records. */
export function maskIdNumber(id: string): string {
  return id.length <= 4 ? id : '*'.repeat(id.length - 4) + id.slice(-4);
}
