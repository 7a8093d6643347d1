'use client';

import { createContext, useContext } from 'react';

export interface TeamSummary {
  id: string;
  name: string;
  slug: string;
  role: string;
}

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
}

interface TeamContextValue {
  team: TeamSummary;
  user: CurrentUser;
}

const TeamContext = createContext<TeamContextValue | null>(null);

export const TeamProvider = TeamContext.Provider;

/** The team selected in the header and the signed-in user; only inside the app shell. */
export function useCurrentTeam(): TeamContextValue {
  const value = useContext(TeamContext);
  if (!value) throw new Error('useCurrentTeam must be used inside the app shell');
  return value;
}
