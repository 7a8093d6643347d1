'use client';

import { useCallback, useEffect, useState } from 'react';

const STORAGE_KEY = 'velo.sidebar';
/** At or below this width the sidebar is an icon rail that opens over the page. */
export const NARROW_QUERY = '(max-width: 720px)';

export type SidebarState = 'expanded' | 'collapsed' | 'open';

/**
 * The sidebar's state: on wide screens expanded or collapsed to icons (remembered in
 * localStorage); on narrow screens always icons, opened over the page until the next navigation.
 */
export function useSidebar(pathname: string) {
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);
  const [openNarrow, setOpenNarrow] = useState(false);

  useEffect(() => {
    setCollapsed(window.localStorage.getItem(STORAGE_KEY) === 'collapsed');
    const query = window.matchMedia(NARROW_QUERY);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);

  // A link followed from the opened rail closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => setOpenNarrow(false), [pathname]);

  const toggle = useCallback(() => {
    if (narrow) {
      setOpenNarrow((open) => !open);
      return;
    }
    setCollapsed((was) => {
      window.localStorage.setItem(STORAGE_KEY, was ? 'expanded' : 'collapsed');
      return !was;
    });
  }, [narrow]);

  const state: SidebarState = narrow
    ? openNarrow
      ? 'open'
      : 'collapsed'
    : collapsed
      ? 'collapsed'
      : 'expanded';
  return { state, expanded: state !== 'collapsed', toggle };
}
