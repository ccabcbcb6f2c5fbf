// The sandbox's Graph model in both of its sources. With the reference $metadata present, the
// committed facts file must be exactly the cut the generator makes from it (so it cannot drift),
// and every fact must agree with the test suite's own independent CSDL reader. Without the
// reference, the facts alone must still refuse the audit's invalid win32LobApp bodies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/errors.ts';
import { checkEntityBody } from '../../src/services/graph/emulator/body-check.ts';
import type { GraphModel } from '../../src/services/graph/emulator/csdl-model.ts';
import { readCsdl } from '../../src/services/graph/emulator/csdl-read.ts';
import { servedClosure } from '../../src/services/graph/emulator/facts-closure.ts';
import { V1_FACTS } from '../../src/services/graph/emulator/v1.0-facts.ts';
import { reference } from '../support/reference.ts';
import { parseCsdl } from './csdl.ts';

const metadata = reference('graph/v1.0-metadata.xml', 'the committed Graph facts against v1.0-metadata.xml');

describe.skipIf(!metadata.present)(metadata.title, () => {
  const xml = metadata.present ? readFileSync(metadata.path, 'utf8') : '';

  it('is exactly what scripts/generate-graph-facts.ts cuts from the metadata (regenerate if not)', () => {
    expect(V1_FACTS).toEqual(servedClosure(readCsdl(xml)));
  });

  it("agrees with the tests' own CSDL reader on every type, property and enum member", () => {
    const csdl = parseCsdl(xml);
    const problems: string[] = [];
    for (const [name, type] of Object.entries(V1_FACTS.types)) {
      const real = csdl.types.get(name);
      if (!real) {
        problems.push(`${name}: not in metadata`);
        continue;
      }
      if (real.kind !== type.kind || real.baseType !== type.baseType) problems.push(`${name}: kind or base`);
      expect(type.properties, name).toEqual(real.properties);
      expect(type.navigation ?? {}, name).toEqual(real.navigation);
    }
    for (const [name, members] of Object.entries(V1_FACTS.enums))
      expect(members.members, name).toEqual(csdl.enums.get(name));
    for (const [key, parameters] of Object.entries(V1_FACTS.actions)) {
      const [bindingType, name] = key.split('/');
      expect(
        csdl.actions.find((a) => a.bindingType === bindingType && a.name === name)?.parameters,
        key,
      ).toEqual(parameters);
    }
    expect(problems).toEqual([]);
  });
});

describe('the committed facts alone (the sandbox without the reference folder)', () => {
  const model: GraphModel = V1_FACTS;
  const app = {
    '@odata.type': '#microsoft.graph.win32LobApp',
    displayName: 'x',
    rules: [{ '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule', ruleType: 'detection' }],
  };
  const refusal = (body: object): string => {
    try {
      checkEntityBody(model, body, 'microsoft.graph.win32LobApp', 'odata');
      return 'accepted';
    } catch (error) {
      return error instanceof ServiceError ? `${error.details.status} ${error.message}` : String(error);
    }
  };

  it('accepts a valid body', () => {
    expect(refusal(app)).toBe('accepted');
  });

  it.each([
    { applicableArchitectures: 'amd64' },
    { returnCodes: [{ returnKode: 0, type: 'great' }] },
    {
      rules: [
        {
          '@odata.type': '#microsoft.graph.win32LobAppProductCodeRule',
          ruleType: 'detection',
          productVersionOperator: 'sortOf',
        },
      ],
    },
    { msiInformation: { requiresReboot: 'no' } },
    { installExperience: { runAsAccount: 'system', bogus: true } },
  ])('refuses %j with 400', (change) => {
    expect(refusal({ ...app, ...change })).toMatch(/^400 /);
  });
});
