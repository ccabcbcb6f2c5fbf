// Input values for the SOP runbooks that fit the sandbox's seeded tenant, so
// `sop-integrate <integration> --phase n --sandbox` runs without a config file.
// Config-file inputs and --set still win over these.
export const sandboxDemoInputs: Readonly<Record<string, unknown>> = {
  domains: ['contoso.example'],
  cutoverTime: '2026-12-05T22:00:00Z',
  testRecipient: 'adele.vance@contoso.example',
  externalAddress: 'tester@external.example',
  organization: 'Contoso Ltd',
  location: 'Head Office',
  deviceGroups: ['NinjaOne Rollout Devices'],
  testDevice: 'CONTOSO-LT-0101',
  testAction: 'Refresh device inventory', // a name in the sandbox's scripting options
  // Proofpoint Essentials US stack (vendor-api-notes §2); the sandbox's Proofpoint relays from these.
  proofpointSenderIps: ['67.231.149.0/24', '148.163.128.0/22'],
  proofpointMxHosts: ['mx1-us1.ppe-hosted.com', 'mx2-us1.ppe-hosted.com'],
  outboundSmartHost: 'outbound-us1.ppe-hosted.com',
  // The seeded MX and SPF TTLs are seconds (--sandbox-mx-ttl), so the cutover MX TTL is too: the
  // waits for cached answers, and rollback's wait for the Proofpoint MX, take seconds, not 5 min.
  loweredMxTtl: 2,
  // Phase 3: the sandbox's message trace is immediate, so a missing test message fails fast.
  traceWaitSeconds: 5,
};
