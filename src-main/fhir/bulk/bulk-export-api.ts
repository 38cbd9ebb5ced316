import { isResourceType } from '@medplum/core';
import type { FhirExportJob, FhirExportStatus, ParsedInputOf, fhirExportOps } from '../../../src-shared';
import type { Clock } from '../../core/clock';
import { validationFailed } from '../../core/errors';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { CONSOLE_BASE } from '../rest/console-operations';
import type { BulkExportService } from './bulk-export-service';
import { exportJobView, kickOffUrl } from './bulk-export-view';

type StartInput = ParsedInputOf<typeof fhirExportOps.start>;

function checkTypes(types: readonly string[]): void {
  ensureFhirDefinitions();
  const issues = types.flatMap((type, i) => (isResourceType(type) ? [] : [{ path: `types.${i}`, message: `${type} is not an R4 resource type` }]));
  if (issues.length > 0) throw validationFailed(issues);
}

/** The console's `fhirExports.*` operations over the same export jobs as the FHIR $export routes. */
export function createBulkExportApi(service: BulkExportService, clock: Clock) {
  const view = (job: Parameters<typeof exportJobView>[0]): FhirExportJob => exportJobView(job, clock.now(), CONSOLE_BASE);
  return {
    list(tenantId: string, filter: { status?: FhirExportStatus | undefined }, page: { page: number; pageSize: number }) {
      const { jobs, total } = service.list(tenantId, filter, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
      return { data: jobs.map(view), page: page.page, pageSize: page.pageSize, total };
    },
    get: (tenantId: string, id: string): FhirExportJob => view(service.status(tenantId, id)),
    start(tenantId: string, input: StartInput): FhirExportJob {
      const types = input.types && input.types.length > 0 ? [...new Set(input.types)] : undefined;
      if (types) checkTypes(types);
      const request = { level: input.level, groupId: input.groupId, types, since: input.since };
      return view(service.start(tenantId, { ...request, since: input.since === undefined ? undefined : Date.parse(input.since), requestUrl: kickOffUrl(CONSOLE_BASE, request) }));
    },
    cancel(tenantId: string, id: string): null {
      service.cancel(tenantId, id);
      return null;
    },
  };
}
export type BulkExportApi = ReturnType<typeof createBulkExportApi>;
