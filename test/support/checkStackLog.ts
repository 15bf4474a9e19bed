import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackInfo } from '../../devhost/stack';
import { describeLeaks, findLeaks, stackSecrets } from '../../scripts/checkLogsForSecrets';
import { fixtureSecrets } from './fixtureSecrets';

/**
 * Greps every log of the integration run in the state folder (stack.log: host, stand-ins and
 * Azurite output; *.log written there by tests' own hosts) for every secret the run used: the
 * stack's keys and secrets, the fixtures' secrets, and the shapes of SAS signatures and tokens
 * issued during the run. Undefined when clean, else the report (line numbers and kinds only).
 */
export async function checkStackLog(info: StackInfo): Promise<string | undefined> {
  const secrets = [...stackSecrets(info), ...fixtureSecrets()];
  const files = (await readdir(info.stateDir))
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(info.stateDir, f));
  const reports: string[] = [];
  for (const file of files) {
    const leaks = findLeaks(await readFile(file, 'utf8'), secrets);
    if (leaks.length > 0) reports.push(describeLeaks(leaks, file));
  }
  return reports.length === 0 ? undefined : reports.join('\n');
}
