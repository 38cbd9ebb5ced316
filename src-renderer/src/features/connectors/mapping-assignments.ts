/** One row of the connector form's Mapping profiles section: a message type and the profile that converts it. */
export interface MappingAssignment {
  messageType: string;
  profileId: string | null;
}

/** The stored `settings.mappingProfiles` as rows, in message-type order. */
export const assignmentsOf = (stored: Readonly<Record<string, string>> | undefined): MappingAssignment[] =>
  Object.entries(stored ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([messageType, profileId]) => ({ messageType, profileId }));

/** The rows as `settings.mappingProfiles`; a row left wholly blank is dropped. */
export function recordOf(rows: readonly MappingAssignment[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) {
    const type = row.messageType.trim().toUpperCase();
    if (type !== '' && row.profileId) record[type] = row.profileId;
  }
  return record;
}

/** What keeps the rows from saving as the user meant them: a half-filled row, a type named twice. */
export function assignmentErrors(rows: readonly MappingAssignment[]): string | null {
  const seen = new Set<string>();
  for (const row of rows) {
    const type = row.messageType.trim().toUpperCase();
    if (type === '' && !row.profileId) continue;
    if (type === '') return 'Each mapping profile needs the message type it converts, such as ORU^R01';
    if (!row.profileId) return `Pick a mapping profile for ${type}`;
    if (seen.has(type)) return `${type} is assigned twice`;
    seen.add(type);
  }
  return null;
}
