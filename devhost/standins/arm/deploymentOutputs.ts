import type { ResourceGroupState } from './armStandIn';

/**
 * A deployment's outputs as the stand-in can evaluate them: literal values as they are,
 * `[parameters('x')]` from the deployment's parameters (or the template's default),
 * `[resourceGroup().name]`; any other expression is answered as its text (the stand-in is not a
 * template engine).
 */
export function deploymentOutputs(
  outputs: Record<string, { type?: string; value?: unknown }> | undefined,
  parameters: Record<string, { value?: unknown }>,
  group: Pick<ResourceGroupState, 'name' | 'location'>,
): Record<string, { type: string; value: unknown }> {
  const result: Record<string, { type: string; value: unknown }> = {};
  for (const [name, o] of Object.entries(outputs ?? {})) {
    let value = o.value;
    if (typeof value === 'string') {
      const param = /^\[parameters\('([^']+)'\)\]$/.exec(value)?.[1];
      if (param !== undefined) value = parameters[param]?.value;
      else if (value === '[resourceGroup().name]') value = group.name;
      else if (value === '[resourceGroup().location]') value = group.location;
    }
    result[name] = { type: o.type ?? 'String', value };
  }
  return result;
}
