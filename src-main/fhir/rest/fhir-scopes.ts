import { grantsScope, InteropScope, SMART_SCOPE } from '../../../src-shared/scopes';
import { interactionOf, type Interaction } from './interaction-of';

/** A SMART permission letter (v2): create, read, update, delete, search. */
type Letter = 'c' | 'r' | 'u' | 'd' | 's';

/** What a FHIR request needs: nothing (metadata), one of the engine's scopes, or SMART letters on a type. */
export type FhirNeed = { kind: 'public' } | { kind: 'interop'; scope: InteropScope } | { kind: 'smart'; type: string; letters: readonly Letter[] };

const smart = (type: string, ...letters: Letter[]): FhirNeed => ({ kind: 'smart', type, letters });
const ADMIN: FhirNeed = { kind: 'interop', scope: InteropScope.admin };

/** SMART v1/v2 reading of interactions: read/vread/instance history `r`, search and wider history `s`, create `c`, update/patch `u`, delete `d`. */
export function needOf(interaction: Interaction): FhirNeed {
  switch (interaction.kind) {
    case 'capabilities':
      return { kind: 'public' };
    case 'bundle':
      // Each entry is checked on its own (needsOfBundle); the Bundle itself needs nothing more.
      return { kind: 'public' };
    case 'read':
    case 'vread':
    case 'operation':
      return smart(interaction.type, 'r');
    case 'history':
      return interaction.id === undefined ? smart(interaction.type ?? '*', 's') : smart(interaction.type ?? '*', 'r');
    case 'search':
      return smart(interaction.type, 's');
    case 'create':
      return smart(interaction.type, 'c');
    case 'update':
    case 'patch':
    case 'conditional-update':
    case 'conditional-patch':
      return smart(interaction.type, 'u');
    case 'delete':
    case 'conditional-delete':
      return smart(interaction.type, 'd');
    default:
      return interaction satisfies never;
  }
}

/** The needs of a transaction or batch Bundle: every entry's interaction, all checked before any is applied. An entry that cannot be read needs admin. */
export function needsOfBundle(body: unknown): FhirNeed[] {
  const entries = (body as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return [];
  return entries.map((entry: unknown) => {
    const request = (entry as { request?: { method?: unknown; url?: unknown } } | null)?.request;
    if (typeof request?.method !== 'string' || typeof request.url !== 'string') return ADMIN;
    try {
      const path = new URL(request.url, 'http://entry/').pathname.replace(/^\/(fhir\/R4\/)?/, '');
      const interaction = interactionOf(request.method.toUpperCase(), path.split('/').filter(Boolean).map(decodeURIComponent));
      return interaction.kind === 'bundle' ? ADMIN : needOf(interaction);
    } catch {
      return ADMIN;
    }
  });
}

/** The bulk data routes: $export and its status and files need svc:interop:bulk-export; $import writes every type. */
export function needOfBulkRoute(routeUrl: string): FhirNeed | undefined {
  if (/\/\$export(-status|-file)?(\/|$)/.test(routeUrl)) return { kind: 'interop', scope: InteropScope.bulkExport };
  if (/\/\$import(-status|-errors)?(\/|$)/.test(routeUrl)) return smart('*', 'c', 'u');
  return undefined;
}

const LETTERS_OF: Record<string, readonly Letter[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };

/**
 * Whether scopes grant a need: svc:interop:admin grants everything; `system/` and `user/` SMART scopes
 * grant their type (or `*`) and letters. `patient/` scopes grant nothing here: a client_credentials
 * token has no patient in context to narrow them to.
 */
export function grantsFhir(scopes: readonly string[], need: FhirNeed): boolean {
  if (need.kind === 'public' || scopes.includes(InteropScope.admin)) return true;
  if (need.kind === 'interop') return grantsScope(scopes, need.scope);
  const held = new Set<Letter>();
  for (const scope of scopes) {
    const match = SMART_SCOPE.exec(scope);
    if (!match || match[1] === 'patient' || (match[2] !== '*' && match[2] !== need.type)) continue;
    const permission = match[3] as string;
    for (const letter of LETTERS_OF[permission] ?? (permission.split('') as Letter[])) held.add(letter);
  }
  return need.letters.every((letter) => held.has(letter));
}

/** The scope to name in a refusal: the engine's scope, or the SMART v1 scope that would grant it. */
export function scopeNameOf(need: FhirNeed): string {
  if (need.kind === 'public') return '';
  if (need.kind === 'interop') return need.scope;
  const writes = need.letters.some((letter) => letter === 'c' || letter === 'u' || letter === 'd');
  return `system/${need.type}.${writes ? 'write' : 'read'}`;
}
