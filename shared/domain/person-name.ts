/**
 * Each word's first character, the rest starred: enough to tell two customers
 * apart in a list without naming them (`王小明` → `王**`, `Ann Lee` → `A** L**`).
 * Every staff page that does not serve the customer shows their name this way.
 */
export function maskName(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/)
    .map((word) => {
      const chars = Array.from(word);
      return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}
