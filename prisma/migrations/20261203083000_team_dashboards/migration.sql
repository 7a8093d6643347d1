-- Team dashboards users compose from metric panels (issue 10).
CREATE TABLE "Dashboard" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dashboard_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DashboardPanel" (
    "id" TEXT NOT NULL,
    "dashboardId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "jobIds" JSONB NOT NULL DEFAULT '[]',
    "chartType" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "thresholds" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardPanel_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Dashboard_teamId_name_key" ON "Dashboard"("teamId", "name");
CREATE INDEX "DashboardPanel_dashboardId_position_idx" ON "DashboardPanel"("dashboardId", "position");

ALTER TABLE "Dashboard" ADD CONSTRAINT "Dashboard_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DashboardPanel" ADD CONSTRAINT "DashboardPanel_dashboardId_fkey" FOREIGN KEY ("dashboardId") REFERENCES "Dashboard"("id") ON DELETE CASCADE ON UPDATE CASCADE;
