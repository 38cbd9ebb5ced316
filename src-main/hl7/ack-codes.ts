/** HL7 table 0008: A* = application acknowledgment (original mode), C* = accept acknowledgment (enhanced). */
export const AckCode = { AA: 'AA', AE: 'AE', AR: 'AR', CA: 'CA', CE: 'CE', CR: 'CR' } as const;
export type AckCode = (typeof AckCode)[keyof typeof AckCode];

export const isAckCode = (value: string): value is AckCode => Object.hasOwn(AckCode, value);

/** HL7 table 0357 (message error condition codes). */
export const Hl7ErrorCode = {
  messageAccepted: 0,
  segmentSequenceError: 100,
  requiredFieldMissing: 101,
  dataTypeError: 102,
  tableValueNotFound: 103,
  valueTooLong: 104,
  unsupportedMessageType: 200,
  unsupportedEventCode: 201,
  unsupportedProcessingId: 202,
  unsupportedVersionId: 203,
  unknownKeyIdentifier: 204,
  duplicateKeyIdentifier: 205,
  applicationRecordLocked: 206,
  applicationInternalError: 207,
} as const;
export type Hl7ErrorCode = (typeof Hl7ErrorCode)[keyof typeof Hl7ErrorCode];

export const HL7_ERROR_TEXT: Readonly<Record<Hl7ErrorCode, string>> = {
  0: 'Message accepted',
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  104: 'Value too long',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  202: 'Unsupported processing id',
  203: 'Unsupported version id',
  204: 'Unknown key identifier',
  205: 'Duplicate key identifier',
  206: 'Application record locked',
  207: 'Application internal error',
};

/** HL7 table 0516 (ERR-4 severity); F exists from 2.7 on. */
export const AckSeverity = { error: 'E', warning: 'W', information: 'I', fatal: 'F' } as const;
export type AckSeverity = (typeof AckSeverity)[keyof typeof AckSeverity];

export interface AckErrorLocation {
  readonly segment: string;
  /** 1-based occurrence of the segment in the message. */
  readonly sequence?: number;
  readonly field?: number;
  readonly repetition?: number;
  readonly component?: number;
  readonly subcomponent?: number;
}

export interface AckError {
  readonly code: Hl7ErrorCode;
  /** Default 'E'. */
  readonly severity?: AckSeverity;
  readonly location?: AckErrorLocation;
  /** ERR-7 diagnostic information (2.5+); never put PHI here. */
  readonly diagnostic?: string;
}
