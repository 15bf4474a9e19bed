import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getAssetServices } from '../app/assets/getAssetServices';
import { cleanUpAssets, type CleanUpReport } from '../domain/assets/cleanUpAssets';
import { appLog } from '../app/telemetry/log';

/**
 * Hourly: deletes uploads never committed (after a day) and assets that no draft or submission
 * refers to (after 7 days unreferenced); see domain/assets/cleanUpAssets.ts for the rules.
 */
export async function cleanUpAssetsTimer(timer: Timer, context: InvocationContext): Promise<CleanUpReport> {
  const { repository, blobs } = await getAssetServices();
  const report = await cleanUpAssets(repository, blobs, timerNow(timer));
  appLog(context).info(
    `Asset clean-up: ${report.uploadsDeleted} uploads deleted, ${report.assetsDeleted} assets deleted, ` +
      `${report.assetsMarkedUnreferenced} newly unreferenced, ${report.assetsKept} kept`,
  );
  return report;
}

/**
 * The firing time: the later of this process's clock and the schedule status the runtime passes
 * (the local host's clock can be advanced in tests; in Azure both agree).
 */
function timerNow(timer: Timer): Date {
  const status = timer.scheduleStatus as { lastUpdated?: string } | undefined;
  const stamped = status?.lastUpdated ? Date.parse(status.lastUpdated) : NaN;
  return new Date(Number.isFinite(stamped) ? Math.max(stamped, Date.now()) : Date.now());
}

app.timer('cleanUpAssets', {
  schedule: '0 17 * * * *',
  handler: cleanUpAssetsTimer,
});
