import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { FhirJson } from './fhir-summary';

export interface HistoryVersion {
  versionId: string;
  lastUpdated: string | undefined;
  /** POST, PUT or DELETE: how this version came to be. */
  method: string;
  /** Absent for a deletion. */
  resource: FhirJson | undefined;
}

const ETAG_VERSION = /^W\/"(.+)"$/;

/** A history Bundle's versions, newest first as the engine sends them. */
export function historyVersions(bundle: Bundle | undefined): HistoryVersion[] {
  return (bundle?.entry ?? []).map((entry: BundleEntry, index) => {
    const resource = entry.resource as FhirJson | undefined;
    const etag = entry.response?.etag;
    return {
      versionId: resource?.meta?.versionId ?? (etag ? ETAG_VERSION.exec(etag)?.[1] : undefined) ?? `#${index + 1}`,
      lastUpdated: resource?.meta?.lastUpdated ?? entry.response?.lastModified,
      method: entry.request?.method ?? '—',
      resource,
    };
  });
}
