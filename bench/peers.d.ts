// Minimal typings for the untyped HL7 libraries the codec benchmark compares against.
declare module 'hl7-standard' {
  interface Hl7StandardSegment {
    get(path: string): unknown;
  }
  export default class HL7 {
    constructor(raw: string);
    transform(): void;
    get(path: string): unknown;
    getSegments(type?: string): Hl7StandardSegment[];
  }
}

declare module 'simple-hl7' {
  interface SimpleHl7Segment {
    getField(index: number): string;
  }
  interface SimpleHl7Message {
    header: SimpleHl7Segment;
    getSegment(name: string): SimpleHl7Segment | undefined;
    getSegments(name: string): SimpleHl7Segment[];
  }
  const simpleHl7: { Parser: new () => { parse(raw: string): SimpleHl7Message } };
  export default simpleHl7;
}
