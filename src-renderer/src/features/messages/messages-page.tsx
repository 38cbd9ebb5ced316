import { PlannedPage } from '../../components/planned-page';

export function MessagesPage() {
  return (
    <PlannedPage
      title="Messages"
      summary="Every HL7 v2 message that came in or went out, as it happens."
      features={[
        'Live log of inbound and outbound messages: received time, connector, message type (ADT^A01), control id, sending application and facility, processing status',
        'Filters by connector, message type, status and time range, plus search by control id or patient identifier',
        'Field-by-field viewer: segments, fields, components and repetitions with their HL7 names (PID-5.1 Family name)',
        'The ACK that was sent, the processing attempts, and the FHIR resources the message produced',
        'Reprocess failed or dead-lettered messages (one attempt per click, never editing the original)',
      ]}
    />
  );
}
