import type { Hl7Attempt, Hl7MessageDetail, Hl7MessageStatus, Hl7MessageSummary, Hl7ResourceLink } from '../../src-shared';
import { isoTime } from '../core/clock';
import type { Hl7AttemptRow, Hl7LinkRow, Hl7MessageRow, Hl7MessageSummaryRow } from '../store/hl7-messages-repo';

const iso = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

export const toSummary = (r: Hl7MessageSummaryRow): Hl7MessageSummary => ({
  id: r.id,
  connectorId: r.connectorId,
  direction: r.direction,
  messageType: r.messageType,
  messageControlId: r.messageControlId,
  sendingApplication: r.sendingApplication,
  sendingFacility: r.sendingFacility,
  receivingApplication: r.receivingApplication,
  receivingFacility: r.receivingFacility,
  versionId: r.versionId,
  status: r.status as Hl7MessageStatus,
  accepted: r.accepted,
  ackCode: r.ackCode,
  errorCode: r.errorCode,
  errorMessage: r.errorMessage,
  rawSize: r.rawSize,
  duplicateCount: r.duplicateCount,
  controlIdReused: r.controlIdReused,
  attemptCount: r.attemptCount,
  receivedAt: isoTime(r.receivedAt),
  processedAt: iso(r.processedAt),
  nextAttemptAt: iso(r.nextAttemptAt),
  patientName: r.patientName,
  patientId: r.patientId,
  resourceCount: r.resourceCount,
});

export const toAttempt = (a: Hl7AttemptRow): Hl7Attempt => ({
  id: a.id,
  attemptNumber: a.attemptNumber,
  trigger: a.trigger,
  actor: a.actor,
  status: a.status,
  startedAt: isoTime(a.startedAt),
  finishedAt: iso(a.finishedAt),
  errorCode: a.errorCode,
  errorMessage: a.errorMessage,
  mapping: a.mapping === 'mapped' || a.mapping === 'no_profile' ? a.mapping : null,
  profile: a.profileName === null || a.profileVersion === null ? null : { name: a.profileName, version: a.profileVersion },
  unmapped: a.unmapped ?? [],
  ruleErrors: a.ruleErrors ?? [],
});

export const toLink = (l: Hl7LinkRow): Hl7ResourceLink => ({ resourceType: l.resourceType, resourceId: l.resourceId, action: l.action as Hl7ResourceLink['action'], createdAt: isoTime(l.createdAt) });

export const toDetail = (r: Hl7MessageRow, text: string, attempts: Hl7AttemptRow[], links: Hl7LinkRow[]): Hl7MessageDetail => ({
  ...toSummary({ ...r, resourceCount: links.length }),
  raw: text,
  charset: r.charset,
  remoteAddress: r.remoteAddress,
  ackPayload: r.ackPayload,
  attempts: attempts.map(toAttempt),
  links: links.map(toLink),
});
