import type { Hl7Message } from '../hl7';

export interface SearchKeys {
  /** The medical record number: PID-3's MR identifier, else its first. */
  patientId: string | null;
  patientName: string | null;
  orderNumbers: string | null;
  /** Every other patient identifier (PID-3's other repetitions, PID-2, PID-4): searchable, not shown. */
  otherPatientIds: string | null;
}

const MAX_KEY_TEXT = 512;

const joined = (values: Iterable<string>): string | null => [...values].join(' ').slice(0, MAX_KEY_TEXT) || null;

/**
 * The values an operator searches the log by: the patient's identifiers (PID-3, and PID-2 / PID-4 that
 * older senders still fill), PID-5 family + given, OBR-2/3 and ORC-2/3.
 */
export function extractSearchKeys(message: Hl7Message): SearchKeys {
  const identifiers = message.getAll('PID-3.1');
  const types = message.getAll('PID-3.5');
  const mrn = identifiers.find((id, i) => id !== '' && types[i] === 'MR') ?? identifiers.find((id) => id !== '') ?? '';
  const others = new Set([...identifiers, ...message.getAll('PID-2.1'), ...message.getAll('PID-4.1')].filter((id) => id !== '' && id !== mrn));
  const name = [message.get('PID-5.1'), message.get('PID-5.2')].filter((part) => part !== '').join(' ');
  const orders = new Set<string>();
  for (const segment of [...message.segments('ORC'), ...message.segments('OBR')]) {
    for (const field of [2, 3]) {
      const value = segment.get(`${field}.1`);
      if (value !== '') orders.add(value);
    }
  }
  return { patientId: mrn || null, patientName: name || null, orderNumbers: joined(orders), otherPatientIds: joined(others) };
}
