/**
 * Light and dark themes. The palettes live here (not in a second stylesheet) so the page's CSS
 * variables, Monaco's theme and charts read one source of truth; the choice follows the system
 * unless the user picked one with the toggle (kept in localStorage).
 */
'use client';

import { useCallback, useEffect, useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResolvedTheme = 'light' | 'dark';

const STORAGE_KEY = 'velo.theme';

/** CSS variables of globals.css per theme; light repeats globals.css so switching back works. */
export const PALETTES: Record<ResolvedTheme, Record<string, string>> = {
  light: {
    '--bg': '#f4f6f9',
    '--surface': '#ffffff',
    '--surface-muted': '#f9fafb',
    '--border': '#e3e7ed',
    '--border-strong': '#cdd4de',
    '--text': '#17202c',
    '--text-muted': '#5d6877',
    '--primary': '#1d5fd6',
    '--primary-hover': '#174fb5',
    '--primary-soft': '#e8f0fd',
    '--on-primary': '#ffffff',
    '--danger': '#c2342b',
    '--danger-soft': '#fdecea',
    '--success': '#16794a',
    '--success-soft': '#e6f5ec',
    '--warning-soft': '#fff6e0',
  },
  dark: {
    '--bg': '#0f141b',
    '--surface': '#171e27',
    '--surface-muted': '#1d2530',
    '--border': '#2a3441',
    '--border-strong': '#3a4655',
    '--text': '#e6ebf2',
    '--text-muted': '#a3aebd',
    '--primary': '#6ea2ff',
    '--primary-hover': '#8ab4ff',
    '--primary-soft': '#1c2d4a',
    // Text on primary buttons: the dark theme's light blue needs dark text for contrast.
    '--on-primary': '#0f141b',
    '--danger': '#ff8a80',
    '--danger-soft': '#3a1d1c',
    '--success': '#6fd39c',
    '--success-soft': '#15301f',
    '--warning-soft': '#3a2f12',
  },
};

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

function systemTheme(): ResolvedTheme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function resolveTheme(choice: ThemeChoice): ResolvedTheme {
  return choice === 'system' ? systemTheme() : choice;
}

/** Sets the palette on <html> through the CSSOM (allowed under a strict style CSP). */
export function applyTheme(theme: ResolvedTheme): void {
  const root = document.documentElement;
  for (const [name, value] of Object.entries(PALETTES[theme])) root.style.setProperty(name, value);
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  media?.addEventListener('change', listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    media?.removeEventListener('change', listener);
    window.removeEventListener('storage', listener);
  };
}

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyTheme(resolveTheme(choice));
  notify();
}

/** The current theme; re-renders when the user toggles it or the system theme changes. */
export function useTheme(): {
  choice: ThemeChoice;
  theme: ResolvedTheme;
  setChoice: (choice: ThemeChoice) => void;
} {
  const choice = useSyncExternalStore(subscribe, readThemeChoice, () => 'system' as ThemeChoice);
  const theme = useSyncExternalStore(
    subscribe,
    () => resolveTheme(readThemeChoice()),
    () => 'light' as ResolvedTheme,
  );
  useEffect(() => applyTheme(theme), [theme]);
  const setChoice = useCallback((next: ThemeChoice) => setThemeChoice(next), []);
  return { choice, theme, setChoice };
}
