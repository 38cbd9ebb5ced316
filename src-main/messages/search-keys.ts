import type { Hl7Message } from '../hl7';

export interface SearchKeys {
  patientId: string | null;
  patientName: string | null;
  orderNumbers: string | null;
}

const MAX_ORDER_TEXT = 512;

/** The values an operator searches the log by: PID-3.1, PID-5 family + given, OBR-2/3 and ORC-2/3. */
export function extractSearchKeys(message: Hl7Message): SearchKeys {
  const patientId = message.get('PID-3.1');
  const name = [message.get('PID-5.1'), message.get('PID-5.2')].filter((part) => part !== '').join(' ');
  const orders = new Set<string>();
  for (const segment of [...message.segments('ORC'), ...message.segments('OBR')]) {
    for (const field of [2, 3]) {
      const value = segment.get(`${field}.1`);
      if (value !== '') orders.add(value);
    }
  }
  const orderText = [...orders].join(' ').slice(0, MAX_ORDER_TEXT);
  return { patientId: patientId || null, patientName: name || null, orderNumbers: orderText || null };
}
