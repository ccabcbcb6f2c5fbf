// GET /v2/device/{id}/scripting/options in the sandbox (`DeviceScriptingOptions` of
// openapi-v2.yaml): the built-in actions and library scripts a device can run, with the
// categories and credential roles the run request's `runAs` names. Uids and ids are derived from
// the seed: nothing refers to them by value, clients look entries up by name at run time.
import { seededUuid } from '../../../sandbox/ids.ts';

export interface ScriptEntry {
  type: 'ACTION' | 'SCRIPT';
  id?: number;
  uid?: string;
  name: string;
  language: string;
  description: string;
  architecture: string[];
  categoryId: number;
}

const CATEGORIES = [
  { id: 1, name: 'Maintenance', internal: true },
  { id: 7, name: 'IT tests', internal: false },
];

/** What a tenant's library holds: NinjaOne's built-in actions and one script an admin added. */
export function scriptCatalog(seed: number): ScriptEntry[] {
  const action = (name: string, description: string): ScriptEntry => ({
    type: 'ACTION',
    uid: seededUuid(seed, `ninjaone-action:${name}`),
    name,
    language: 'native',
    description,
    architecture: ['32', '64'],
    categoryId: 1,
  });
  return [
    action('Refresh device inventory', 'Collects hardware and software inventory now'),
    action('Flush DNS cache', 'Clears the DNS resolver cache'),
    {
      type: 'SCRIPT',
      id: 1012,
      name: 'Connectivity check',
      language: 'powershell',
      description: 'Writes the agent version and resolves the NinjaOne server',
      architecture: ['64'],
      categoryId: 7,
    },
  ];
}

/** Activities name their source by uuid; a library script gets one derived from its id. */
export function sourceUidOf(seed: number, entry: ScriptEntry): string {
  return entry.uid ?? seededUuid(seed, `ninjaone-script:${entry.id ?? 0}`);
}

export function scriptingOptions(seed: number) {
  return {
    categories: CATEGORIES,
    scripts: scriptCatalog(seed),
    credentials: { roles: ['SYSTEM', 'LOGGED_ON_USER'], credentials: [] },
  };
}
