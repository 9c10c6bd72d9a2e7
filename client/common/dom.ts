/** Finds a required element; a missing one is a bug in the page markup. */
export function $<E extends Element = HTMLElement>(selector: string, root: ParentNode = document): E {
  const found = root.querySelector<E>(selector);
  if (!found) throw new Error(`missing element: ${selector}`);
  return found;
}

export function byTestId<E extends Element = HTMLElement>(id: string, root: ParentNode = document): E {
  return $<E>(`[data-testid="${id}"]`, root);
}

/** Shows the `[data-screen=name]` section, hides the others and moves focus to its heading. */
export function showScreen(name: string): void {
  let shown: HTMLElement | null = null;
  for (const screen of document.querySelectorAll<HTMLElement>('[data-screen]')) {
    const active = screen.dataset.screen === name;
    if (active && screen.hidden) shown = screen;
    screen.hidden = !active;
  }
  shown?.querySelector<HTMLElement>('h1, h2')?.focus({ preventScroll: true });
}

export function currentScreen(): string | undefined {
  return document.querySelector<HTMLElement>('[data-screen]:not([hidden])')?.dataset.screen;
}
