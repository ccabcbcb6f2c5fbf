// The sandbox's mail simulation: send a message and see where the current configuration takes it.
export { sendMail, type MailDelivery, type MailInput } from './send-mail.ts';
export { mxOf, isProofpointHost, type MxAnswer } from './mx.ts';
export { SIMULATED_IPS } from './addresses.ts';
export { TEST_THREAT } from './proofpoint-hop.ts';
export type * from './model.ts';
