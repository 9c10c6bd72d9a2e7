import type { Label } from '../../../shared/catalog/fields.js';

export interface AppendixEntry {
  ref: string;
  label: Label;
  sha256: string;
}

/**
 * The hashes a record names: the pages show each shortened with a reference
 * ("A3"), the appendix lists them in full. One value named twice keeps one entry.
 */
export class HashAppendix {
  private readonly byValue = new Map<string, AppendixEntry>();

  /** e.g. `e3b0c44298fc…  A1`. */
  short(label: Label, sha256: string): string {
    let entry = this.byValue.get(sha256);
    if (!entry) {
      entry = { ref: `A${this.byValue.size + 1}`, label, sha256 };
      this.byValue.set(sha256, entry);
    }
    return `${sha256.slice(0, 12)}… ${entry.ref}`;
  }

  get entries(): AppendixEntry[] {
    return [...this.byValue.values()];
  }
}
