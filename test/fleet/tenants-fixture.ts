// Writes tenants.yaml files for the fleet tests: distinct, non-default names and tenant ids.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

export interface FixtureTenant {
  name: string;
  tenantId: string;
  config?: unknown;
  sandbox?: unknown;
}

export function fleetTenants(count: number, prefix = 'client'): FixtureTenant[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i + 1).padStart(3, '0')}`,
    tenantId: `5e1f0000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  }));
}

export function writeTenantsFile(dir: string, tenants: FixtureTenant[], name = 'tenants.yaml'): string {
  const file = path.join(dir, name);
  writeFileSync(file, stringify({ tenants }));
  return file;
}
