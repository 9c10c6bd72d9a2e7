import { ageOn } from './resident-id.js';

/** Priority classes, highest first. */
export const PRIORITY_CLASSES = ['elderly', 'vip', 'normal'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

/** Customers this old or older are served first and get the elderly page by default. */
export const ELDERLY_AGE = 65;

export function isElderly(birthDate: string | null, today: Date): boolean {
  return birthDate !== null && ageOn(birthDate, today) >= ELDERLY_AGE;
}

/** A ticket's class: elderly by age, VIP by the institution's flag, else normal. */
export function priorityOf(birthDate: string | null, vip: boolean, today: Date): PriorityClass {
  if (isElderly(birthDate, today)) return 'elderly';
  return vip ? 'vip' : 'normal';
}
