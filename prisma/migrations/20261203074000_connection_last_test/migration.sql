-- The last "Test connection" result of each connection, shown with its time.
ALTER TABLE "Connection" ADD COLUMN "lastTestAt" TIMESTAMP(3);
ALTER TABLE "Connection" ADD COLUMN "lastTestOk" BOOLEAN;
ALTER TABLE "Connection" ADD COLUMN "lastTestError" TEXT;
ALTER TABLE "Connection" ADD COLUMN "lastTestLatencyMs" INTEGER;

-- Connection secrets are now sealed with additional data binding them to their team and
-- connection (`v2.` envelopes). SQL cannot re-seal them (that needs VELO_SECRET_KEY): run
-- `npm run secrets:reencrypt` after this migration (`npm start` does it at boot); until then an
-- unbound secret is refused where it is used, with that instruction.
