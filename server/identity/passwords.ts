import argon2 from 'argon2';

/**
 * argon2id with its parameters pinned here, not left to the library's defaults,
 * so an upgrade cannot weaken them quietly: OWASP's recommendation (19 MiB,
 * two passes, one lane). `npm run bench:auth` measures what they cost.
 */
export const ARGON2_PARAMETERS = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, ARGON2_PARAMETERS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
