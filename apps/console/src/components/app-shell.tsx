'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { readApiError } from '~/lib/api-errors';
import { signInUrl } from '~/lib/return-to';
import { hasRole } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';
import { AccountBanners } from './auth/account-banners';
import { CreateTeamForm } from './create-team-form';
import { Icon, type IconName } from './icons';
import { TeamProvider } from './team-context';
import { TeamSwitcher } from './team-switcher';
import { ThemeToggle } from './theme-toggle';
import { useSidebar } from './use-sidebar';
import { UserMenu } from './user-menu';
import './app-shell.css';

const NAVIGATION: { href: string; label: string; icon: IconName; minRole?: 'ADMIN' }[] = [
  { href: '/editor', label: 'Editor', icon: 'editor' },
  { href: '/jobs', label: 'Jobs', icon: 'jobs' },
  { href: '/dashboards', label: 'Dashboards', icon: 'dashboards' },
  { href: '/lineage', label: 'Lineage', icon: 'lineage' },
  { href: '/connections', label: 'Connections', icon: 'connections' },
  { href: '/team', label: 'Team', icon: 'team' },
  { href: '/audit', label: 'Audit', icon: 'audit', minRole: 'ADMIN' },
];

/**
 * The navigation shows only pages the member may open (Audit needs ADMIN). It collapses to
 * icons (remembered per browser); on phones it is an icon rail that opens over the page.
 */
function Sidebar({
  role,
  expanded,
  onToggle,
}: {
  role: string | undefined;
  expanded: boolean;
  onToggle(): void;
}) {
  const pathname = usePathname();
  const router = useRouter();
  return (
    <aside className="sidebar" data-testid="sidebar">
      <Link href="/connections" className="brand" title="Velo">
        <span className="brand-mark" aria-hidden="true">
          V
        </span>
        <span className="brand-name">Velo</span>
      </Link>
      <button
        type="button"
        className="sidebar-toggle"
        aria-expanded={expanded}
        aria-controls="main-navigation"
        aria-label={expanded ? 'Collapse sidebar' : 'Expand sidebar'}
        title={expanded ? 'Collapse sidebar' : 'Expand sidebar'}
        data-testid="sidebar-toggle"
        onClick={onToggle}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" className="icon">
          <path
            d={expanded ? 'M15 6l-6 6 6 6' : 'M9 6l6 6-6 6'}
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      <nav aria-label="Main" id="main-navigation">
        <ul className="nav-list">
          {NAVIGATION.filter((item) => !item.minRole || hasRole(role, item.minRole)).map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className={active ? 'nav-link nav-link-active' : 'nav-link'}
                  aria-current={active ? 'page' : undefined}
                  data-testid={`nav-${item.label.toLowerCase()}`}
                  title={item.label}
                  // Prefetched when pointed at or focused, not all at once on load, where the
                  // six server renders competed with the editor's start-up on small machines.
                  prefetch={false}
                  onMouseEnter={() => router.prefetch(item.href)}
                  onFocus={() => router.prefetch(item.href)}
                >
                  <Icon name={item.icon} />
                  <span className="nav-label">{item.label}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </aside>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const isAccountPage = pathname === '/account';
  const sidebar = useSidebar(pathname);
  const me = useQuery(trpc.me.get.queryOptions());
  // The team the console opens is remembered per user on the server, so a fresh sign-in (or
  // another browser) opens the same team instead of whichever comes first.
  const setActiveTeam = useMutation(
    trpc.me.setActiveTeam.mutationOptions({
      onSuccess: (result) =>
        queryClient.setQueryData(trpc.me.get.queryKey(), (old) =>
          old ? { ...old, activeTeamId: result.activeTeamId } : old,
        ),
    }),
  );

  const errorCode = me.error ? readApiError(me.error).code : undefined;
  useEffect(() => {
    if (errorCode === 'UNAUTHORIZED') {
      window.location.assign(signInUrl(window.location.pathname + window.location.search));
    }
  }, [errorCode]);

  function selectTeam(teamId: string) {
    setActiveTeam.mutate({ teamId });
  }

  if (me.isPending) {
    return <div className="loading-screen">Loading…</div>;
  }
  if (me.error) {
    return (
      <div className="loading-screen">
        <p className="form-error" role="alert">
          {readApiError(me.error).message}
        </p>
      </div>
    );
  }

  const { user, teams } = me.data;
  const activeId = setActiveTeam.isPending ? setActiveTeam.variables.teamId : me.data.activeTeamId;
  const team = teams.find((candidate) => candidate.id === activeId) ?? teams[0];

  return (
    <div className="shell" data-sidebar={sidebar.state}>
      <Sidebar role={team?.role} expanded={sidebar.expanded} onToggle={sidebar.toggle} />
      <div className="shell-main">
        <header className="topbar">
          {team ? <TeamSwitcher teams={teams} current={team} onSelect={selectTeam} /> : <span />}
          <div className="row-actions">
            <ThemeToggle />
            <UserMenu user={user} />
          </div>
        </header>
        <main className="content">
          <AccountBanners
            email={user.email}
            emailVerified={me.data.user.emailVerified}
            pendingInvitations={me.data.pendingInvitations}
          />
          {/* Account settings belong to the user, not a team: open even before a first team. */}
          {!team && isAccountPage ? (
            children
          ) : team ? (
            <TeamProvider value={{ team, user }}>
              {/* Remount per team so no page shows one team's state under another's name. */}
              <div key={team.id}>{children}</div>
            </TeamProvider>
          ) : (
            <section className="page first-team" data-testid="create-first-team">
              <div className="card narrow">
                <h1>Create your first team</h1>
                <p className="muted">
                  Teams own connections, jobs and dashboards. You can invite colleagues once the
                  team exists. If someone invited you, open the link in their invitation mail, or
                  accept it above once your email address is verified.
                </p>
                <CreateTeamForm onCreated={selectTeam} />
              </div>
            </section>
          )}
        </main>
      </div>
    </div>
  );
}
