import Module from 'node:module';
import type { CoreApi } from './functionsCore';

let installed: CoreApi | undefined;

/**
 * Answers `require('@azure/functions-core')` with `coreApi`, exactly as the Node worker does
 * (`setupCoreModule.ts`: a proxy over `Module.prototype.require`). It must run before anything
 * requires `@azure/functions`, because the library caches the lookup for the life of the process.
 * Jest's module registry does not go through `Module.prototype.require`, so this only works in a
 * plain Node process (the host process).
 */
export function installCoreModule(coreApi: CoreApi): void {
  if (installed) {
    if (installed === coreApi) return;
    throw new Error('@azure/functions-core is already installed in this process with another registry.');
  }
  installed = coreApi;
  const proto = Module.prototype as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, thisArg, argArray: unknown[]) {
      if (argArray[0] === '@azure/functions-core') {
        return coreApi;
      }
      return Reflect.apply(target, thisArg, argArray) as unknown;
    },
  });
}
