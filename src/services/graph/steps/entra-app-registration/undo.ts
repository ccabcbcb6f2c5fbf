// Removes exactly what one apply added and restores what it changed. Objects already gone are
// fine (undo may run twice); objects this run did not create are never deleted.
import { InputError } from '../../../../errors.ts';
import type { StepContext, UndoRecord } from '../../../../steps/contract.ts';
import { AppRegistrationUndo } from './undo-record.ts';
import { ignoreMissing } from '../../../../steps/ignore-missing.ts';

export async function undoAppRegistration(ctx: StepContext, record: UndoRecord): Promise<void> {
  const parsed = AppRegistrationUndo.safeParse(record);
  if (!parsed.success) {
    throw new InputError(
      `The undo record of step ${ctx.stepId} is not one entra.app-registration wrote`,
      [],
      {
        hint: 'The journal may have been edited; undo this step by hand.',
      },
    );
  }
  const undo = parsed.data;
  const graph = await ctx.services.graph();

  if (undo.addedRoleAssignmentId) await ignoreMissing(graph.removeRoleAssignment(undo.addedRoleAssignmentId));

  if (undo.addedSecret) {
    await ignoreMissing(graph.removePassword(undo.appObjectId, undo.addedSecret.keyId));
    if (undo.addedSecret.storeHadValue) {
      ctx.log.warn(
        `secret ${undo.addedSecret.storeName} was replaced by the run; the previous value cannot be restored`,
      );
    } else {
      await ctx.secrets.delete(undo.addedSecret.storeName);
    }
  }

  for (const id of undo.addedAssignmentIds)
    await ignoreMissing(graph.revokeAppRoleAssignment(undo.resourceServicePrincipalId, id));
  if (undo.revokedAppRoleIds.length > 0) {
    const present = new Set(
      (await graph.listAppRoleAssignments(undo.servicePrincipalId)).map((a) => a.appRoleId),
    );
    for (const appRoleId of undo.revokedAppRoleIds.filter((id) => !present.has(id))) {
      await graph.grantAppRole({
        principalId: undo.servicePrincipalId,
        resourceId: undo.resourceServicePrincipalId,
        appRoleId,
      });
    }
  }

  if (undo.createdServicePrincipal) {
    await ignoreMissing(graph.deleteServicePrincipal(undo.servicePrincipalId));
    await ignoreMissing(graph.purgeDeletedServicePrincipal(undo.servicePrincipalId));
  }

  if (undo.createdApplication) {
    // Delete, then purge from deleted items, so a re-run can create the same uniqueName again.
    await ignoreMissing(graph.deleteApplication(undo.appObjectId));
    await ignoreMissing(graph.purgeDeletedApplication(undo.appObjectId));
  } else if (undo.previousApplication) {
    await ignoreMissing(graph.updateApplication(undo.appObjectId, undo.previousApplication));
  }
}
