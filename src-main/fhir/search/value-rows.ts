import type { TypedValue } from '@medplum/core';
import type { Address, CodeableConcept, Coding, ContactPoint, HumanName, Identifier, Money, Period, Quantity, Reference, Timing } from '@medplum/fhirtypes';
import { dateRange, MAX_INSTANT, MIN_INSTANT } from './date-range';
import type { SearchParamType } from './definitions';
import type { IndexRows } from './index-rows';
import { normalizeText } from './normalize-text';
import { referenceParts } from './reference-parts';

const QUANTITY_TYPES = new Set(['Quantity', 'Age', 'Duration', 'Distance', 'Count', 'SimpleQuantity', 'MoneyQuantity']);
const CURRENCY_SYSTEM = 'urn:iso:std:iso:4217';

const words = (...values: (string | string[] | undefined)[]): string[] =>
  values.flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])).filter((v) => typeof v === 'string' && v.trim() !== '');

const textOf = (value: string | undefined): string | null => (value ? normalizeText(value) : null);

function addToken(param: string, { type, value }: TypedValue, rows: IndexRows): void {
  const add = (system: string | undefined, code: string | undefined, text: string | undefined): void => {
    if (system === undefined && code === undefined && text === undefined) return;
    rows.token.push({ param, system: system ?? null, code: code ?? null, text: textOf(text) });
  };
  switch (type) {
    case 'Coding': {
      const coding = value as Coding;
      return add(coding.system, coding.code, coding.display);
    }
    case 'CodeableConcept': {
      const concept = value as CodeableConcept;
      for (const coding of concept.coding ?? []) add(coding.system, coding.code, coding.display);
      if (concept.text) add(undefined, undefined, concept.text);
      return;
    }
    case 'Identifier': {
      const identifier = value as Identifier;
      return add(identifier.system, identifier.value, identifier.type?.text);
    }
    case 'ContactPoint': {
      const contact = value as ContactPoint;
      return add(contact.system, contact.value, undefined);
    }
    default:
      if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') add(undefined, String(value), undefined);
  }
}

function addString(param: string, { type, value }: TypedValue, rows: IndexRows): void {
  let parts: string[] = [];
  if (type === 'HumanName') {
    const name = value as HumanName;
    parts = words(name.family, name.given, name.prefix, name.suffix, name.text);
  } else if (type === 'Address') {
    const address = value as Address;
    parts = words(address.line, address.city, address.district, address.state, address.postalCode, address.country, address.text);
  } else if (typeof value === 'string') {
    parts = words(value);
  }
  for (const exact of parts) rows.string.push({ param, value: normalizeText(exact), exact });
}

function addDate(param: string, { type, value }: TypedValue, rows: IndexRows): void {
  const add = (start: number, end: number): void => void rows.date.push({ param, start, end });
  if (typeof value === 'string') {
    const range = dateRange(value);
    if (range) add(range.start, range.end);
  } else if (type === 'Period') {
    const period = value as Period;
    const start = period.start === undefined ? MIN_INSTANT : dateRange(period.start)?.start;
    const end = period.end === undefined ? MAX_INSTANT : dateRange(period.end)?.end;
    if (start !== undefined && end !== undefined && (period.start !== undefined || period.end !== undefined)) add(start, end);
  } else if (type === 'Timing') {
    for (const event of (value as Timing).event ?? []) addDate(param, { type: 'dateTime', value: event }, rows);
  }
}

function addReference(param: string, { type, value }: TypedValue, rows: IndexRows): void {
  const reference = type === 'Reference' ? (value as Reference).reference : typeof value === 'string' ? value : undefined;
  const parts = reference === undefined ? undefined : referenceParts(reference);
  if (parts) rows.reference.push({ param, ...parts });
}

function addQuantity(param: string, { type, value }: TypedValue, rows: IndexRows): void {
  if (typeof value === 'number') {
    rows.quantity.push({ param, value, system: null, code: null });
  } else if (type === 'Money') {
    const money = value as Money;
    if (typeof money.value === 'number') rows.quantity.push({ param, value: money.value, system: CURRENCY_SYSTEM, code: money.currency ?? null });
  } else if (QUANTITY_TYPES.has(type)) {
    const quantity = value as Quantity;
    if (typeof quantity.value !== 'number') return;
    rows.quantity.push({ param, value: quantity.value, system: quantity.system ?? null, code: quantity.code ?? quantity.unit ?? null });
    // `5.4||mg` matches the unit as written too, when it differs from the coded unit.
    if (quantity.unit !== undefined && quantity.code !== undefined && quantity.unit !== quantity.code) {
      rows.quantity.push({ param, value: quantity.value, system: null, code: quantity.unit });
    }
  }
}

function addUri(param: string, { value }: TypedValue, rows: IndexRows): void {
  if (typeof value !== 'string' || value === '') return;
  rows.uri.push({ param, value });
  // A versioned canonical (`url|1.0`) is also found by its bare URL, as FHIR canonical searches ask.
  const bar = value.indexOf('|');
  if (bar > 0) rows.uri.push({ param, value: value.slice(0, bar) });
}

/** Adds the index rows one value of one search parameter yields. */
export function addValueRows(param: string, type: SearchParamType, value: TypedValue, rows: IndexRows): void {
  switch (type) {
    case 'token':
      return addToken(param, value, rows);
    case 'string':
      return addString(param, value, rows);
    case 'date':
      return addDate(param, value, rows);
    case 'reference':
      return addReference(param, value, rows);
    case 'quantity':
    case 'number':
      return addQuantity(param, value, rows);
    case 'uri':
      return addUri(param, value, rows);
    case 'composite':
    case 'special':
      return;
    default:
      return type satisfies never;
  }
}
