const PATHS = {
  editor: 'M4 5h16v14H4z M8 9l3 3-3 3 M13 15h4',
  jobs: 'M5 6h14 M5 12h14 M5 18h9 M18 16l2 2-2 2',
  dashboards: 'M4 20V10 M10 20V4 M16 20v-7 M22 20H2',
  lineage:
    'M6 6a2 2 0 1 0 0.01 0 M6 18a2 2 0 1 0 0.01 0 M18 12a2 2 0 1 0 0.01 0 M8 6h3l5 6 M8 18h3l5-6',
  connections: 'M9 7h6v4H9z M9 13h6v4H9z M12 3v4 M12 17v4 M5 11v2 M19 11v2',
  team: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6 M3 20c0-3 3-5 6-5s6 2 6 5 M16 5a3 3 0 0 1 0 6 M18 15c2 .5 3 2.5 3 5',
  audit: 'M7 3h8l4 4v14H7z M15 3v4h4 M10 12h6 M10 16h6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
