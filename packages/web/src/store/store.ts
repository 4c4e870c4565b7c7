import { useSyncExternalStore, useRef } from 'react';

/**
 * The app's state lives in one plain object, replaced (never mutated) on every change, so components re-render
 * only when the slice they select changes.
 */
export class Store<S> {
  private listeners = new Set<() => void>();
  constructor(private state: S) {}

  get = (): S => this.state;

  /** Applies `fn` to the current state; `fn` returns only the top-level keys it changes. */
  update(fn: (s: S) => Partial<S>): void {
    const patch = fn(this.state);
    if (Object.keys(patch).length === 0) return;
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}

/** Equal when the same, or arrays / plain objects whose entries are the same (one level deep). */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Selects a slice of a store; re-renders when the selected value changes. A selector may build a new array or
 * object each time: a result shallowly equal to the previous one counts as unchanged.
 */
export function useStoreSelector<S, T>(store: Store<S>, select: (s: S) => T): T {
  const last = useRef<{ state: S; select: (s: S) => T; value: T } | null>(null);
  const getSnapshot = () => {
    const state = store.get();
    const prev = last.current;
    if (prev && prev.state === state && prev.select === select) return prev.value;
    const value = select(state);
    if (prev && shallowEqual(prev.value, value)) {
      last.current = { state, select, value: prev.value };
      return prev.value;
    }
    last.current = { state, select, value };
    return value;
  };
  return useSyncExternalStore(store.subscribe, getSnapshot);
}
