import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusFiles, fuzzParams } from '../../test/support/fuzz';
import { cloneFhirJson, decimalOf, DecimalText, parseFhirJson, rememberDecimal, stringifyFhirJson } from './fhir-json-text';

const roundTrip = (text: string): string => stringifyFhirJson(parseFhirJson(text));

describe('FHIR JSON text keeps decimals as written', () => {
  it('writes back trailing zeros, exponents and long decimals exactly, while the resource holds plain numbers', () => {
    const text = '{"resourceType":"Observation","valueQuantity":{"value":1.30,"unit":"mmol/L"},"referenceRange":[{"low":{"value":0.10},"high":{"value":2.0}}],"component":[{"valueDecimal":1e3},{"valueDecimal":-0.000},{"valueDecimal":12345678901234567890},{"valueDecimal":0.12345678901234567890},{"valueInteger":7}],"note":[{"text":"ratio 2.0, see [1.0]"}]}';
    const parsed = parseFhirJson(text) as { valueQuantity: { value: unknown }; referenceRange: { high: { value: unknown } }[] };
    expect(parsed.valueQuantity.value).toBe(1.3);
    expect(parsed.referenceRange[0]?.high.value).toBe(2);
    expect(roundTrip(text)).toBe(text);
  });

  it('indents as JSON.stringify does', () => {
    const text = '{"a":[1.50,{"b":2.0,"c":[]},{}],"d":{"e":"x"},"f":[1,2]}';
    expect(stringifyFhirJson(parseFhirJson(text), 2)).toBe(JSON.stringify(JSON.parse(text), null, 2).replace('1.5,', '1.50,').replace('"b": 2,', '"b": 2.0,'));
  });

  it('writes JSON.stringify’s text wherever nothing was remembered', () => {
    const text = '{"a":1.5,"b":[1,2,{"c":null,"d":true}],"e":"2.0"}';
    expect(roundTrip(text)).toBe(text);
    const plain = { a: 1, b: undefined, c: [undefined, () => 1], d: new Date(0), e: { toJSON: () => 'x' } };
    expect(stringifyFhirJson(plain)).toBe(JSON.stringify(plain));
  });

  it('keeps the texts in objects copied by spreading a parent, and in a deep clone; a number changed since is written as the new number', () => {
    const resource = parseFhirJson('{"resourceType":"Observation","valueQuantity":{"value":5.10},"component":[{"valueQuantity":{"value":3.0}}]}') as {
      valueQuantity: { value: number };
      component: { valueQuantity: { value: number } }[];
    };
    const stored = { ...resource, meta: { versionId: '1' } };
    expect(stringifyFhirJson(stored)).toBe('{"resourceType":"Observation","valueQuantity":{"value":5.10},"component":[{"valueQuantity":{"value":3.0}}],"meta":{"versionId":"1"}}');
    const copy = cloneFhirJson(resource);
    expect(copy).not.toBe(resource);
    expect(stringifyFhirJson(copy)).toBe('{"resourceType":"Observation","valueQuantity":{"value":5.10},"component":[{"valueQuantity":{"value":3.0}}]}');
    resource.valueQuantity.value = 6;
    expect(stringifyFhirJson(resource)).toContain('"valueQuantity":{"value":6}');
  });

  it('remembers a text a transform gives, and only when JSON would write it otherwise', () => {
    expect(decimalOf('1.30')).toEqual(new DecimalText(1.3, '1.30'));
    expect(decimalOf('1.3')).toBe(1.3);
    const quantity = { value: 4 };
    rememberDecimal(quantity, 'value', '4.00');
    expect(stringifyFhirJson({ valueQuantity: quantity })).toBe('{"valueQuantity":{"value":4.00}}');
  });

  it('reads what JSON.parse reads and this parser refuses (a repeated key) as JSON.parse does, and refuses what is not JSON', () => {
    expect(parseFhirJson('{"a":1.0,"a":2.50}')).toEqual({ a: 2.5 });
    expect(() => parseFhirJson('{"a":1.0,')).toThrow(SyntaxError);
    expect(Object.getPrototypeOf(parseFhirJson('{"__proto__":{"x":1.0}}'))).toBe(Object.prototype);
  });

  it('round-trips every corpus FHIR file’s JSON, and any JSON text, exactly as JSON.stringify would write it after JSON.parse', () => {
    for (const bytes of corpusFiles('fhir', '.json')) {
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
      let canonical: string;
      try {
        canonical = JSON.stringify(JSON.parse(text));
      } catch {
        continue;
      }
      expect(roundTrip(canonical)).toBe(canonical);
    }
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(roundTrip(JSON.stringify(JSON.parse(text)))).toBe(JSON.stringify(JSON.parse(text)));
      }),
      fuzzParams(200),
    );
  });

  it('writes any decimal text back as it came, wherever it stands', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.nat({ max: 99999 }), fc.stringMatching(/^[0-9]{0,6}0$/))
      .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}.${fraction}`);
    fc.assert(
      // Any key but "x", which the text already holds: a repeated key is read as JSON.parse reads it (the last wins), tested above.
      fc.property(fc.array(decimal, { minLength: 1, maxLength: 8 }), fc.string().filter((k) => k !== 'x'), (decimals, key) => {
        const text = `{${JSON.stringify(key)}:[${decimals.join(',')}],"x":{"y":${decimals[0]}}}`;
        expect(roundTrip(text)).toBe(text);
      }),
      fuzzParams(200),
    );
  });
});
