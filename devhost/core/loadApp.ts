import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppStartContext } from './coreTypes';
import type { FunctionsCore } from './functionsCore';
import { globFiles, hasMagic } from './globFiles';
import { hostLog } from './hostLog';
import { runHooks } from './runHooks';

export interface LoadAppOptions {
  /** The function app directory (the worker's `functionAppDirectory`). */
  appRoot: string;
  /** Overrides package.json `main` (a file or a glob relative to `appRoot`). */
  main?: string;
}

export interface LoadedApp {
  appRoot: string;
  entryPoints: string[];
}

interface PackageJson {
  main?: string;
  type?: string;
}

/**
 * Loads the app the way the worker's `startApp` does: read package.json, expand `main` as a glob,
 * load every matched file (CommonJS `require`, or `import()` for ES modules), then run the
 * `appStart` hooks. Any failure is fatal, as it is on Node 20+ in Azure.
 * The core module must already be installed (see installCoreModule).
 */
export async function loadApp(core: FunctionsCore, options: LoadAppOptions): Promise<LoadedApp> {
  const appRoot = resolve(options.appRoot);
  const packageJson = readPackageJson(appRoot);
  const pattern = options.main ?? packageJson.main;
  if (!pattern) {
    throw new Error(`No entry point: package.json in ${appRoot} has no "main" (or set DEVHOST_APP_MAIN).`);
  }
  const files = isAbsolute(pattern) ? [pattern] : globFiles(pattern, appRoot).map((f) => join(appRoot, f));
  if (files.length === 0) {
    const reason = hasMagic(pattern)
      ? 'Found zero files matching the supplied pattern'
      : 'File does not exist';
    throw new Error(`Unable to load entry point "${pattern}": ${reason} (app root ${appRoot}).`);
  }
  for (const file of files) {
    hostLog('debug', 'host', `Loading entry point file "${file}"`);
    try {
      await loadScriptFile(file, packageJson);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const wrapped = new Error(`Worker was unable to load entry point "${file}": ${message}`);
      (wrapped as Error & { cause?: unknown }).cause = err;
      throw wrapped;
    }
  }
  core.indexingLocked = true;
  if (core.functions.size === 0 && !core.programmingModel) {
    // Typical cause: the app was loaded through a module system that bypasses Module.prototype.require
    // (jest), so @azure/functions fell back to its "test mode" and dropped every registration.
    throw new Error(
      'No functions were registered: @azure/functions did not find @azure/functions-core. ' +
        'Run the host as a plain Node process (node dist/devhost/host.js), not inside jest.',
    );
  }
  await lockLibrarySetup(core);

  const appStartContext: AppStartContext = {
    get hookData() {
      return core.appLevelOnlyHookData;
    },
    get appHookData() {
      return core.appHookData;
    },
    functionAppDirectory: appRoot,
  };
  await runHooks(core, 'appStart', appStartContext);
  return { appRoot, entryPoints: files };
}

function readPackageJson(appRoot: string): PackageJson {
  try {
    return JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as PackageJson;
  } catch (err) {
    hostLog(
      'warn',
      'host',
      `Failed to load package.json: ${err instanceof Error ? err.message : String(err)}`,
    );
    return {};
  }
}

async function loadScriptFile(file: string, packageJson: PackageJson): Promise<void> {
  const isEsm = file.endsWith('.mjs') || (!file.endsWith('.cjs') && packageJson.type === 'module');
  if (isEsm) {
    // Indirect so TypeScript's CommonJS output keeps a real dynamic import (the worker uses eval likewise).
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const importModule = new Function('specifier', 'return import(specifier)') as (
      s: string,
    ) => Promise<unknown>;
    await importModule(pathToFileURL(file).href);
  } else {
    // A plain require, so it goes through the Module.prototype.require proxy like the worker's load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  }
}

/**
 * The worker asks the programming model for its capabilities once the app has loaded, which locks
 * `app.setup()`. HTTP streaming would need the library's HTTP proxy, which this host does not drive.
 */
async function lockLibrarySetup(core: FunctionsCore): Promise<void> {
  const model = core.programmingModel;
  if (!model?.getCapabilities) return;
  const capabilities = await model.getCapabilities({});
  if (capabilities.HttpUri) {
    throw new Error(
      'The app enabled HTTP streaming (app.setup({ enableHttpStream: true })); the local host does not support it.',
    );
  }
}
