/**
 * A list kept in the order `before` defines; binary search for insertion and
 * removal. `before` must be a strict total order, or removal may miss.
 */
export class RankedList<T> {
  readonly #items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

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

  #lowerBound(item: T): number {
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.before(this.#items[mid]!, item)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
