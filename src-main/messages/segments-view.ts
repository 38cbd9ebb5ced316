import type { z } from 'zod';
import type { SegmentsView } from '../../src-shared';
import { componentInfo, decodeEscapes, fieldInfo, segmentName, tryParse, type Hl7Delimiters } from '../hl7';

type View = z.infer<typeof SegmentsView>;
type Field = View['segments'][number]['fields'][number];

function fieldView(segmentId: string, position: number, raw: string, version: string, d: Hl7Delimiters): Field {
  const info = fieldInfo(segmentId, position, version);
  const verbatim = segmentId === 'MSH' && position <= 2;
  const repetitions = verbatim
    ? [{ value: raw, components: [] }]
    : raw.split(d.repetition).map((rep) => {
        const parts = rep.split(d.component);
        return {
          value: decodeEscapes(rep, d),
          components:
            parts.length < 2 && !rep.includes(d.subcomponent)
              ? []
              : parts.map((component, i) => ({
                  position: i + 1,
                  name: info ? (componentInfo(info.datatype, i + 1, version)?.name ?? null) : null,
                  value: decodeEscapes(component, d),
                  subcomponents: component.includes(d.subcomponent) ? component.split(d.subcomponent).map((s) => decodeEscapes(s, d)) : [],
                })),
        };
      });
  return { position, label: `${segmentId}-${position}`, name: info?.name ?? null, datatype: info?.datatype ?? null, raw, repetitions };
}

/** The viewer's tree: every segment, every valued field, with names from the dictionary for the message's version. */
export function segmentsView(text: string): View {
  const parsed = tryParse(text);
  if (!parsed.ok) return { version: null, segments: [], parseError: { code: parsed.error.code, message: parsed.error.message } };
  const message = parsed.value;
  const version = message.header.version;
  const d = message.delimiters;
  return {
    version: version || null,
    parseError: null,
    segments: message.segments().map((segment, index) => {
      const fields: Field[] = [];
      for (let n = 1; n <= segment.fieldCount; n++) {
        const raw = segment.field(n);
        if (raw !== '') fields.push(fieldView(segment.id, n, raw, version, d));
      }
      return { index, id: segment.id, name: segmentName(segment.id) ?? null, raw: segment.toString(), fields };
    }),
  };
}
