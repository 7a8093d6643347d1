'use client';

import { type ThemeChoice, useTheme } from '~/lib/theme';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = {
  system: 'Theme: system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};
const GLYPH: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark; the label says the current choice for screen readers. */
export function ThemeToggle() {
  const { choice, setChoice } = useTheme();
  return (
    <button
      type="button"
      className="icon-button theme-toggle"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      aria-label={`${LABEL[choice]} (switch to ${NEXT[choice]})`}
      title={LABEL[choice]}
      onClick={() => setChoice(NEXT[choice])}
    >
      <span aria-hidden="true">{GLYPH[choice]}</span>
    </button>
  );
}
