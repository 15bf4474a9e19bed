import type { BindingInfo, RegisteredFunction } from '../extension';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookData,
  HookName,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from './coreTypes';
import { coreLog } from './hostLog';

/** A disposable exactly like the worker's (`src/Disposable.ts`), which the library may construct itself. */
export class Disposable {
  static from(...inDisposables: { dispose(): unknown }[]): Disposable {
    let disposables: ReadonlyArray<{ dispose(): unknown }> | undefined = inDisposables;
    return new Disposable(() => {
      if (disposables) {
        for (const disposable of disposables) {
          if (typeof disposable?.dispose === 'function') disposable.dispose();
        }
        disposables = undefined;
      }
    });
  }

  #callOnDispose?: () => unknown;

  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }

  dispose(): unknown {
    const callback = this.#callOnDispose;
    this.#callOnDispose = undefined;
    return typeof callback === 'function' ? callback() : undefined;
  }
}

/** A registration as the worker keeps it, plus the host's read-only view of it. */
export interface CoreFunction {
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
  readonly info: RegisteredFunction;
}

/** The `@azure/functions-core` module object, as `require('@azure/functions-core')` returns it. */
export interface CoreApi {
  readonly version: string;
  readonly hostVersion: string;
  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable;
  registerHook(hookName: string, callback: HookCallback): Disposable;
  setProgrammingModel(model: ProgrammingModel): void;
  getProgrammingModel(): ProgrammingModel | undefined;
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
  readonly Disposable: typeof Disposable;
}

/** Versions reported to the library; the host version is the oldest that has every API used here (log hooks excluded). */
const workerVersion = '3.10.1';
const hostVersion = '4.34.0';

/**
 * The state the worker keeps about the app (`AppContext`): registered functions, hooks and the
 * programming model, filled in through the core API while the app's entry point loads.
 */
export class FunctionsCore {
  readonly functions = new Map<string, CoreFunction>();
  readonly hooks: Record<HookName, HookCallback[]> = {
    appStart: [],
    appTerminate: [],
    preInvocation: [],
    postInvocation: [],
  };
  /** Shared by every hook of the app (`appHookData` in the worker). */
  readonly appHookData: HookData = {};
  /** Shared by the app-level hooks only (`appLevelOnlyHookData`). */
  readonly appLevelOnlyHookData: HookData = {};
  programmingModel: ProgrammingModel | undefined;
  /** Set once the app has loaded: the worker refuses registrations after startup. */
  indexingLocked = false;

  readonly api: CoreApi;

  constructor() {
    this.api = {
      version: workerVersion,
      hostVersion,
      registerFunction: (metadata, callback) => this.#registerFunction(metadata, callback),
      registerHook: (hookName, callback) => this.#registerHook(hookName, callback),
      setProgrammingModel: (model) => {
        this.programmingModel = model;
      },
      getProgrammingModel: () => this.programmingModel,
      log: (level, category, message) => coreLog(level, category, message),
      Disposable,
    };
  }

  #registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    if (this.indexingLocked) {
      throw new Error('A function can only be registered during app startup.');
    }
    const functionId = metadata.functionId || metadata.name;
    if (this.functions.has(functionId)) {
      throw new Error(`A function with id "${functionId}" has already been registered.`);
    }
    this.functions.set(functionId, { metadata, callback, info: toRegisteredFunction(metadata) });
    return new Disposable(() => {
      if (this.indexingLocked) throw new Error('A function can only be disposed during app startup.');
      this.functions.delete(functionId);
    });
  }

  #registerHook(hookName: string, callback: HookCallback): Disposable {
    if (!isHookName(hookName)) {
      // Same error class of behaviour as the worker's getHooks (`log` hooks need host 4.34 there; unsupported here).
      const error = new RangeError(`Unrecognized hook "${hookName}"`) as RangeError & {
        isAzureFunctionsSystemError?: boolean;
      };
      error.isAzureFunctionsSystemError = true;
      throw error;
    }
    const hooks = this.hooks[hookName];
    hooks.push(callback);
    return new Disposable(() => {
      const index = hooks.indexOf(callback);
      if (index > -1) hooks.splice(index, 1);
    });
  }

  /** The host's view of every registration, keyed by function name. */
  registeredFunctions(): Map<string, RegisteredFunction> {
    return new Map([...this.functions.values()].map((f) => [f.info.name, f.info]));
  }
}

function isHookName(name: string): name is HookName {
  return (
    name === 'appStart' || name === 'appTerminate' || name === 'preInvocation' || name === 'postInvocation'
  );
}

function toRegisteredFunction(metadata: FunctionMetadata): RegisteredFunction {
  const bindings: Record<string, BindingInfo> = {};
  let triggerType = '';
  let triggerBindingName = '';
  for (const [name, binding] of Object.entries(metadata.bindings)) {
    const type = String(binding.type ?? '');
    bindings[name] = { ...binding, type, direction: binding.direction ?? undefined };
    if (!triggerType && /trigger$/i.test(type)) {
      triggerType = type;
      triggerBindingName = name;
    }
  }
  return Object.freeze({
    name: metadata.name,
    bindings: Object.freeze(bindings),
    triggerType,
    triggerBindingName,
  });
}
