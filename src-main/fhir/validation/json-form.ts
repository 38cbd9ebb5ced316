import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * The R4 JSON representation's own rules (json.html), which @medplum/core's validator lets through:
 * arrays and objects are never empty, strings are never "", and null appears only inside an array of a
 * primitive element to keep it aligned with its `_element` partner (a value without an extension, or an
 * extension without a value), and an `_element` (a primitive's id and extensions) is an object, or for a
 * repeating primitive an array of objects and nulls, shaped like its element; every resourceType, also of contained and entry
 * resources, is a string. Each finding names the element as a FHIRPath-like path
 * (`Patient.name[0].given`); an `_element` partner is named by its element.
 */
const NOT_AN_EXTENSION_OBJECT = (key: string): string => `"${key}" holds a primitive's id and extensions, so it must be an object (or, for a repeating element, an array of objects and nulls)`;

export function jsonFormIssues(resource: Record<string, unknown>): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const report = (path: string, text: string) => issues.push({ severity: 'error', code: 'structure', details: { text }, expression: [path] });

  const visitValue = (value: unknown, path: string, property: string) => {
    if (value === '') report(path, `"${property}" is an empty string; R4 JSON has no empty values: omit the element`);
    else if (Array.isArray(value)) report(path, `"${property}" holds an array inside an array, which R4 JSON does not allow`);
    else if (typeof value === 'object' && value !== null) visitObject(value as Record<string, unknown>, path, property);
  };

  const visitObject = (object: Record<string, unknown>, path: string, property: string) => {
    const keys = Object.keys(object);
    if (keys.length === 0) report(path, `"${property}" is an empty object; R4 JSON has no empty objects: omit the element`);
    for (const key of keys) {
      const value = object[key];
      const elementPath = `${path}.${key.startsWith('_') ? key.slice(1) : key}`;
      if (value === null) report(elementPath, `"${key}" is null; R4 JSON uses null only inside arrays of primitives: omit the element`);
      else if (key.startsWith('_') && !Array.isArray(value) && typeof value !== 'object') report(elementPath, NOT_AN_EXTENSION_OBJECT(key));
      else if (key.startsWith('_') && key.slice(1) in object && Array.isArray(value) !== Array.isArray(object[key.slice(1)])) {
        report(elementPath, `"${key}" must have the shape of "${key.slice(1)}": an array exactly when "${key.slice(1)}" is one`);
      } else if (key === 'resourceType' && typeof value !== 'string') report(elementPath, '"resourceType" must be a string naming a resource type');
      else if (Array.isArray(value)) visitArray(value, object[key.startsWith('_') ? key.slice(1) : `_${key}`], elementPath, key);
      else visitValue(value, elementPath, key);
    }
  };

  const visitArray = (items: unknown[], partner: unknown, path: string, key: string) => {
    if (items.length === 0) report(path, `"${key}" is an empty array; R4 JSON has no empty arrays: omit the element`);
    items.forEach((item, i) => {
      const itemPath = `${path}[${i}]`;
      const partnerItem = Array.isArray(partner) ? partner[i] : undefined;
      if (key.startsWith('_') && item !== null && (typeof item !== 'object' || Array.isArray(item))) report(itemPath, NOT_AN_EXTENSION_OBJECT(key));
      else if (item !== null) visitValue(item, itemPath, key);
      else if (partnerItem === null || partnerItem === undefined) {
        report(itemPath, `"${key}" has null at index ${i} with nothing at the same index of its ${key.startsWith('_') ? `"${key.slice(1)}"` : `"_${key}"`} partner; null only pads a primitive array against its extensions`);
      }
    });
  };

  visitObject(resource, String(resource.resourceType), String(resource.resourceType));
  return issues;
}
