// Reconciliation: 100,000 Intune devices against 100,000 NinjaOne devices, served by the sandbox
// in pages: time beyond the transfer itself (paging through both lists and dropping them), and
// the reconciling process's peak RSS (target ≤ 300 MB; the sandbox runs in the same child).
import { inChild } from './child-rss.ts';

export async function benchReconcile(devices = 100_000) {
  const transfer = await inChild<{ wallMs: number; devices: number }>('./reconcile-child.ts', [
    'transfer',
    String(devices),
  ]);
  const reconciled = await inChild<{ wallMs: number; devices: number }>('./reconcile-child.ts', [
    'reconcile',
    String(devices),
  ]);
  return {
    devices,
    transferMs: transfer.wallMs,
    reconcileMs: reconciled.wallMs,
    beyondTransferMs: reconciled.wallMs - transfer.wallMs,
    maxRssMb: reconciled.maxRssMb,
    transferRssMb: transfer.maxRssMb,
    devicesRead: reconciled.devices,
  };
}
