import { splitSecrets } from '../../domain/offer/secrets';
import type { UsedSecret } from '../../scripts/checkLogsForSecrets';
import {
  armTestDriveWrite,
  completeSetupWrite,
  dynamics365LeadManagementWrite,
  dynamics365TestDriveWrite,
  logicAppTestDriveWrite,
} from './offerFixtures';

/**
 * The secrets the offer fixtures send (client secrets, lead destination keys and connection
 * strings), taken out of the fixture bodies by the same rule the app uses to store them apart,
 * so a secret added to a fixture is checked without being listed twice.
 */
export function fixtureSecrets(): UsedSecret[] {
  const setups = [
    completeSetupWrite(),
    { ...completeSetupWrite(), leadManagement: dynamics365LeadManagementWrite() },
  ];
  const testDrives = [armTestDriveWrite(), dynamics365TestDriveWrite(), logicAppTestDriveWrite()];
  const values = [
    ...setups.flatMap((s) => Object.values(splitSecrets('setup', s).secrets)),
    ...testDrives.flatMap((t) => Object.values(splitSecrets('test-drive', t).secrets)),
  ];
  return [...new Set(values)].map((value) => ({ name: 'offer fixture secret', value }));
}
