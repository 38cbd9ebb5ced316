/**
 * Every error code the API can answer, with the kind it is thrown with and what it means: the engine's
 * codes (REST envelope and IPC result alike) and the few the console and preload make themselves
 * (`client`). Callers branch on codes, never on message text. `test/error-codes.test.ts` reads the
 * engine's source and fails when a code it builds is missing here or a code here is built nowhere.
 *
 * Two families are open-ended and not listed one by one: a FHIR failure that passes on an
 * OperationOutcome it did not write (the validator's findings, an owning server's refusal) answers
 * `FHIR_<ITS FIRST ISSUE CODE>`, and the console answers `HTTP_<status>` for a reply that is not an envelope.
 */

/** Closed: what went wrong, whatever the surface. Each surface maps kinds to its own answer (HTTP status, OperationOutcome issue, ACK code). */
export const ErrorKind = {
  validation: 'validation',
  /** Well-formed, but the content breaks a rule (a resource that fails its profile). */
  unprocessable: 'unprocessable',
  notFound: 'not_found',
  gone: 'gone',
  conflict: 'conflict',
  /** A condition the caller set (If-Match, a conditional match) does not hold. */
  preconditionFailed: 'precondition_failed',
  tooLarge: 'too_large',
  /** A media type or feature the engine does not offer. */
  unsupported: 'unsupported',
  forbidden: 'forbidden',
  unauthorized: 'unauthorized',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export interface ErrorCodeEntry {
  /** The kind it is thrown with; a FHIR issue code several failures share lists each of their kinds. */
  kind: ErrorKind | readonly ErrorKind[];
  meaning: string;
  /** The HTTP status, where a transport answers it itself with one its kind does not give. */
  status?: number;
  /** Made in the console or the preload; the engine never answers it. */
  client?: true;
}

export const errorCodes = {
  // Requests and transports
  INTEROP_VALIDATION_FAILED: { kind: 'validation', meaning: 'The input breaks its schema or a rule; details.fields maps each field to its messages' },
  INTEROP_BAD_REQUEST: { kind: 'validation', status: 400, meaning: 'The request body could not be read (not JSON)' },
  INTEROP_PAYLOAD_TOO_LARGE: { kind: 'too_large', meaning: 'The request body is larger than the server takes' },
  INTEROP_UNSUPPORTED_MEDIA_TYPE: { kind: 'unsupported', meaning: 'A write whose body is not application/json' },
  INTEROP_ROUTE_NOT_FOUND: { kind: 'not_found', meaning: 'No API route answers that method and path' },
  INTEROP_JWKS_NOT_FOUND: { kind: 'not_found', meaning: 'No SMART Backend Services connector has the id in /.well-known/jwks/<id>.json' },
  INTEROP_UNAUTHORIZED: { kind: 'unauthorized', meaning: 'The access token is missing or wrong' },
  INTEROP_CROSS_ORIGIN_REFUSED: { kind: 'forbidden', meaning: 'A request that changes data came from another site' },
  INTEROP_HOST_NOT_ALLOWED: { kind: 'forbidden', status: 421, meaning: 'The Host header names a host this server does not answer for' },
  INTEROP_IPC_UNTRUSTED_SENDER: { kind: 'forbidden', meaning: 'An IPC call from a frame that is not the console' },
  INTEROP_ENGINE_UNAVAILABLE: { kind: 'unavailable', meaning: 'The desktop engine process is not running (it ended, or is being restarted); the call was not done, or its outcome is unknown: retry it' },
  INTEROP_SIGN_IN_FAILED: { kind: 'unauthorized', meaning: 'The username or password is wrong (one answer for both, so neither is revealed), or the account is disabled' },
  INTEROP_TENANT_MISMATCH: { kind: 'forbidden', meaning: 'The record belongs to another tenant, or a caller bound to one tenant named another (X-Interop-Tenant)' },
  INTEROP_TENANT_NOT_FOUND: { kind: 'not_found', meaning: 'X-Interop-Tenant or an API client\'s tenantId names no tenant' },
  INTEROP_SCOPE_MISSING: { kind: 'forbidden', meaning: 'The caller is authenticated but lacks the scope the operation or FHIR interaction needs; details.scope names it' },
  INTEROP_RATE_LIMITED: { kind: 'unavailable', status: 429, meaning: 'Too many requests or sign-in attempts; Retry-After says in how many seconds to try again' },
  INTEROP_VERSION_CONFLICT: { kind: 'conflict', meaning: 'The record was changed since the version sent; reload and try again' },
  INTEROP_INTERNAL_ERROR: { kind: 'internal', meaning: 'An unexpected failure; the log has its type' },
  // Engine start
  INTEROP_AUTH_REQUIRED: { kind: 'forbidden', meaning: 'The server would listen beyond loopback without an access token' },
  INTEROP_DATA_DIR_IN_USE: { kind: 'conflict', meaning: 'Another engine holds the data directory; details name its process' },
  JOB_KIND_REGISTERED: { kind: 'conflict', meaning: 'A kind of background work was registered twice' },
  // Secrets and store
  INTEROP_SECRET_KEY_INVALID: { kind: 'internal', meaning: 'The secret key file is not a 32-byte key' },
  INTEROP_SECRET_UNREADABLE: { kind: 'internal', meaning: 'A stored secret cannot be decrypted with this key' },
  INTEROP_SECRET_ROTATION_PENDING: { kind: 'conflict', meaning: 'A key rotation was begun and not finished; the engine finishes it at start' },
  INTEROP_SECRET_ROTATION_UNSUPPORTED: { kind: 'unsupported', meaning: 'Secrets are kept by the OS keychain (desktop), which rotates its own key' },
  STORE_DISK_SPACE_LOW: { kind: 'unavailable', meaning: 'Less than the configured floor is free on the store\'s disk; intake refuses messages (AR) until space is back' },
  STORE_BACKUP_FAILED: { kind: 'unavailable', meaning: 'An online backup of the store could not be written to its folder' },
  STORE_BACKUP_NOT_CONFIGURED: { kind: 'not_found', meaning: 'No backup job is set up, so there is no backup folder to restore from' },
  STORE_BACKUP_NOT_FOUND: { kind: 'not_found', meaning: 'The backup folder holds no complete backup of that name' },
  STORE_RESTORE_CORRUPT: { kind: 'validation', meaning: 'A file of the backup cannot be opened or fails SQLite\'s integrity check; nothing was changed' },
  STORE_RESTORE_NOT_A_STORE: { kind: 'validation', meaning: 'The backup\'s database is not an Interop Console store; nothing was changed' },
  STORE_RESTORE_NEWER_SCHEMA: { kind: 'validation', meaning: 'The backup was made by a newer engine (its migration level is beyond this one\'s); nothing was changed' },
  STORE_RESTORE_SECRETS_UNREADABLE: { kind: 'validation', meaning: 'Secrets in the backup do not decrypt with this engine\'s key; nothing was changed' },
  STORE_RESTORE_IN_PROGRESS: { kind: 'conflict', meaning: 'A restore is already staged or under way' },
  STORE_RESTORING: { kind: 'unavailable', meaning: 'The engine is paused while a backup is restored; try again in a moment' },
  STORE_FSYNC_FAILED: { kind: 'unavailable', meaning: 'The write-ahead log could not be flushed to disk; intake stops until a restart' },
  STORE_WAL_OPEN_FAILED: { kind: 'unavailable', meaning: 'The write-ahead log could not be opened for flushing; the next flush tries again' },
  // Outbound URLs
  FETCH_URL_REFUSED: { kind: 'forbidden', meaning: 'A URL was refused by the outbound policy; details.rule names the rule' },
  INTEROP_URL_NOT_ALLOWED: { kind: 'validation', meaning: 'A service URL the outbound policy refuses; details.rule names the rule' },
  // API clients
  INTEROP_API_CLIENT_NOT_FOUND: { kind: 'not_found', meaning: 'No API client has that id' },
  INTEROP_API_CLIENT_NAME_TAKEN: { kind: 'conflict', meaning: 'Another API client has that name' },
  INTEROP_API_CLIENT_REVOKED: { kind: 'conflict', meaning: 'The API client is revoked: it cannot be changed or given a new secret' },
  // Connectors and external systems
  INTEROP_CONNECTOR_NOT_FOUND: { kind: 'not_found', meaning: 'No connector has that id' },
  INTEROP_CONNECTOR_ALREADY_ACTIVE: { kind: 'conflict', meaning: 'Another connector is active for the same slot; details.activeConnectorId names it' },
  INTEROP_PORT_IN_USE: { kind: 'conflict', meaning: 'An MLLP listener\'s port is taken; details.heldBy says by what' },
  INTEROP_CONNECTOR_ACTIVE: { kind: 'conflict', meaning: 'The change needs the connector deactivated first' },
  INTEROP_CONNECTOR_IN_USE: { kind: 'conflict', meaning: 'The connector has a message log, so it is deactivated rather than deleted' },
  INTEROP_CONNECTOR_NAME_TAKEN: { kind: 'conflict', meaning: 'Another connector has that name' },
  INTEROP_CONNECTOR_DEFINITION_NOT_FOUND: { kind: 'not_found', meaning: 'No connector-catalog template has that type' },
  INTEROP_TEST_MESSAGE_UNAVAILABLE: { kind: 'precondition_failed', meaning: 'A test message needs an active plain-MLLP listener made from a template with a sample message; details.reason says which is missing' },
  INTEROP_TEST_MESSAGE_FAILED: { kind: 'unavailable', meaning: 'The test message could not be sent to the listener or no ACK came back' },
  INTEROP_INVALID_STATE_TRANSITION: { kind: 'conflict', meaning: 'The connector cannot go from its status to the one asked' },
  INTEROP_LISTENER_START_FAILED: { kind: 'unavailable', meaning: 'An MLLP listener could not bind for a reason other than a taken port' },
  INTEROP_EXTERNAL_SYSTEM_NOT_FOUND: { kind: 'not_found', meaning: 'No external system has that id' },
  INTEROP_EXTERNAL_SYSTEM_NAME_TAKEN: { kind: 'conflict', meaning: 'Another external system has that name' },
  INTEROP_EXTERNAL_SYSTEM_IN_USE: { kind: 'conflict', meaning: 'Connectors still refer to the external system' },
  // SFTP (senders and folder polling); the engine is the SSH client
  SFTP_HOST_KEY_MISMATCH: { kind: 'forbidden', meaning: 'The SFTP server presented a host key other than the configured fingerprint; no credentials were sent' },
  SFTP_AUTH_FAILED: { kind: 'unauthorized', meaning: 'The SFTP server refused the connector\'s user name and password or key' },
  SFTP_PRIVATE_KEY_UNREADABLE: { kind: 'validation', meaning: 'The SSH private key in the connector\'s auth config cannot be read (or needs a passphrase)' },
  SFTP_UNREACHABLE: { kind: 'unavailable', meaning: 'The SFTP server cannot be reached, or the connection was lost' },
  SFTP_TIMEOUT: { kind: 'unavailable', meaning: 'The SFTP server did not finish the handshake or answer an operation in time' },
  SFTP_PERMISSION_DENIED: { kind: 'forbidden', meaning: 'The SFTP server denied access to a file or folder' },
  SFTP_NO_SUCH_PATH: { kind: 'not_found', meaning: 'A file or folder is missing on the SFTP server' },
  SFTP_TARGET_EXISTS: { kind: 'conflict', meaning: 'A file of that name with other content is already on the SFTP server; it is never overwritten' },
  SFTP_FAILED: { kind: 'unavailable', meaning: 'The SFTP server failed an operation without saying why' },
  SFTP_PAYLOAD_UNENCODABLE: { kind: 'validation', meaning: 'An outbound item for an SFTP destination is not the HL7 or FHIR JSON its content type says' },
  NDJSON_BAD_LINE: { kind: 'validation', meaning: 'A line of an NDJSON file is not a JSON object with a resourceType; details.line names it' },
  // FHIR routing rules
  INTEROP_ROUTING_RULE_NOT_FOUND: { kind: 'not_found', meaning: 'No FHIR routing rule has that id' },
  INTEROP_ROUTING_PRIMARY_EXISTS: { kind: 'conflict', meaning: 'Another active rule is already primary for the type and category' },
  // Event subscriptions
  INTEROP_EVENT_SUBSCRIPTION_NOT_FOUND: { kind: 'not_found', meaning: 'No event subscription has that id' },
  INTEROP_EVENT_SUBSCRIPTION_NAME_TAKEN: { kind: 'conflict', meaning: 'Another event subscription has that name' },
  // Integration jobs and runs
  INTEROP_INTEGRATION_JOB_NOT_FOUND: { kind: 'not_found', meaning: 'No integration job has that id' },
  INTEROP_INTEGRATION_JOB_NAME_TAKEN: { kind: 'conflict', meaning: 'Another integration job has that name' },
  INTEROP_INTEGRATION_JOB_RUNNING: { kind: 'conflict', meaning: 'The integration job has a run going; it can be deleted once the run ends' },
  INTEROP_INTEGRATION_RUN_NOT_FOUND: { kind: 'not_found', meaning: 'No integration run has that id' },
  INTEGRATION_BULK_EXPORT_FAILED: { kind: 'unavailable', meaning: 'The $export a bulk-export run started failed; the run fails with its reason' },
  INTEGRATION_RUN_KIND_REGISTERED: { kind: 'conflict', meaning: 'A kind of integration job was registered twice (engine composition)' },
  // Outbound delivery
  INTEROP_DATA_IMPORT_BATCH_NOT_FOUND: { kind: 'not_found', meaning: 'No data import batch has that id' },
  INTEROP_DATA_EXPORT_BATCH_NOT_FOUND: { kind: 'not_found', meaning: 'No data export batch has that id' },
  DATA_IMPORT_FILE_TOO_LARGE: { kind: 'too_large', meaning: 'The uploaded file is larger than an import takes (details.limit, in characters)' },
  DATA_IMPORT_UNREADABLE: { kind: 'unprocessable', meaning: 'The file as a whole cannot be read in its format (a malformed CSV, an HL7 file that does not split into messages)' },
  DATA_IMPORT_MAPPING_INVALID: { kind: 'unprocessable', meaning: 'The CSV column mapping names unknown columns, bad target paths or transforms (details.issues)' },
  DATA_IMPORT_FILE_NOT_FOUND: { kind: 'not_found', meaning: 'A scheduled import names a file that is not in the imports folder of the data dir' },
  DATA_BATCH_FILE_NOT_FOUND: { kind: 'not_found', meaning: 'The batch has no file of that name' },
  DATA_BATCH_NOT_FINISHED: { kind: 'conflict', meaning: 'An export file is asked for while the export is still running' },
  DATA_BATCH_FAILED: { kind: 'unprocessable', meaning: 'The import or export batch an integration run started failed (details.batchId)' },
  INTEROP_OUTBOUND_ROUTE_NOT_FOUND: { kind: 'not_found', meaning: 'No outbound route has that id' },
  INTEROP_OUTBOUND_ROUTE_NAME_TAKEN: { kind: 'conflict', meaning: 'Another outbound route has that name' },
  INTEROP_OUTBOUND_ROUTE_IN_USE: { kind: 'conflict', meaning: 'The route has outbound items, so it is disabled rather than deleted' },
  INTEROP_SYNC_CONFLICT_NOT_FOUND: { kind: 'not_found', meaning: 'No sync conflict has that id' },
  SYNC_CONFLICT_NOT_OPEN: { kind: 'conflict', meaning: 'The sync conflict is already resolved' },
  SYNC_CONFLICT_EDIT_INVALID: { kind: 'validation', meaning: 'An edited resolution must be a resource of the conflict\'s type and id' },
  SYNC_CONFLICT_SIDE_MISSING: { kind: 'unprocessable', meaning: 'The chosen side does not have the resource; choose the other side or edit' },
  SYNC_JOB_GONE: { kind: 'unprocessable', meaning: 'The sync job of the conflict no longer exists, so its upstream server is unknown' },
  SYNC_CONNECTOR_UNUSABLE: { kind: 'unprocessable', meaning: 'The connector a sync job names is not an outbound FHIR REST connector with a usable auth mode' },
  SYNC_UPSTREAM_UNREACHABLE: { kind: 'unavailable', meaning: 'The upstream FHIR server of a sync could not be reached (or its URL was refused); the run fails and the next catches up' },
  SYNC_UPSTREAM_REFUSED: { kind: 'unprocessable', meaning: 'The upstream FHIR server of a sync answered an error (its status in details)' },
  SYNC_UPSTREAM_CHANGED: { kind: 'precondition_failed', meaning: 'The upstream changed the resource since the version the sync or the conflict showed (412 on If-Match)' },
  SYNC_LOCAL_CHANGED: { kind: 'precondition_failed', meaning: 'The local store changed the resource since the version the conflict showed' },
  INTEROP_OUTBOUND_ITEM_NOT_FOUND: { kind: 'not_found', meaning: 'No outbound item has that id' },
  INTEROP_ALERT_NOT_FOUND: { kind: 'not_found', meaning: 'No alert has that id' },
  INTEROP_ALERT_RESOLVED: { kind: 'conflict', meaning: 'The alert is already resolved and cannot be acknowledged' },
  INTEROP_OUTBOUND_ITEM_STATE: { kind: 'conflict', meaning: 'The action does not apply to the item in its status (details.status)' },
  OUTBOUND_PAYLOAD_FAILED: { kind: 'unprocessable', meaning: 'The payload for a route could not be built when the message was processed; the item is dead with the reason' },
  MLLP_CONNECT_TIMEOUT: { kind: 'unavailable', meaning: 'An MLLP client got no connection within its connect timeout' },
  MLLP_CONNECTION_CLOSED: { kind: 'unavailable', meaning: 'The MLLP peer closed the connection before answering' },
  MLLP_ACK_TIMEOUT: { kind: 'unavailable', meaning: 'An MLLP client got no ACK within its timeout' },
  OUTBOUND_CONNECT_FAILED: { kind: 'unavailable', meaning: 'The destination could not be reached (connection refused, reset, TLS failure)' },
  OUTBOUND_ACK_TIMEOUT: { kind: 'unavailable', meaning: 'The destination sent no ACK within the connector\'s ACK timeout' },
  OUTBOUND_ACK_MISMATCH: { kind: 'unavailable', meaning: 'The ACK\'s MSA-2 is not the control id sent, or the ACK cannot be read' },
  OUTBOUND_NEGATIVE_ACK: { kind: 'unprocessable', meaning: 'The destination answered AE/AR/CE/CR (details.ackCode)' },
  OUTBOUND_NO_SENDER: { kind: 'unsupported', meaning: 'No sender exists for the destination\'s protocol yet' },
  OUTBOUND_AUTH_UNSUPPORTED: { kind: 'unsupported', meaning: 'The destination\'s auth mode is not one its sender supports (FHIR REST: none, basic, api-key, oauth2, smart-backend)' },
  // HL7 messages
  INTEROP_HL7_MESSAGE_NOT_FOUND: { kind: 'not_found', meaning: 'No HL7 message has that id' },
  INTEROP_INVALID_CURSOR: { kind: 'validation', meaning: 'The cursor is not one this log gave out' },
  INTEROP_PAGE_TOO_DEEP: { kind: 'validation', meaning: 'Page numbers reach only so far; follow nextCursor beyond' },
  INTEROP_MESSAGE_UNPARSEABLE: { kind: 'conflict', meaning: 'The message cannot be parsed, so its PHI cannot be masked; details.hl7Error is the codec code' },
  INTEROP_MESSAGE_REFUSED_AT_INTAKE: { kind: 'conflict', meaning: 'The message was refused on arrival and is never processed' },
  INTEROP_MESSAGE_ALREADY_QUEUED: { kind: 'conflict', meaning: 'The message is already pending or processing' },
  INTEROP_REPROCESS_TOO_MANY: { kind: 'validation', meaning: 'Too many messages match a bulk reprocess; narrow the filter' },
  INTEROP_REPROCESS_COUNT_CHANGED: { kind: 'conflict', meaning: 'The number of matching messages changed since it was confirmed' },
  // Interface errors
  INTEROP_INTERFACE_ERROR_NOT_FOUND: { kind: 'not_found', meaning: 'No interface error has that id' },
  INTEROP_INTERFACE_ERROR_STATE: { kind: 'conflict', meaning: 'The interface error is no longer open (details.status)' },
  INTEROP_INTERFACE_ERROR_NOT_REPROCESSABLE: { kind: 'unprocessable', meaning: 'The error is about no stored message or outbound item, or the message was refused at intake; nothing can be sent through again (details.reason)' },
  INTEROP_INTERFACE_ERRORS_TOO_MANY: { kind: 'validation', meaning: 'Too many open errors match a bulk action; narrow the filter' },
  INTEROP_INTERFACE_ERRORS_COUNT_CHANGED: { kind: 'conflict', meaning: 'The number of matching open errors changed since it was confirmed' },
  INTEROP_NO_MAPPING_PROFILE: { kind: 'unprocessable', meaning: 'No mapping profile converts the message type (details.messageType) or FHIR resource type (details.resourceType)' },
  INTEROP_MAPPING_PROFILE_NOT_FOUND: { kind: 'not_found', meaning: 'No HL7 mapping profile has that id' },
  INTEROP_FHIR_MAPPING_PROFILE_NOT_FOUND: { kind: 'not_found', meaning: 'No FHIR mapping profile has that id' },
  INTEROP_MAPPING_PROFILE_RETIRED: { kind: 'conflict', meaning: 'The mapping profile named (details.id) is retired: it no longer runs' },
  INTEROP_MAPPING_RULE_NOT_FOUND: { kind: 'not_found', meaning: 'The mapping profile has no rule with that id (details.ruleId)' },
  INTEROP_MAPPING_REFUSED: { kind: 'unprocessable', meaning: 'The FHIR store refused a resource the mapping made; the attempt records the OperationOutcome text and nothing of the Bundle is kept' },
  INTEROP_MAPPING_UNKNOWN_RULE_SET: { kind: 'internal', meaning: 'A shipped default profile names a shared rule set the build does not have (a packaging defect, found at start)' },
  // The HL7 codec, converted once by messages/hl7-failure.ts (details.position or details.path)
  HL7_EMPTY: { kind: 'validation', meaning: 'The message is empty' },
  HL7_NO_MSH: { kind: 'validation', meaning: 'The text does not start with an MSH segment' },
  HL7_BAD_ENCODING_CHARS: { kind: 'validation', meaning: 'MSH-1 or MSH-2 do not declare usable delimiters' },
  HL7_MSH_TOO_SHORT: { kind: 'validation', meaning: 'MSH ends before MSH-12 (version id)' },
  HL7_BAD_SEGMENT: { kind: 'validation', meaning: 'A segment does not start with a segment id' },
  HL7_BINARY: { kind: 'validation', meaning: 'A control character where text was expected' },
  HL7_MULTIPLE_MESSAGES: { kind: 'validation', meaning: 'A second MSH where one message was expected' },
  HL7_BAD_BATCH: { kind: 'validation', meaning: 'The batch envelope (FHS/BHS/BTS/FTS) is malformed' },
  HL7_BATCH_COUNT: { kind: 'validation', meaning: 'A batch trailer\'s count disagrees with its content' },
  HL7_BAD_PATH: { kind: 'validation', meaning: 'Not a path like PID-5[2].1.2' },
  HL7_READ_ONLY: { kind: 'unprocessable', meaning: 'The path holds the delimiters and cannot be edited' },
  HL7_NO_SEGMENT: { kind: 'unprocessable', meaning: 'The message has no such segment occurrence' },
  HL7_UNENCODABLE: { kind: 'unprocessable', meaning: 'The value cannot be written with the message\'s delimiters' },
  // FHIR: search, bulk data and FHIR_<issue code> failures (details.outcome holds the OperationOutcome)
  FHIR_SEARCH_UNKNOWN_TYPE: { kind: 'not_found', meaning: 'Search on a type that is not an R4 resource type' },
  FHIR_SEARCH_UNKNOWN_PARAMETER: { kind: 'validation', meaning: 'A search parameter the type does not have' },
  FHIR_SEARCH_UNSUPPORTED_MODIFIER: { kind: 'validation', meaning: 'A search modifier the parameter does not take' },
  FHIR_SEARCH_INVALID_VALUE: { kind: 'validation', meaning: 'A search value that does not fit its parameter' },
  FHIR_SEARCH_INVALID_CHAIN: { kind: 'validation', meaning: 'A chained search that cannot be followed' },
  FHIR_EXPORT_ALREADY_RUNNING: { kind: 'conflict', meaning: 'An export for the same scope is running' },
  FHIR_IMPORT_BODY_TOO_LARGE: { kind: 'too_large', meaning: 'An NDJSON import body is larger than the limit' },
  FHIR_IMPORT_SOURCE_UNREADABLE: { kind: 'unavailable', meaning: 'An import input could not be read' },
  FHIR_INVALID: { kind: 'validation', meaning: 'The FHIR request is invalid (an id, a header, a Bundle entry, a parameter)' },
  FHIR_STRUCTURE: { kind: ['validation', 'unprocessable'], meaning: 'The body is not valid JSON or not a FHIR resource' },
  FHIR_REQUIRED: { kind: 'validation', meaning: 'A required parameter or part is missing' },
  FHIR_FORBIDDEN: { kind: 'validation', meaning: 'An import input outside the imports folder' },
  FHIR_INCOMPLETE: { kind: 'validation', meaning: 'An NDJSON body could not be read to its end' },
  FHIR_NOT_FOUND: { kind: ['not_found', 'validation', 'precondition_failed'], meaning: 'No such resource, version, file or job (or an import input that does not exist); 412 for a transaction\'s conditional reference that matches nothing' },
  FHIR_DELETED: { kind: 'gone', meaning: 'The resource was deleted' },
  FHIR_NOT_SUPPORTED: { kind: ['validation', 'not_found', 'unprocessable', 'unsupported'], meaning: 'An interaction, type, format or operation this server does not offer' },
  FHIR_PROCESSING: { kind: 'unprocessable', meaning: 'A patch that cannot be applied' },
  FHIR_CONFLICT: { kind: 'precondition_failed', meaning: 'If-Match names a version that is not current' },
  FHIR_MULTIPLE_MATCHES: { kind: 'precondition_failed', meaning: 'A conditional interaction matches more than one resource' },
  FHIR_TOO_COSTLY: { kind: ['too_large', 'validation'], meaning: 'A body or line larger than the limit' },
  FHIR_TRANSIENT: { kind: 'unavailable', meaning: 'An owning or terminology server is unavailable and nothing local can answer' },
  FHIR_EXCEPTION: { kind: ['internal', 'validation'], meaning: 'An export or import failed, or an input could not be read to its end' },
  // Operator accounts
  INTEROP_OPERATOR_NOT_FOUND: { kind: 'not_found', meaning: 'No operator has that id' },
  INTEROP_OPERATOR_USERNAME_TAKEN: { kind: 'conflict', meaning: 'Another operator has that username' },
  INTEROP_LAST_ADMIN: { kind: 'conflict', meaning: 'The change would leave no enabled admin to manage operators' },
  INTEROP_OPERATOR_SESSION_REQUIRED: { kind: 'forbidden', meaning: 'Only a signed-in operator has a password of their own to change' },
  // Made by the console and the preload
  INTEROP_UNREACHABLE: { kind: 'unavailable', client: true, meaning: 'The engine did not answer (status 0)' },
  INTEROP_INVALID_CALL: { kind: 'validation', client: true, meaning: 'The console could not build the request from its input (status 0)' },
  INTEROP_BAD_RESPONSE: { kind: 'internal', client: true, meaning: 'The engine answered with something other than JSON' },
  INTEROP_UNKNOWN_OPERATION: { kind: 'not_found', client: true, meaning: 'The preload does not allow that operation (status 404)' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof errorCodes;

/** The codes as values (`ErrorCode.INTEROP_VERSION_CONFLICT`), for callers that branch on them. */
export const ErrorCode = Object.fromEntries(Object.keys(errorCodes).map((code) => [code, code])) as { readonly [C in ErrorCode]: C };

/** The kinds a code is thrown with (one, except for FHIR issue codes). */
export const kindsOf = (code: ErrorCode): readonly ErrorKind[] => {
  const kind: ErrorCodeEntry['kind'] = errorCodes[code].kind;
  return typeof kind === 'string' ? [kind] : kind;
};
