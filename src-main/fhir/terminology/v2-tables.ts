/** One target of a v2 code: index into targetSystems, FHIR code, display, and the guide's condition if any. */
export type V2Target = readonly [system: number, code: string, display: string, condition?: string];

/** One V2-to-FHIR concept map as generated into concept-maps-data.ts. */
export interface V2ConceptMapData {
  /** The guide's map name, e.g. `AdministrativeSex` or `PatientClass[EncounterClass]`. */
  readonly name: string;
  /** The v2 table, e.g. `HL70001`. */
  readonly table: string;
  /** The table's code system, e.g. `http://terminology.hl7.org/CodeSystem/v2-0001`. */
  readonly system: string;
  readonly targetSystems: readonly string[];
  /** v2 code, v2 text, and its FHIR targets (none when the guide leaves the code unmapped). */
  readonly elements: readonly (readonly [code: string, text: string, targets: readonly V2Target[]])[];
}

/** `HL70001` → `http://terminology.hl7.org/CodeSystem/v2-0001`. */
export const v2TableSystem = (table: string): string => `http://terminology.hl7.org/CodeSystem/v2-${table.slice(3)}`;
