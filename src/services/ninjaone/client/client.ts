// The NinjaOne adapter's public face: organizations, locations, installers, devices (streamed by
// cursor pages), device detail, and running an action or script with its result.
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { ServiceError } from '../../../errors.ts';
import type { Redactor } from '../../../redact.ts';
import type { HttpPolicy } from '../../../core/http/index.ts';
import { placeDownloaded, streamToTempFile, type DownloadedFile, type StreamedPart } from './download.ts';
import { NinjaHttp, notFound } from './http.ts';
import { ninjaOneBaseUrl } from './regions.ts';
import {
  Device,
  DeviceScriptingOptions,
  Link,
  Location,
  NodeActivitiesResponse,
  Organization,
  type Activity,
  type ScriptOption,
} from './schema.ts';

export type InstallerType = 'WINDOWS_MSI' | 'MAC_DMG' | 'MAC_PKG' | 'LINUX_DEB' | 'LINUX_RPM';

export interface DevicePageOptions {
  /** Device filter, e.g. `org = 3 AND class eq WINDOWS_WORKSTATION`. */
  df?: string;
  pageSize?: number;
}

/** `RunScriptRequest`: a built-in action by uid, or a script by id. */
export type RunRequest =
  | { type: 'ACTION'; uid: string; parameters?: string; runAs?: string }
  | { type: 'SCRIPT'; id: number; parameters?: string; runAs?: string };

export type { DownloadedFile } from './download.ts';

export interface NinjaOneClientOptions {
  /** Region key (app, eu, oc, ca, us2, fed) or a custom base URL. */
  region: string;
  clientId: string;
  clientSecret: string;
  policy: HttpPolicy;
  redactor: Redactor;
}

const FINISHED = new Set(['COMPLETED', 'CANCELLED', 'EVALUATION_FAILURE', 'BLOCKED']);
const DEFAULT_PAGE_SIZE = 1000;

function matchesNameOrId(item: { id: number; name: string }, wanted: string | number): boolean {
  if (typeof wanted === 'number') return item.id === wanted;
  return /^\d+$/.test(wanted) ? item.id === Number(wanted) : item.name === wanted;
}

