// Input values for the SOP runbooks that fit the sandbox's seeded tenant, so
// `sop-integrate <integration> --phase n --sandbox` runs without a config file.
// Config-file inputs and --set still win over these.
export const sandboxDemoInputs: Readonly<Record<string, unknown>> = {
  domains: ['contoso.example'],
  cutoverTime: '2026-12-05T22:00:00Z',
  testRecipient: 'adele.vance@contoso.example',
  externalAddress: 'tester@external.example',
  organization: 'Contoso Ltd',
};
