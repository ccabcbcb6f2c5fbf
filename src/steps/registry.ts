// The one registry of step types. test/steps/registry.test.ts fails when a folder under
// src/steps/ is missing here. Adding a step type: copy a sibling folder, add one line below.
import type { AnyStepHandler } from './contract.ts';
import { assertStep } from '../services/builtin/steps/assert/index.ts';
import { entraAppRegistrationStep } from '../services/graph/steps/entra-app-registration/index.ts';
import { entraPermissionReviewStep } from '../services/graph/steps/entra-permission-review/index.ts';
import { exchangeInboundConnectorStep } from '../services/exchange/steps/exchange-inbound-connector/index.ts';
import { exchangeMailFlowInventoryStep } from '../services/exchange/steps/exchange-mail-flow-inventory/index.ts';
import { exchangeOutboundConnectorStep } from '../services/exchange/steps/exchange-outbound-connector/index.ts';
import { exchangeTransportRuleStep } from '../services/exchange/steps/exchange-transport-rule/index.ts';
import { dnsMxInventoryStep } from '../services/dns/steps/dns-mx-inventory/index.ts';
import { dnsMxRecordsStep } from '../services/dns/steps/dns-mx-records/index.ts';
import { dnsMxTtlStep } from '../services/dns/steps/dns-mx-ttl/index.ts';
import { dnsSpfStep } from '../services/dns/steps/dns-spf/index.ts';
import { intuneAssignmentStep } from '../services/graph/steps/intune-assignment/index.ts';
import { intuneInstallStatusStep } from '../services/graph/steps/intune-install-status/index.ts';
import { intuneWin32AppStep } from '../services/graph/steps/intune-win32-app/index.ts';
import { manualStep } from '../services/builtin/steps/manual/index.ts';
import { ninjaOneDevicesStep } from '../services/ninjaone/steps/ninjaone-devices/index.ts';
import { ninjaOneInstallerStep } from '../services/ninjaone/steps/ninjaone-installer/index.ts';
import { ninjaOneReconcileStep } from '../services/ninjaone/steps/ninjaone-reconcile/index.ts';
import { ninjaOneRemoteActionStep } from '../services/ninjaone/steps/ninjaone-remote-action/index.ts';
import { proofpointDomainsStep } from '../services/proofpoint/steps/proofpoint-domains/index.ts';
import { proofpointPortalSettingStep } from '../services/proofpoint/steps/proofpoint-portal-setting/index.ts';
import { proofpointTestMessageStep } from '../services/proofpoint/steps/proofpoint-test-message/index.ts';
import { noteStep } from '../services/builtin/steps/note/index.ts';
import { waitStep } from '../services/builtin/steps/wait/index.ts';

export const stepHandlers: readonly AnyStepHandler[] = [
  assertStep,
  dnsMxInventoryStep,
  dnsMxRecordsStep,
  dnsMxTtlStep,
  dnsSpfStep,
  entraAppRegistrationStep,
  entraPermissionReviewStep,
  exchangeInboundConnectorStep,
  exchangeMailFlowInventoryStep,
  exchangeOutboundConnectorStep,
  exchangeTransportRuleStep,
  intuneAssignmentStep,
  intuneInstallStatusStep,
  intuneWin32AppStep,
  manualStep,
  ninjaOneDevicesStep,
  ninjaOneInstallerStep,
  ninjaOneReconcileStep,
  ninjaOneRemoteActionStep,
  noteStep,
  proofpointDomainsStep,
  proofpointPortalSettingStep,
  proofpointTestMessageStep,
  waitStep,
];

const byType = new Map(stepHandlers.map((handler) => [handler.type, handler]));

export function getStepHandler(type: string): AnyStepHandler | undefined {
  return byType.get(type);
}

export const stepTypes: readonly string[] = stepHandlers.map((handler) => handler.type);
