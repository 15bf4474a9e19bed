import type { IncomingMessage, ServerResponse } from 'node:http';

/** A binding as `@azure/functions` describes it in the metadata it hands to `registerFunction`. */
export interface BindingInfo {
  type: string;
  direction?: string;
  [key: string]: unknown;
}

/** One function the app registered, as captured by the host's `@azure/functions-core`. */
export interface RegisteredFunction {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingInfo>>;
  /** e.g. `httpTrigger`, `timerTrigger`, `orchestrationTrigger`, `activityTrigger`, `entityTrigger`. */
  readonly triggerType: string;
  readonly triggerBindingName: string;
}

/**
 * The host's clock. Real time plus an offset that tests may advance (time skipping), so
 * timers days away can be tested in seconds. Everything in the host that schedules by time
 * (timer triggers, durable timers, orchestration timestamps) reads it; app code never does.
 */
export interface Clock {
  now(): number;
  /** Moves the clock forward by `ms` and wakes every sleeper that is now due. */
  advance(ms: number): void;
  /** Resolves when the clock reaches `at` (at once if it already has); rejects when aborted. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
}

export interface InvokeOptions {
  triggerMetadata?: Record<string, unknown>;
}

/** What the host offers its extensions (the durable engine is one). */
export interface HostServices {
  readonly functions: ReadonlyMap<string, RegisteredFunction>;
  /**
   * Invokes a non-HTTP function as the worker does (trigger input converted like RPC typed data,
   * extra inputs injected, app hooks run). Resolves with the handler's return value; rejects with
   * the error the handler threw.
   */
  invoke(functionName: string, triggerInput: unknown, options?: InvokeOptions): Promise<unknown>;
  readonly clock: Clock;
  /** Origin the host's HTTP server listens on, e.g. `http://127.0.0.1:7071`. */
  readonly origin: string;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

/** A part of the host that plugs in beside the HTTP and timer triggers. */
export interface HostExtension {
  readonly name: string;
  start(host: HostServices): Promise<void>;
  stop(): Promise<void>;
  /** Requests outside `/api/` and `/admin/`; resolve `true` when this extension answered. */
  handleHttp?(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /**
   * The value for an input binding the host does not know itself (`durableClient`), or
   * `undefined` to leave it to another extension.
   */
  inputFor?(binding: BindingInfo, fn: RegisteredFunction): unknown;
}
