'use client';

import { useState } from 'react';
import { ROLE_LABELS, type Role } from '~/lib/roles';
import { CreateTeamForm } from './create-team-form';
import { Dialog } from './dialog';
import type { TeamSummary } from './team-context';

const NEW_TEAM = '__new__';

interface TeamSwitcherProps {
  teams: TeamSummary[];
  current: TeamSummary;
  onSelect: (teamId: string) => void;
}

export function TeamSwitcher({ teams, current, onSelect }: TeamSwitcherProps) {
  const [creating, setCreating] = useState(false);
  return (
    <div className="team-switcher">
      <label htmlFor="team-switcher" className="visually-hidden">
        Team
      </label>
      <select
        id="team-switcher"
        data-testid="team-switcher"
        value={current.id}
        onChange={(event) => {
          if (event.target.value === NEW_TEAM) setCreating(true);
          else onSelect(event.target.value);
        }}
      >
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
        <option value={NEW_TEAM}>+ New team…</option>
      </select>
      <span className="role-badge" data-testid="current-role">
        {ROLE_LABELS[current.role as Role] ?? current.role}
      </span>
      {creating ? (
        <Dialog title="Create a team" onClose={() => setCreating(false)}>
          <CreateTeamForm
            onCancel={() => setCreating(false)}
            onCreated={(teamId) => {
              setCreating(false);
              onSelect(teamId);
            }}
          />
        </Dialog>
      ) : null}
    </div>
  );
}
