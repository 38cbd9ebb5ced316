/** Index rows for one resource; the repository adds tenant, resource type and id when it writes them. */
export interface TokenRow {
  param: string;
  system: string | null;
  code: string | null;
  /** Display or CodeableConcept.text, normalized like string values, for `:text`. */
  text: string | null;
}
export interface StringRow {
  param: string;
  /** Lower-cased, accents removed. */
  value: string;
  exact: string;
}
export interface DateRow {
  param: string;
  start: number;
  end: number;
}
export interface ReferenceRow {
  param: string;
  targetType: string | null;
  targetId: string | null;
  url: string | null;
}
export interface QuantityRow {
  param: string;
  value: number;
  system: string | null;
  code: string | null;
}
export interface UriRow {
  param: string;
  value: string;
}

export interface IndexRows {
  token: TokenRow[];
  string: StringRow[];
  date: DateRow[];
  reference: ReferenceRow[];
  quantity: QuantityRow[];
  uri: UriRow[];
}

export type IndexTable = keyof IndexRows;

export const emptyIndexRows = (): IndexRows => ({ token: [], string: [], date: [], reference: [], quantity: [], uri: [] });
