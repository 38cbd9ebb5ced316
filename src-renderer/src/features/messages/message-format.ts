export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The readable part of an HD value (MSH-3 to MSH-6): its namespace id, or the universal id when that is
 * all there is. Stored header fields keep the sender's components, nearly always split by ^.
 */
export function hdName(value: string | null): string | null {
  if (!value) return null;
  const [namespace = '', universal = ''] = value.split('^');
  return namespace || universal || value;
}

/** The patient as the log shows them: name and MRN ("DUCK DONALD · MRN 10006579"), whichever is known. */
export function patientLabel(name: string | null, mrn: string | null): string | null {
  return [name, mrn && `MRN ${mrn}`].filter(Boolean).join(' · ') || null;
}

/** `application · facility`, leaving out what the sender left empty. */
export function endpointLabel(application: string | null, facility: string | null): string {
  return [hdName(application), hdName(facility)].filter(Boolean).join(' · ') || '—';
}

/** Why a message carries the "control ID reused" flag, for tooltips. */
export const CONTROL_ID_REUSED =
  'The sender already used this control ID (MSH-10) for a message with different content. This one was stored and processed as its own message, not discarded as a duplicate.';

/** Data a conversion left unmapped, as the attempts list shows it: "PID-13[2] ×1". */
export const unmappedLabel = (item: { path: string; count: number }): string => `${item.path} ×${item.count}`;

/** What an attempt's mapping did, in one line: the profile and version, or why nothing was mapped. */
export function mappingLabel(attempt: { mapping: 'mapped' | 'no_profile' | null; profile: { name: string; version: number } | null }): string | null {
  if (attempt.mapping === 'no_profile') return 'No mapping profile converts this message type: parsed and indexed, no FHIR resources';
  return attempt.profile ? `Profile ${attempt.profile.name} v${attempt.profile.version}` : null;
}
