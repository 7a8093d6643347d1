import { getAuth } from '@velo/api';
import { headers } from 'next/headers';

/** The signed-in user's session for server components, or null. */
export async function getServerSession() {
  return getAuth().api.getSession({ headers: await headers() });
}
