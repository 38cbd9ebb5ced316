import { AppError } from '../core/errors';
import type { IntegrationRunKind } from '../jobs/run-kind';

/** The kinds of integration job this engine runs, by name; a job names one and its config is checked by the kind's schema. */
export interface RunKindRegistry {
  /** Throws 409 INTEGRATION_RUN_KIND_REGISTERED for a name registered already. */
  register<Config>(kind: IntegrationRunKind<Config>): void;
  get(name: string): IntegrationRunKind | undefined;
  names(): string[];
  /** The config parsed by the kind's schema, or each problem by field path (`config.…`, or `kind` for an unknown kind). */
  parseConfig(name: string, config: unknown): { ok: true; config: unknown } | { ok: false; problems: { path: string; message: string }[] };
}

export function createRunKindRegistry(): RunKindRegistry {
  const kinds = new Map<string, IntegrationRunKind>();
  return {
    register(kind) {
      if (kinds.has(kind.kind)) throw new AppError('conflict', 'INTEGRATION_RUN_KIND_REGISTERED', `The integration job kind ${kind.kind} is registered already`);
      kinds.set(kind.kind, kind as IntegrationRunKind);
    },
    get: (name) => kinds.get(name),
    names: () => [...kinds.keys()].sort(),
    parseConfig(name, config) {
      const kind = kinds.get(name);
      if (!kind) return { ok: false, problems: [{ path: 'kind', message: `is not a kind of job this engine runs (${[...kinds.keys()].sort().join(', ')})` }] };
      const parsed = kind.config.safeParse(config);
      if (parsed.success) return { ok: true, config: parsed.data };
      return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: ['config', ...issue.path.map(String)].join('.'), message: issue.message })) };
    },
  };
}
