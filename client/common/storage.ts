// Storage can throw (private browsing, blocked cookies); the app then simply
// forgets across reloads instead of failing.

function read(store: () => Storage, key: string): string | null {
  try {
    return store().getItem(key);
  } catch {
    return null;
  }
}

function write(store: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, value);
  } catch {
    // Nothing to do: see above.
  }
}

export const readLocal = (key: string): string | null => read(() => localStorage, key);
export const writeLocal = (key: string, value: string | null): void => write(() => localStorage, key, value);
export const readSession = (key: string): string | null => read(() => sessionStorage, key);
export const writeSession = (key: string, value: string | null): void =>
  write(() => sessionStorage, key, value);
