import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's scores run 0–4; below 3 it is guessable within hours offline. */
const MIN_STRENGTH = 3;
/**
 * The estimate's cost grows with the length, and it runs on the main thread:
 * the first 64 characters decide (a weak one stays weak however it goes on).
 */
const ESTIMATED_LENGTH = 64;

// Built once: the dictionaries take a moment to index.
let strength: ZxcvbnFactory | undefined;
const estimator = (): ZxcvbnFactory =>
  (strength ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
  }));

export type PasswordProblem = 'too_short' | 'too_weak';

/**
 * Why a new staff password is refused, or undefined when it is good enough:
 * at least 12 characters, and not one a strength estimator with the common
 * password lists finds guessable (the person's own names count against it).
 */
export function passwordProblem(password: string, personal: readonly string[]): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  const { score } = estimator().check([...password].slice(0, ESTIMATED_LENGTH).join(''), [...personal]);
  return score < MIN_STRENGTH ? 'too_weak' : undefined;
}
