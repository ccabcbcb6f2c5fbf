// The integrations the SOP covers. Kept static so `--help` never reads the runbooks folder;
// test/cli/integrations.test.ts checks it against runbooks/.
export const integrations = [
  { name: 'proofpoint', title: 'Proofpoint Email Protection (SOP 6.0)', phases: [1, 2, 3] },
  {
    name: 'ninjaone',
    title: 'NinjaOne agent via Intune (SOP "Detailed Integration Procedure: NinjaOne")',
    phases: [1, 2],
  },
] as const;

export type IntegrationName = (typeof integrations)[number]['name'];
