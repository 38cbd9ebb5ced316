import type { RequestContext } from '../core/request-context';
import type { MappingProfileService } from '../mapping-profiles/mapping-profile-service';
import type { ProfileContentBase } from '../mapping-profiles/profile-kinds';
import type { Handlers } from './handlers';

type ProfilePrefix = 'hl7MappingProfiles' | 'fhirMappingProfiles';
type ProfileHandlers<P extends ProfilePrefix> = Pick<Handlers, Extract<keyof Handlers, `${P}.${string}`>>;

interface ProfileInput {
  id: string;
  ruleId: string;
  version: number;
  rule: ProfileContentBase['rules'][number];
  position?: number;
  page: number;
  pageSize: number;
  messageType?: string;
  resourceType?: string;
  status?: string;
}

/** Binds one direction's profile operations (the same table for both, see src-shared/profile-operations.ts) to its service. */
export function profileHandlers<P extends ProfilePrefix, Content extends ProfileContentBase>(prefix: P, s: MappingProfileService<Content>): Omit<ProfileHandlers<P>, 'hl7MappingProfiles.coverage'> {
  type Input = ProfileInput & Content;
  const content = ({ id: _id, version: _version, ...rest }: Input): Content => rest as unknown as Content;
  const handlers: Record<string, (i: Input, ctx: RequestContext) => unknown> = {
    list: (i, ctx) => s.list(ctx, { messageType: i.messageType, resourceType: i.resourceType, status: i.status }, { page: i.page, pageSize: i.pageSize }),
    get: (i, ctx) => s.get(ctx, i.id),
    versions: (i, ctx) => s.versions(ctx, i.id),
    create: (i, ctx) => s.create(ctx, i),
    update: (i, ctx) => s.update(ctx, i.id, i.version, content(i)),
    retire: (i, ctx) => s.retire(ctx, i.id),
    'rules.list': (i, ctx) => s.listRules(ctx, i.id),
    'rules.add': (i, ctx) => s.addRule(ctx, i.id, i.version, i.rule, i.position),
    'rules.update': (i, ctx) => s.updateRule(ctx, i.id, i.ruleId, i.version, i.rule),
    'rules.remove': (i, ctx) => s.removeRule(ctx, i.id, i.ruleId, i.version),
  };
  return Object.fromEntries(Object.entries(handlers).map(([verb, handler]) => [`${prefix}.${verb}`, handler])) as unknown as Omit<ProfileHandlers<P>, 'hl7MappingProfiles.coverage'>;
}
