-- Full-text search over the message keys an operator types into the log's search box:
-- control id, patient id, patient name, order/accession numbers. The rowid is the message's rowid.
-- Rows are written by the processing pipeline in its batched transactions (and at intake for messages
-- rejected there), keeping this work off the store-before-ACK path; deletes follow the message.
CREATE VIRTUAL TABLE `hl7_messages_fts` USING fts5(
  message_control_id, patient_id, patient_name, order_numbers,
  tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `hl7_messages_fts_delete` AFTER DELETE ON `hl7_messages` BEGIN
  DELETE FROM hl7_messages_fts WHERE rowid = old.rowid;
END;
