'use client';

import { createAuthClient } from 'better-auth/react';

// Same origin as the console: better-auth is mounted at /api/auth.
export const authClient = createAuthClient();
