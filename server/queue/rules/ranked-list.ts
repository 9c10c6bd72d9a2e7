/** An entry's place in line: lower rank first, then the order of arrival. */
export interface Ranked {
  rank: number;
  seq: number;
}

const before = (a: Ranked, b: Ranked): boolean => a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq);

/** A list kept in rank order; binary search for insertion and removal. */
export class RankedList<T extends Ranked> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  insert(item: T): void {
    this.#items.splice(this.#lowerBound(item), 0, item);
  }

  remove(item: T): boolean {
    const index = this.indexOf(item);
    if (index < 0) return false;
    this.#items.splice(index, 1);
    return true;
  }

  indexOf(item: T): number {
    const index = this.#lowerBound(item);
    return this.#items[index] === item ? index : -1;
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.#items[Symbol.iterator]();
  }

  #lowerBound(item: Ranked): number {
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.#items[mid]!, item)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
