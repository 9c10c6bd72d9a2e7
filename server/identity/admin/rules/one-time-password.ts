/**
 * One-time passwords an administrator hands over by voice or on paper: no
 * letters that look alike (0/o, 1/l/i), grouped in fours. 16 symbols of 31 is
 * over 79 bits, far past guessing within the sign-in limits, and the person must
 * replace it at the first sign-in anyway.
 */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** `randomIndex(n)` is a uniform integer in [0, n); crypto.randomInt in the server. */
export function oneTimePassword(randomIndex: (n: number) => number): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomIndex(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export const ONE_TIME_PASSWORD_BITS = GROUPS * GROUP_LENGTH * Math.log2(ALPHABET.length);
