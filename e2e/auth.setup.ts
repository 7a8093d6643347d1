/**
 * Signs each demo user in once per run, through the form, and saves the browser state for the
 * journeys (support.ts `openAs`). better-auth allows 3 sign-ins per client IP per 10 s in
 * production and every journey comes from 127.0.0.1, so signing in through the form in each
 * journey ran into 429s; only the journeys about signing in (sign-in.spec.ts, invitations in
 * team-and-audit.spec.ts) still do.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as setup } from '@playwright/test';
import { DEMO_USERS, savedSessionFile, signIn } from './support.ts';

for (const email of DEMO_USERS) {
  setup(`sign in as ${email}`, async ({ page }) => {
    await signIn(page, email);
    const file = savedSessionFile(email);
    mkdirSync(path.dirname(file), { recursive: true });
    await page.context().storageState({ path: file });
  });
}
