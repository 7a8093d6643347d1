'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  readTimeRange,
  refreshMs,
  resolveRange,
  type TimeRange,
  withTimeRange,
} from './time-range';

/** The page's time range (from the URL), resolved against a clock that ticks with auto refresh. */
export function useTimeRange() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const range = readTimeRange(params);
  const interval = refreshMs(range);
  const [now, setNow] = useState(() => Date.now());
  // A new range or refresh rate resolves against the clock again at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: range.from/to are the triggers
  useEffect(() => {
    setNow(Date.now());
    if (!interval) return;
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [interval, range.from, range.to]);
  // Relative ranges snap to whole seconds so that panels share one query window; the object
  // keeps its identity while the window does, so memoized panels do not redraw for nothing.
  const second = Math.floor(now / 1000) * 1000;
  const { from, to } = resolveRange(range, second);
  const resolved = useMemo(() => ({ from, to }), [from, to]);
  const setRange = useCallback(
    (next: Partial<TimeRange>) =>
      router.replace(`${pathname}?${withTimeRange(params, next)}`, { scroll: false }),
    [router, pathname, params],
  );
  return { range, resolved, setRange };
}
