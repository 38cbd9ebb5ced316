import type { Alert } from '../../src-shared/alerts';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, type RequestContext } from '../core/request-context';
import type { AlertFilter, AlertRow, AlertsRepo } from '../store/alerts-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';
import { decide, type AlertState, type Observation } from './alert-rules';

export interface AlertServiceDeps {
  repo: AlertsRepo;
  journal: JournalRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

export const toAlertDto = (row: AlertRow): Alert => ({
  id: row.id,
  tenantId: row.tenantId,
  type: row.kind as Alert['type'],
  severity: row.severity as Alert['severity'],
  status: row.status as Alert['status'],
  connectorId: row.connectorId,
  dedupeKey: row.dedupeKey,
  message: row.message,
  count: row.occurrences,
  firstSeenAt: isoTime(row.raisedAt),
  lastSeenAt: isoTime(row.lastSeenAt ?? row.raisedAt),
  acknowledgedAt: isoOrNull(row.acknowledgedAt),
  acknowledgedBy: row.acknowledgedBy,
  resolvedAt: isoOrNull(row.resolvedAt),
  resolution: row.resolution as Alert['resolution'],
  recoveryMessage: row.recoveryMessage,
});

const stateOf = (row: AlertRow): AlertState => ({ id: row.id, status: row.status as AlertState['status'], severity: row.severity as AlertState['severity'], conditionEndedAt: row.conditionEndedAt });

/**
 * Alerts: the monitoring kinds hand it observations, it keeps one alert per dedupe key while the
 * condition lasts and writes AlertRaised / AlertResolved outbox events in the same transaction (so
 * event subscriptions can forward them). Operators acknowledge and resolve through the API.
 */
export function createAlertService(deps: AlertServiceDeps) {
  const { repo, journal, transact, ids, clock, changes } = deps;

  const event = (type: 'AlertRaised' | 'AlertResolved', row: AlertRow, extra: Record<string, unknown>, at: number): void =>
    journal.appendEvent({ tenantId: row.tenantId, type, aggregateType: 'alert', aggregateId: row.id, payload: { alertType: row.kind, severity: row.severity, connectorId: row.connectorId, dedupeKey: row.dedupeKey, ...extra } }, at);

  function load(ctx: RequestContext, id: string): AlertRow {
    const row = repo.findById(id);
    if (!row) throw new AppError('not_found', 'INTEROP_ALERT_NOT_FOUND', `Alert ${id} was not found`, { id });
    assertSameTenant(row.tenantId, ctx);
    return row;
  }

  /** Applies one evaluation's observations of a tenant in one transaction; answers how many alerts changed state (raised or resolved). */
  function observe(tenantId: string, observations: readonly Observation[]): number {
    const now = clock.now();
    let changed = 0;
    let touched = false;
    transact(() => {
      for (const o of observations) {
        const latest = repo.latestForKey(tenantId, o.key);
        const action = decide(o, latest && stateOf(latest));
        switch (action.action) {
          case 'raise': {
            if (o.holds !== true) break;
            const row = repo.insert({ id: ids('ALRT'), tenantId, connectorId: o.connectorId, kind: o.type, severity: o.severity, status: 'open', dedupeKey: o.key, message: o.message, occurrences: 1, raisedAt: now, lastSeenAt: now });
            event('AlertRaised', row, { message: row.message }, now);
            changed++;
            break;
          }
          case 'renew':
            if (o.holds === true) repo.renew(action.id, now, action.severity, o.message);
            touched = true;
            break;
          case 'resolve': {
            if (!repo.resolve(action.id, now, 'auto', action.recovery)) break;
            const row = repo.findById(action.id);
            if (row) event('AlertResolved', row, { resolution: 'auto', recoveryMessage: action.recovery }, now);
            changed++;
            break;
          }
          case 'condition-ended':
            repo.markConditionEnded(action.id, now);
            break;
          case 'none':
            break;
          default:
            action satisfies never;
        }
      }
    });
    if (changed > 0 || touched) changes.publish({ topic: 'alerts' });
    return changed;
  }

  return {
    observe,

    /** A connector paused or deactivated is no longer watched: its open alerts are resolved, saying so. */
    resolveForInactiveConnectors(): number {
      const stale = repo.openOfInactiveConnectors();
      const byTenant = new Map<string, Observation[]>();
      for (const row of stale) {
        const list = byTenant.get(row.tenantId) ?? [];
        list.push({ type: row.kind as Observation['type'], key: row.dedupeKey, connectorId: row.connectorId, holds: false, recovery: 'the connector is no longer active' });
        byTenant.set(row.tenantId, list);
      }
      let resolved = 0;
      for (const [tenantId, observations] of byTenant) resolved += observe(tenantId, observations);
      return resolved;
    },

    list(ctx: RequestContext, filter: AlertFilter, page: PageRequest) {
      const { rows, total } = repo.list(ctx.tenantId, filter, page);
      return { data: rows.map(toAlertDto), page: page.page, pageSize: page.pageSize, total };
    },

    get(ctx: RequestContext, id: string): Alert {
      return toAlertDto(load(ctx, id));
    },

    /** Someone is on it: the alert stays the open alert of its key (renewed, resolved when the condition clears). Acknowledging it again is a no-op. */
    acknowledge(ctx: RequestContext, id: string): Alert {
      const row = load(ctx, id);
      if (row.status === 'resolved') throw new AppError('conflict', 'INTEROP_ALERT_RESOLVED', `Alert ${id} is already resolved`, { id });
      if (row.status === 'open') {
        const now = clock.now();
        transact(() => {
          repo.acknowledge(id, now, ctx.actor);
          journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'alert.acknowledge', entityType: 'alert', entityId: id }, now);
        });
        changes.publish({ topic: 'alerts', id });
      }
      return toAlertDto(repo.findById(id) ?? row);
    },

    /**
     * An operator closes the alert. If its condition still holds no new alert is raised for it; one is
     * raised when the condition has cleared and starts again. Resolving a resolved alert is a no-op.
     */
    resolve(ctx: RequestContext, id: string): Alert {
      const row = load(ctx, id);
      if (row.status !== 'resolved') {
        const now = clock.now();
        transact(() => {
          if (!repo.resolve(id, now, 'manual', null)) return;
          event('AlertResolved', row, { resolution: 'manual' }, now);
          journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'alert.resolve', entityType: 'alert', entityId: id }, now);
        });
        changes.publish({ topic: 'alerts', id });
      }
      return toAlertDto(repo.findById(id) ?? row);
    },
  };
}
export type AlertService = ReturnType<typeof createAlertService>;
