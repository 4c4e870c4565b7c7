import type { KeyboardEvent } from 'react';

/** Arrow keys (and Home/End) move focus between the elements matching `selector` inside the current target. */
export function arrowFocus(selector: string) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const all = [...e.currentTarget.querySelectorAll<HTMLElement>(selector)];
    if (all.length === 0) return;
    const i = all.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : e.key === 'ArrowDown' ? Math.min(i + 1, all.length - 1) : Math.max(i - 1, 0);
    e.preventDefault();
    all[next]?.focus();
  };
}
