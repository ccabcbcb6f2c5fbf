// The runbook as the engine sees it after loading and validation (src/runbook/load.ts).
import type { Problem, SourcePlace } from '../errors.ts';

export type InputType =
  | 'string'
  | 'string-list'
  | 'number'
  | 'boolean'
  | 'domain'
  | 'domain-list'
  | 'cidr-list'
  | 'hostname'
  | 'email'
  | 'duration';

export interface InputSpec {
  type: InputType;
  required: boolean;
  default?: unknown;
  description?: string;
}

export interface GateSpec {
  approverRole: string;
  evidence: string[];
  /** What the approver is shown besides the plan, e.g. the permissions requested. */
  show?: 'plan' | 'permissions';
  description?: string;
}

export interface RunbookStep {
  id: string;
  type: string;
  title: string;
  gate?: string;
  /** Raw `with:` block; templates are resolved by the engine, then parsed by the handler's schema. */
  with: Record<string, unknown>;
}

export interface Runbook {
  apiVersion: 'sop-integrate/v1';
  kind: 'Runbook';
  metadata: {
    integration: string;
    phase: number;
    title: string;
    sop: string;
    description?: string;
    /** This phase's Markdown report is the SOP's change request for that later phase. */
    changeRequestFor?: number;
    /** Permissions and roles the tool's identity needs for this runbook (doctor checks them). */
    requires?: { graph?: string[]; exchange?: string[]; roles?: string[] };
  };
  inputs: Record<string, InputSpec>;
  gates: Record<string, GateSpec>;
  steps: RunbookStep[];
}

export interface LoadedRunbook {
  file: string;
  /** sha256 of the file's bytes; a resumed run refuses when it differs. */
  hash: string;
  runbook: Runbook;
  /** Source position of a path inside the document, e.g. ['steps', 2, 'with', 'displayName']. */
  placeOf(path: readonly (string | number)[]): SourcePlace;
  /** Problems that do not stop the runbook (e.g. a gate no step uses), sorted by place. */
  warnings?: Problem[];
}
