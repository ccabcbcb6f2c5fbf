// The IPs each party sends from in the simulation. Proofpoint's are inside 148.163.128.0/22 (its
// Essentials US ranges, which the demo's proofpointSenderIps cover); the others are documentation
// ranges (RFC 5737) or Exchange Online Protection's outbound range.
export const SIMULATED_IPS = {
  /** Proofpoint relaying inbound mail to Exchange Online. */
  proofpointInboundRelay: '148.163.129.25',
  /** Proofpoint's outbound smart host, delivering to the internet. */
  proofpointOutbound: '148.163.130.40',
  /** An external sender's own mail server. */
  externalSender: '203.0.113.25',
  /** An external recipient's MX. */
  externalMx: '198.51.100.25',
  /** Exchange Online sending on its own (no smart host). */
  exchangeOutbound: '40.107.22.50',
} as const;
