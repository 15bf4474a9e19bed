import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containers } from '../../adapters/cosmos/containers';
import { BicepExpression, readBicepVariable } from '../support/readBicepVariable';

/**
 * Every container the code declares (adapters/cosmos/containers.ts) is deployed by
 * infra/app/cosmos.bicep with the same partition key and TTL, and infra deploys no other.
 * (In Azure the app cannot create containers: data-plane RBAC has no right to.)
 */
const cosmosBicep = readFileSync(join(__dirname, '..', '..', 'infra', 'app', 'cosmos.bicep'), 'utf8');

interface DeclaredContainer {
  id: string;
  partitionKey: string;
  defaultTtl: number | undefined;
}

export function bicepContainers(source: string): DeclaredContainer[] {
  const value = readBicepVariable(source, 'containers');
  if (!Array.isArray(value)) throw new Error('containers in cosmos.bicep must be an array literal');
  return value.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item) || item instanceof BicepExpression) {
      throw new Error(`containers[${index}] in cosmos.bicep must be an object literal`);
    }
    const { name, partitionKey, defaultTtl } = item;
    if (typeof name !== 'string' || typeof partitionKey !== 'string') {
      throw new Error(`containers[${index}] needs literal name and partitionKey strings`);
    }
    if (defaultTtl !== undefined && typeof defaultTtl !== 'number') {
      throw new Error(`containers[${index}].defaultTtl must be a literal number`);
    }
    return { id: name, partitionKey, defaultTtl };
  });
}

export function containerMismatches(code: DeclaredContainer[], bicep: DeclaredContainer[]): string[] {
  const problems: string[] = [];
  const inBicep = new Map(bicep.map((c) => [c.id, c]));
  const inCode = new Map(code.map((c) => [c.id, c]));
  for (const c of code) {
    const deployed = inBicep.get(c.id);
    if (!deployed) problems.push(`${c.id}: declared in code, not deployed by infra`);
    else if (deployed.partitionKey !== c.partitionKey) {
      problems.push(`${c.id}: partition key ${c.partitionKey} in code, ${deployed.partitionKey} in infra`);
    } else if (deployed.defaultTtl !== c.defaultTtl) {
      problems.push(
        `${c.id}: defaultTtl ${String(c.defaultTtl)} in code, ${String(deployed.defaultTtl)} in infra`,
      );
    }
  }
  for (const c of bicep) {
    if (!inCode.has(c.id)) problems.push(`${c.id}: deployed by infra, not declared in code`);
  }
  return problems;
}

const codeContainers: DeclaredContainer[] = containers.map(
  (c: { id: string; partitionKey: string; defaultTtl?: number }) => ({
    id: c.id,
    partitionKey: c.partitionKey,
    defaultTtl: c.defaultTtl,
  }),
);

describe('Cosmos containers: adapters/cosmos/containers.ts vs infra/app/cosmos.bicep', () => {
  it('When both lists are read, then they hold the same containers and partition keys', () => {
    expect(containerMismatches(codeContainers, bicepContainers(cosmosBicep))).toEqual([]);
  });

  it('When infra changes a partition key, then the mismatch is reported', () => {
    const [first] = codeContainers;
    if (!first) throw new Error('the code declares no container');
    const line = new RegExp(`(name: '${first.id}', partitionKey: )'[^']*'`);
    const mutated = cosmosBicep.replace(line, "$1'/somethingElse'");
    expect(mutated).not.toBe(cosmosBicep);

    expect(containerMismatches(codeContainers, bicepContainers(mutated))).toContain(
      `${first.id}: partition key ${first.partitionKey} in code, /somethingElse in infra`,
    );
  });

  it('When the code declares a container infra lacks, or the reverse, then both are reported', () => {
    const withExtra = [...codeContainers, { id: 'leads', partitionKey: '/offerId', defaultTtl: undefined }];
    const [, ...withoutFirst] = codeContainers;

    expect(containerMismatches(withExtra, bicepContainers(cosmosBicep))).toEqual([
      'leads: declared in code, not deployed by infra',
    ]);
    expect(containerMismatches(withoutFirst, bicepContainers(cosmosBicep))).toEqual([
      `${codeContainers[0]?.id}: deployed by infra, not declared in code`,
    ]);
  });

  it('When a TTL differs, then the mismatch is reported', () => {
    const [first, ...rest] = codeContainers;
    if (!first) throw new Error('the code declares no container');
    const withTtl = [{ ...first, defaultTtl: 86400 }, ...rest];

    expect(containerMismatches(withTtl, bicepContainers(cosmosBicep))).toEqual([
      `${first.id}: defaultTtl 86400 in code, undefined in infra`,
    ]);
  });
});
