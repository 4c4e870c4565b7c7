import { useSyncExternalStore } from 'react';
import { formatMessage, type Values } from './format.ts';
import { common as enCommon } from './en/common.ts';
import { common as nbCommon } from './nb/common.ts';
import { posts as enPosts } from './en/posts.ts';
import { posts as nbPosts } from './nb/posts.ts';
import { account as enAccount } from './en/account.ts';
import { account as nbAccount } from './nb/account.ts';
import { admin as enAdmin } from './en/admin.ts';
import { admin as nbAdmin } from './nb/admin.ts';
import { composer as enComposer } from './en/composer.ts';
import { composer as nbComposer } from './nb/composer.ts';
import { sidebar as enSidebar } from './en/sidebar.ts';
import { sidebar as nbSidebar } from './nb/sidebar.ts';

// Each area of the UI keeps its strings in en/<area>.ts and nb/<area>.ts (same keys; TypeScript checks that nb
// has every English key). Add an area by importing both here.
const en = { ...enCommon, ...enPosts, ...enAccount, ...enAdmin, ...enComposer, ...enSidebar };
export type MessageKey = keyof typeof en;
const nb: Record<MessageKey, string> = { ...nbCommon, ...nbPosts, ...nbAccount, ...nbAdmin, ...nbComposer, ...nbSidebar };

export const catalogues = { en, nb } as const;
export type Locale = keyof typeof catalogues;
export const LOCALES: { id: Locale; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'nb', name: 'Norsk (bokmål)' },
];

/** Mattermost's locale ids → ours: Norwegian in any written form gets Bokmål. */
export function pickLocale(preferred: readonly (string | undefined)[]): Locale {
  for (const raw of preferred) {
    if (!raw) continue;
    const lang = raw.toLowerCase().split(/[-_]/)[0];
    if (lang === 'nb' || lang === 'no' || lang === 'nn') return 'nb';
    if (lang === 'en') return 'en';
  }
  return 'en';
}

let current: Locale = pickLocale(typeof navigator === 'undefined' ? [] : [...navigator.languages]);
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const l of listeners) l();
}

export function t(key: MessageKey, values?: Values): string {
  return formatMessage(catalogues[current][key] ?? en[key] ?? key, values, current);
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Re-renders the component when the language changes; returns `t`. */
export function useT(): typeof t {
  useSyncExternalStore(subscribe, getLocale);
  return t;
}

export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale);
}
