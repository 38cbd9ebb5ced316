-- Full-text search over the message keys an operator types into the log's search box:
-- control id, patient id, patient name, order/accession numbers. External content: the text lives
-- in hl7_messages; triggers keep the index in step.
CREATE VIRTUAL TABLE `hl7_messages_fts` USING fts5(
  message_control_id, patient_id, patient_name, order_numbers,
  content='hl7_messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `hl7_messages_fts_insert` AFTER INSERT ON `hl7_messages` BEGIN
  INSERT INTO hl7_messages_fts(rowid, message_control_id, patient_id, patient_name, order_numbers)
  VALUES (new.rowid, new.message_control_id, new.patient_id, new.patient_name, new.order_numbers);
END;
--> statement-breakpoint
CREATE TRIGGER `hl7_messages_fts_delete` AFTER DELETE ON `hl7_messages` BEGIN
  INSERT INTO hl7_messages_fts(hl7_messages_fts, rowid, message_control_id, patient_id, patient_name, order_numbers)
  VALUES ('delete', old.rowid, old.message_control_id, old.patient_id, old.patient_name, old.order_numbers);
END;
--> statement-breakpoint
CREATE TRIGGER `hl7_messages_fts_update` AFTER UPDATE OF message_control_id, patient_id, patient_name, order_numbers ON `hl7_messages` BEGIN
  INSERT INTO hl7_messages_fts(hl7_messages_fts, rowid, message_control_id, patient_id, patient_name, order_numbers)
  VALUES ('delete', old.rowid, old.message_control_id, old.patient_id, old.patient_name, old.order_numbers);
  INSERT INTO hl7_messages_fts(rowid, message_control_id, patient_id, patient_name, order_numbers)
  VALUES (new.rowid, new.message_control_id, new.patient_id, new.patient_name, new.order_numbers);
END;
