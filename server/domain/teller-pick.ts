/** Among free tellers, the one idle the longest gets the next customer (fair load). */
export interface TellerAvailability {
  tellerId: string;
  free: boolean;
  idleSince: number;
}

export function pickLongestIdle<T extends TellerAvailability>(tellers: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const teller of tellers) {
    if (!teller.free) continue;
    if (!best || teller.idleSince < best.idleSince) best = teller;
  }
  return best;
}