export function createNinjaOneClient(options: NinjaOneClientOptions) {
  const http = new NinjaHttp({
    baseUrl: ninjaOneBaseUrl(options.region),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    policy: options.policy,
    redactor: options.redactor,
  });

  async function listOrganizations(): Promise<Organization[]> {
    const all: Organization[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await http.json(
        {
          operation: 'organizations.list',
          method: 'GET',
          path: '/v2/organizations',
          query: { pageSize: DEFAULT_PAGE_SIZE, after },
        },
        z.array(Organization),
      );
      all.push(...page);
      const last = page.at(-1);
      if (page.length < DEFAULT_PAGE_SIZE || !last) return all;
      after = last.id;
    }
  }

  async function* devicePages(
    kind: 'devices' | 'devices-detailed',
    pageOptions: DevicePageOptions = {},
  ): AsyncGenerator<Device[]> {
    const pageSize = pageOptions.pageSize ?? DEFAULT_PAGE_SIZE;
    let after: number | undefined;
    for (;;) {
      const page = await http.json(
        {
          operation: `${kind}.list`,
          method: 'GET',
          path: `/v2/${kind}`,
          query: { df: pageOptions.df, pageSize, after },
        },
        z.array(Device),
      );
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (page.length < pageSize || !last) return;
      if (after !== undefined && last.id <= after)
        throw new ServiceError('ninjaone', 'bad-request', `${kind} paging did not advance past ${after}`, {
          operation: `${kind}.list`,
        });
      after = last.id;
    }
  }

  async function deviceActivities(deviceId: number, query: { newerThan?: number; activityType?: string }) {
    return http.json(
      {
        operation: 'device.activities',
        method: 'GET',
        path: `/v2/device/${deviceId}/activities`,
        query: { ...query, pageSize: 200 },
      },
      NodeActivitiesResponse,
    );
  }

  return {
    baseUrl: http.baseUrl,
    listOrganizations,

    async findOrganization(nameOrId: string | number): Promise<Organization | undefined> {
      const matches = (await listOrganizations()).filter((o) => matchesNameOrId(o, nameOrId));
      if (matches.length > 1)
        throw new ServiceError(
          'ninjaone',
          'conflict',
          `${matches.length} organizations are named ${nameOrId}`,
          { operation: 'organizations.find' },
          { hint: 'Refer to the organization by its numeric id.' },
        );
      return matches[0];
    },

    listLocations: (organizationId: number) =>
      http.json(
        {
          operation: 'locations.list',
          method: 'GET',
          path: `/v2/organization/${organizationId}/locations`,
        },
        z.array(Location),
      ),

    async findLocation(organizationId: number, nameOrId: string | number): Promise<Location | undefined> {
      const locations = await this.listLocations(organizationId);
      return locations.find((l) => matchesNameOrId(l, nameOrId));
    },

    async installerLink(
      organizationId: number,
      locationId: number,
      type: InstallerType = 'WINDOWS_MSI',
    ): Promise<string> {
      const link = await http.json(
        {
          operation: 'installer.get',
          method: 'GET',
          path: `/v2/organization/${organizationId}/location/${locationId}/installer/${type}`,
        },
        Link,
      );
      // The link embeds the location's enrolment token: treat it as a secret.
      options.redactor.register(new URL(link.url).pathname);
      options.redactor.register(link.url);
      return link.url;
    },

    /**
     * Downloads to `dir/<first 16 hex of sha256>/fileName` (atomically): content-addressed, so a
     * newer build never overwrites a file another run is still packaging.
     */
    async downloadInstaller(url: string, dir: string, fileName: string): Promise<DownloadedFile> {
      // Streamed to disk and hashed on the way (src/services/ninjaone/client/download.ts): the MSI is
      // never held in memory whole. A retried attempt writes a fresh part.
      let part: StreamedPart | undefined;
      await http.download(url, 'installer.download', async (body, signal) => {
        part = await streamToTempFile(body, dir, fileName, signal);
      });
      if (!part || part.size === 0) {
        if (part) await rm(part.temp, { force: true });
        throw notFound(
          'installer.download',
          'The installer download was empty',
          'Request a new installer link.',
        );
      }
      return placeDownloaded(part, dir, fileName);
    },

    /** Pages of devices by cursor (`after` = last id), so a caller holds one page at a time. */
    devicePages,

    getDevice: async (deviceId: number): Promise<Device | undefined> => {
      try {
        return await http.json(
          { operation: 'device.get', method: 'GET', path: `/v2/device/${deviceId}` },
          Device,
        );
      } catch (error) {
        if (error instanceof ServiceError && error.kind === 'not-found') return undefined;
        throw error;
      }
    },

    deviceActivities,

    /** What the device can run: built-in actions (uid) and library scripts (id), by name. */
    scriptingOptions: async (deviceId: number): Promise<ScriptOption[]> =>
      (
        await http.json(
          {
            operation: 'device.scriptingOptions',
            method: 'GET',
            path: `/v2/device/${deviceId}/scripting/options`,
          },
          DeviceScriptingOptions,
        )
      ).scripts,

    /**
     * Runs an action or script and waits for its activity to finish. `script/run` returns no
     * body (openapi-v2.yaml: "default response", content `*\/*`), so the device's newest activity
     * id is captured first and later activities are polled (vendor-api-notes §4.3).
     *
     * Which activity is the run's: the OpenAPI says only that `Activity.sourceConfigUid` is a
     * "Source configuration/policy element reference" (uuid) and `sourceName` its name; it does not
     * say that a run's activity carries the action's uid or the script's name there, nor how a
     * library script (an int32 id, not a uuid) is referenced. So an activity newer than the
     * baseline, of the run's type (ACTION for an action, SCRIPTING for a script; both in the
     * `activityType` enum), matches when its sourceConfigUid is the action's uid or its sourceName
     * is the name the scripting options gave. The id filter is applied here rather than with
     * `newerThan`: the spec's descriptions of `olderThan` and `newerThan` are swapped, so which
     * direction the server reads them in is unclear.
     */
    async runAndWait(
      deviceId: number,
      request: RunRequest,
      run: { name: string },
      wait: { timeoutMs: number; intervalMs: number; sleep: (ms: number) => Promise<void>; now: () => Date },
    ): Promise<Activity> {
      const before = await deviceActivities(deviceId, {});
      const baseline = before.lastNodeActivityId ?? Math.max(0, ...before.activities.map((a) => a.id));
      const activityType = request.type === 'ACTION' ? 'ACTION' : 'SCRIPTING';
      const isRun = (a: Activity) =>
        a.id > baseline &&
        (a.activityType ?? activityType) === activityType &&
        ((request.type === 'ACTION' &&
          (a.sourceConfigUid ?? '').toLowerCase() === request.uid.toLowerCase()) ||
          a.sourceName === run.name);
      await http.send({
        operation: 'device.runScript',
        method: 'POST',
        path: `/v2/device/${deviceId}/script/run`,
        body: request,
        idempotent: false,
      });
      const deadline = wait.now().getTime() + wait.timeoutMs;
      for (;;) {
        const page = await deviceActivities(deviceId, { activityType });
        const mine = page.activities.filter(isRun).sort((a, b) => b.id - a.id);
        const done = mine.find((a) => FINISHED.has(a.statusCode ?? '') || a.activityResult);
        if (done) return done;
        if (wait.now().getTime() >= deadline)
          throw new ServiceError(
            'ninjaone',
            'timeout',
            `${run.name} on device ${deviceId} did not finish within ${Math.round(wait.timeoutMs / 1000)} s`,
            { operation: 'device.runScript' },
            { hint: 'Check that the device is online in NinjaOne, then run the step again.' },
          );
        await wait.sleep(wait.intervalMs);
      }
    },
  };
}

export type NinjaOneClient = ReturnType<typeof createNinjaOneClient>;
export type { Activity, Device, Location, Organization, ScriptOption };
