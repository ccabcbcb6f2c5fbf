// The one registry of step types. test/steps/registry.test.ts fails when a folder under
// src/steps/ is missing here. Adding a step type: copy a sibling folder, add one line below.
import type { AnyStepHandler } from './contract.ts';
import { assertStep } from './assert/index.ts';
import { entraAppRegistrationStep } from './entra-app-registration/index.ts';
import { entraPermissionReviewStep } from './entra-permission-review/index.ts';
import { exchangeInboundConnectorStep } from './exchange-inbound-connector/index.ts';
import { exchangeMailFlowInventoryStep } from './exchange-mail-flow-inventory/index.ts';
import { exchangeOutboundConnectorStep } from './exchange-outbound-connector/index.ts';
import { exchangeTransportRuleStep } from './exchange-transport-rule/index.ts';
import { dnsMxInventoryStep } from './dns-mx-inventory/index.ts';
import { dnsMxRecordsStep } from './dns-mx-records/index.ts';
import { dnsMxTtlStep } from './dns-mx-ttl/index.ts';
import { dnsSpfStep } from './dns-spf/index.ts';
import { intuneAssignmentStep } from './intune-assignment/index.ts';
import { intuneInstallStatusStep } from './intune-install-status/index.ts';
import { intuneWin32AppStep } from './intune-win32-app/index.ts';
import { manualStep } from './manual/index.ts';
import { ninjaOneDevicesStep } from './ninjaone-devices/index.ts';
import { ninjaOneInstallerStep } from './ninjaone-installer/index.ts';
import { ninjaOneReconcileStep } from './ninjaone-reconcile/index.ts';
import { ninjaOneRemoteActionStep } from './ninjaone-remote-action/index.ts';
import { proofpointDomainsStep } from './proofpoint-domains/index.ts';
import { proofpointPortalSettingStep } from './proofpoint-portal-setting/index.ts';
import { proofpointTestMessageStep } from './proofpoint-test-message/index.ts';
import { noteStep } from './note/index.ts';
import { waitStep } from './wait/index.ts';

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
