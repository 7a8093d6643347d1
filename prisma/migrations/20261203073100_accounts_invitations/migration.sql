-- Invitations are accepted (or declined) explicitly through a token link; only the
-- SHA-256 of the token is stored. Invitations made before this migration get no token: their invitees see
-- them in the list of pending invitations of the console instead.
ALTER TABLE "Invitation" ADD COLUMN "tokenHash" TEXT;
ALTER TABLE "Invitation" ADD COLUMN "expiresAt" TIMESTAMP(3);
ALTER TABLE "Invitation" ADD COLUMN "declinedAt" TIMESTAMP(3);
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- The team the console opens for a user, remembered on the server.
ALTER TABLE "user" ADD COLUMN "activeTeamId" TEXT;

-- Failed sign-ins per email address (whether or not an account exists), for the backoff.
CREATE TABLE "SignInThrottle" (
    "email" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("email")
);
