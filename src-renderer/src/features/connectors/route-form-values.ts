import type { OutboundCondition, OutboundPayloadSpec, OutboundRoute } from '@contract/outbound';

/** What a route sends (the item kinds a routing rule's queued writes make are not a route's to choose). */
type RoutePayloadKind = OutboundPayloadSpec['kind'];
import type { ApiInput, FieldErrors } from '../../api/client';

type ConditionOp = OutboundCondition['op'];

export interface RouteFormValues {
  name: string;
  destinationConnectorId: string | null;
  messageTypes: string[];
  sendingFacility: string;
  /** A blank path means no condition. */
  conditionPath: string;
  conditionOp: ConditionOp;
  conditionValue: string;
  payloadKind: RoutePayloadKind;
  /** The FHIR → HL7 profile, for `hl7-profile`. */
  profileId: string | null;
  laneBy: OutboundRoute['laneBy'];
  enabled: boolean;
}

export function routeValuesOf(route: OutboundRoute | null): RouteFormValues {
  const condition = route?.filter.condition;
  return {
    name: route?.name ?? '',
    destinationConnectorId: route?.destinationConnectorId ?? null,
    messageTypes: route?.filter.messageTypes ?? [],
    sendingFacility: route?.filter.sendingFacility ?? '',
    conditionPath: condition?.path ?? '',
    conditionOp: condition?.op ?? 'equals',
    conditionValue: condition?.value ?? '',
    payloadKind: route?.payload.kind ?? 'raw',
    profileId: route?.payload.kind === 'hl7-profile' ? route.payload.profileId : null,
    laneBy: route?.laneBy ?? 'destination',
    enabled: route?.enabled ?? true,
  };
}

/** The payloads a destination can take: MLLP carries HL7 v2 only, a FHIR server only the Bundle; the engine refuses the rest. */
export function payloadKindsFor(protocol: string | undefined): RoutePayloadKind[] {
  if (protocol === 'mllp') return ['raw', 'hl7-profile'];
  return protocol === 'fhir-rest' ? ['fhir-bundle'] : ['raw', 'hl7-profile', 'fhir-bundle'];
}

function routeBody(values: RouteFormValues) {
  const path = values.conditionPath.trim();
  const facility = values.sendingFacility.trim();
  return {
    name: values.name.trim(),
    destinationConnectorId: values.destinationConnectorId ?? '',
    filter: {
      ...(values.messageTypes.length > 0 && { messageTypes: values.messageTypes }),
      ...(facility && { sendingFacility: facility }),
      ...(path && { condition: { path, op: values.conditionOp, ...(values.conditionOp !== 'exists' && { value: values.conditionValue }) } }),
    },
    payload: values.payloadKind === 'hl7-profile' ? { kind: 'hl7-profile' as const, profileId: values.profileId ?? '' } : { kind: values.payloadKind },
    laneBy: values.laneBy,
    enabled: values.enabled,
  };
}

export const toCreateRoute = (values: RouteFormValues, sourceConnectorId: string): ApiInput<'outboundRoutes.create'> => ({ ...routeBody(values), sourceConnectorId });

export const toUpdateRoute = (values: RouteFormValues, stored: OutboundRoute): ApiInput<'outboundRoutes.update'> => ({ ...routeBody(values), id: stored.id, version: stored.version });

/** The engine's field paths (`filter.condition.value`, `payload.profileId`, `filter.messageTypes.0`) → the form's inputs. */
const formFields: Record<string, keyof RouteFormValues> = {
  name: 'name',
  destinationConnectorId: 'destinationConnectorId',
  'filter.messageTypes': 'messageTypes',
  'filter.sendingFacility': 'sendingFacility',
  'filter.condition.path': 'conditionPath',
  'filter.condition.op': 'conditionOp',
  'filter.condition.value': 'conditionValue',
  'filter.condition': 'conditionPath',
  'payload.kind': 'payloadKind',
  'payload.profileId': 'profileId',
  payload: 'payloadKind',
  laneBy: 'laneBy',
  enabled: 'enabled',
};

export function placeRouteErrors(fields: FieldErrors, values: RouteFormValues): { errors: Record<string, string>; unplaced: string[] } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [path, messages] of Object.entries(fields)) {
    const index = /^filter\.messageTypes\.(\d+)$/.exec(path)?.[1];
    const field = formFields[path] ?? (index !== undefined ? 'messageTypes' : undefined);
    if (!field) {
      unplaced.push(...messages.map((message) => `${path}: ${message}`));
      continue;
    }
    const texts = index !== undefined ? messages.map((message) => `“${values.messageTypes[Number(index)] ?? index}” ${message}`) : messages;
    errors[field] = [errors[field], ...texts].filter(Boolean).join('; ');
  }
  return { errors, unplaced };
}
