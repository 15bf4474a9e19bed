import { randomUUID } from 'node:crypto';
import type { BindingInfo, RegisteredFunction } from '../extension';
import type {
  CoreInvocationContext,
  FunctionMetadata,
  InvocationState,
  PostInvocationContext,
  PreInvocationContext,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
  RpcParameterBinding,
  RpcTypedData,
} from './coreTypes';
import type { FunctionsCore } from './functionsCore';
import { coreLog } from './hostLog';
import { runHooks } from './runHooks';
import { toTypedData } from './toTypedData';

/** Supplies the value of an input binding the host does not produce itself (e.g. `durableClient`). */
export type ExtraInputProvider = (binding: BindingInfo, fn: RegisteredFunction) => unknown;

export interface InvocationRequest {
  functionName: string;
  /** The trigger binding's data, already as RPC typed data (`http`, `json`, `string`, ...). */
  triggerData: RpcTypedData;
  triggerMetadata?: Record<string, RpcTypedData>;
  invocationId?: string;
  /**
   * Applied to the handler's result (after the postInvocation hooks) before the library converts
   * it; the outcome's `result` stays the handler's. The HTTP listener hands the library an
   * in-memory response body this way (devhost/http/bufferedResponse.ts).
   */
  prepareResult?: (result: unknown) => unknown;
}

export interface InvocationOutcome {
  invocationId: string;
  /** The handler's return value after the postInvocation hooks (they may replace it). */
  result: unknown;
  /** The library's conversion of the outputs (`returnValue.http` for HTTP triggers). */
  response: RpcInvocationResponse;
}

export class FunctionNotFoundError extends Error {
  constructor(functionName: string) {
    super(`Function "${functionName}" is not registered.`);
    this.name = 'FunctionNotFoundError';
  }
}

/**
 * Invokes a registered function exactly as the worker's InvocationHandler does: the library's own
 * programming model turns RPC-shaped input into handler arguments (`getArguments`), the preInvocation
 * hooks may replace inputs and handler, the handler runs (`invokeFunction`), the postInvocation hooks
 * see (and may replace) result or error, and `getResponse` converts the return value. A handler
 * error (unless a postInvocation hook cleared it) rejects with that error.
 */
export class FunctionInvoker {
  readonly #core: FunctionsCore;
  readonly #extraInput: ExtraInputProvider;

  constructor(core: FunctionsCore, extraInput: ExtraInputProvider) {
    this.#core = core;
    this.#extraInput = extraInput;
  }

  async invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    const registered = this.#findFunction(request.functionName);
    const { metadata, info } = registered;
    let callback = registered.callback;
    const model = this.#core.programmingModel;
    if (!model)
      throw new Error('The app did not set a programming model (is it using @azure/functions v4?).');

    const invocationId = request.invocationId ?? randomUUID();
    const rpcRequest: RpcInvocationRequest = {
      invocationId,
      functionId: metadata.functionId || metadata.name,
      inputData: this.#inputData(info, metadata, request.triggerData),
      triggerMetadata: request.triggerMetadata ?? {},
      traceContext: { traceParent: null, traceState: null, attributes: {} },
      retryContext: null,
    };
    const coreCtx = new HostCoreInvocationContext(invocationId, rpcRequest, metadata);
    const invocationModel = await model.getInvocationModel(coreCtx);
    const hookData: Record<string, unknown> = {};
    const appHookData = this.#core.appHookData;
    const args = await invocationModel.getArguments();
    const context = args.context;

    const preContext: PreInvocationContext = {
      get hookData() {
        return hookData;
      },
      get appHookData() {
        return appHookData;
      },
      get invocationContext() {
        return context;
      },
      functionCallback: callback,
      inputs: args.inputs,
    };
    coreCtx.state = 'preInvocationHooks';
    try {
      await runHooks(this.#core, 'preInvocation', preContext);
    } finally {
      coreCtx.state = undefined;
    }
    const inputs = preContext.inputs;
    callback = preContext.functionCallback;

    const postContext: PostInvocationContext = {
      get hookData() {
        return hookData;
      },
      get appHookData() {
        return appHookData;
      },
      get invocationContext() {
        return context;
      },
      inputs,
      result: null,
      error: null,
    };
    coreCtx.state = 'invocation';
    try {
      postContext.result = await invocationModel.invokeFunction(context, inputs, callback);
    } catch (err) {
      postContext.error = err;
    } finally {
      coreCtx.state = undefined;
    }

    coreCtx.state = 'postInvocationHooks';
    try {
      await runHooks(this.#core, 'postInvocation', postContext);
    } finally {
      coreCtx.state = undefined;
    }

    if (postContext.error !== null && postContext.error !== undefined) {
      throw ensureError(postContext.error);
    }
    const converted = request.prepareResult ? request.prepareResult(postContext.result) : postContext.result;
    const response = await invocationModel.getResponse(context, converted);
    return { invocationId, result: postContext.result, response };
  }

  #findFunction(functionName: string) {
    const byId = this.#core.functions.get(functionName);
    if (byId) return byId;
    for (const fn of this.#core.functions.values()) {
      if (fn.metadata.name === functionName) return fn;
    }
    throw new FunctionNotFoundError(functionName);
  }

  /** The trigger's data plus every extra input an extension can supply (as `json` typed data, like the host). */
  #inputData(
    info: RegisteredFunction,
    metadata: FunctionMetadata,
    triggerData: RpcTypedData,
  ): RpcParameterBinding[] {
    const inputData: RpcParameterBinding[] = [{ name: info.triggerBindingName, data: triggerData }];
    for (const [name, binding] of Object.entries(info.bindings)) {
      if (name === info.triggerBindingName || binding.direction !== 'in') continue;
      const value = this.#extraInput({ ...binding, name }, info);
      if (value === undefined) {
        coreLog(
          'debug',
          'system',
          `No value for input binding "${name}" (type ${binding.type})`,
          metadata.name,
        );
        continue;
      }
      inputData.push({ name, data: toTypedData(value) });
    }
    return inputData;
  }
}

/** The worker's CoreInvocationContext: the library logs through it (`context.log` ends up here). */
class HostCoreInvocationContext implements CoreInvocationContext {
  state?: InvocationState;

  constructor(
    readonly invocationId: string,
    readonly request: RpcInvocationRequest,
    readonly metadata: FunctionMetadata,
  ) {}

  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
    coreLog(level, category, message, this.metadata.name, this.invocationId);
  }
}

/** The worker fails an invocation for any thrown value; a non-Error becomes an Error (its ensureErrorType). */
function ensureError(err: unknown): Error {
  if (err instanceof Error) return err;
  let message: string | undefined;
  try {
    message = typeof err === 'string' ? err : JSON.stringify(err);
  } catch {
    message = undefined;
  }
  return new Error(message);
}
