import type { RpcTypedData } from './coreTypes';

/**
 * A host-side value as RPC typed data, the way bindings reach the worker: bytes stay bytes, anything
 * else travels as JSON (`json` typed data), which the library parses back with `JSON.parse`.
 * `undefined` becomes empty typed data, which the library reads as `undefined`.
 */
export function toTypedData(value: unknown): RpcTypedData {
  if (value === undefined) return {};
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { bytes: value };
  return { json: JSON.stringify(value) };
}
