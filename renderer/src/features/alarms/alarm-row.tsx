import { memo, useState, type Ref } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import type { AlarmAction } from '../../../../shared/api/routes-alarms.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { priorityBand } from './priority.js';
import { alarmMarker } from '../map/markers.js';
import { ShelveForm } from './shelve-form.js';
import { ForwardForm } from './forward-form.js';
import { isUnacknowledged, takenBy } from './alarm-order.js';
import { STATE_LABEL } from './state-label.js';
import { AlarmCameras } from './alarm-camera.js';
import { ChecklistPanel } from './checklist-panel.js';
import { OpenIncidentButton } from '../incidents/open-incident.js';
import { t } from '../../i18n/strings.js';

function duration(since: number | null, now: number): string {
  if (since === null) return '—';
  const s = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

/**
 * What a row asks of the list. One object for the list's lifetime, so a row re-renders only
 * when its own alarm or its own flags change, not whenever any alarm in a flood does.
 */
export interface RowActions {
  act(id: number, action: AlarmAction, body?: Record<string, unknown>): void;
  select(alarm: AlarmView, on: boolean): void;
  toggleDetail(id: number): void;
  shelving(id: number | null): void;
  forwarding(id: number | null): void;
}

/** Where the row stands in a flood: a member, its cause, its first out. */
export type FloodRole = 'none' | 'member' | 'cause' | 'first-out' | 'cause first-out';

export interface AlarmRowProps {
  bridge: Bridge;
  alarm: AlarmView;
  flood: FloodRole;
  me: string | undefined;
  supervisor: boolean;
  now: number;
  checked: boolean;
  detail: boolean;
  form: 'shelve' | 'forward' | null;
  actions: RowActions;
  /** For the virtual list: measures the row's height as drawn. */
  measure?: Ref<HTMLTableRowElement>;
  index?: number;
}

/** One alarm of the list, with its actions. */
export const AlarmRow = memo(function AlarmRow({ bridge, alarm: a, flood, me, supervisor, now, checked, detail, form, actions, measure, index }: AlarmRowProps) {
  const focusOn = useConsole((s) => s.focusOn);
  const showTrace = useConsole((s) => s.showTrace);
  const inGroup = flood !== 'none';
  const unack = isUnacknowledged(a);
  const owner = takenBy(a, me);
  const band = priorityBand(a.priority);
  return (
    <tr ref={measure} data-index={index} data-testid={`alarm-row-${a.id}`} className={`alarm prio-${band}${unack && a.annunciated && !inGroup ? ' blink' : ''}${a.annunciated ? '' : ' quiet'}${inGroup ? ' flood-member' : ''}`}>
      <td><input type="checkbox" aria-label={t('alarms.selectOn', { alarm: a.name, source: a.source.name })} data-testid={`alarm-select-${a.id}`} checked={checked} onChange={(e) => actions.select(a, e.target.checked)} /></td>
      <td><span className={`prio prio-${band}`}>{a.priority}</span></td>
      <td data-testid={`alarm-state-${a.id}`}>{STATE_LABEL[a.state]}</td>
      <td className="alarm-name" title={a.procedure || undefined}>
        <button className="link" aria-expanded={detail} data-testid={`alarm-detail-toggle-${a.id}`} onClick={() => actions.toggleDetail(a.id)}><strong>{a.name}</strong> {detail ? '▾' : '▸'}</button>
        {a.chattering && <span className="chip warn"> {t('alarms.chattering')}</span>}
        {flood.startsWith('cause') && <span className="chip bad" data-testid={`cause-${a.id}`}> {t('alarms.cause')}</span>}
        {flood.endsWith('first-out') && <span className="chip warn" data-testid={`first-out-${a.id}`}> {t('alarms.firstOut')}</span>}
      </td>
      <td>{a.source.name}</td>
      <td>{a.value ?? '—'}</td>
      {/* Once the condition cleared, its duration stops at the clear. */}
      <td title={a.clearedAt ? t('alarms.activeUntilCleared', { from: formatTime(a.activatedAt), to: formatTime(a.clearedAt) }) : formatTime(a.activatedAt)} data-testid={`alarm-duration-${a.id}`}>{duration(a.activatedAt, a.clearedAt ?? now)}{a.clearedAt ? ' ■' : ''}</td>
      <td className="muted notes" data-testid={`alarm-notes-${a.id}`}>
        {a.shelved && (a.shelved.until ? t('alarms.shelvedByUntil', { by: a.shelved.by, reason: a.shelved.reason, until: formatTime(a.shelved.until) }) : t('alarms.shelvedByUntilClear', { by: a.shelved.by, reason: a.shelved.reason }))}
        {a.suppressed && t('alarms.suppressed', { suppressed: a.suppressed })}
        {a.outOfService && t('alarms.outOfService', { reason: a.outOfService.reason })}
        {a.acknowledgedBy && !unack && t('alarms.acknowledgedBy', { acknowledgedBy: a.acknowledgedBy })}
        {a.investigatingBy && t('alarms.isOnIt', { investigatingBy: a.investigatingBy })}
        {a.forwardedTo && (a.forwardedBy ? t('alarms.forwardedBy', { by: a.forwardedBy, to: a.forwardedTo }) : t('alarms.forwardedTo', { to: a.forwardedTo })) + (a.forwardMessage ? t('alarms.forwardMessage', { message: a.forwardMessage }) : '')}
      </td>
      <td className="actions">
        <div className="action-buttons">
          {form === 'shelve' ? (
            <ShelveForm onCancel={() => actions.shelving(null)} onShelve={(reason, durationS) => { actions.shelving(null); actions.act(a.id, 'shelve', { reason, durationS }); }} />
          ) : form === 'forward' ? (
            <ForwardForm bridge={bridge} onCancel={() => actions.forwarding(null)} onForward={(to, message) => { actions.forwarding(null); actions.act(a.id, 'forward', { to, message }); }} />
          ) : (
            <>
              {unack && <button data-testid={`ack-${a.id}`} disabled={owner !== null} title={owner ? t(supervisor ? 'alarms.isHandlingItForce' : 'alarms.isHandlingIt', { owner }) : undefined} onClick={() => actions.act(a.id, 'acknowledge')}>{t('alarms.acknowledge')}</button>}
              {supervisor && unack && owner && <button data-testid={`force-ack-${a.id}`} onClick={() => actions.act(a.id, 'force-acknowledge')}>{t('alarms.forceAcknowledge')}</button>}
              {a.shelved ? <button data-testid={`unshelve-${a.id}`} onClick={() => actions.act(a.id, 'unshelve')}>{t('alarms.unshelve')}</button>
                : <button data-testid={`shelve-${a.id}`} onClick={() => actions.shelving(a.id)}>{t('alarms.shelve')}</button>}
              {a.state === 'latched' && <button data-testid={`reset-${a.id}`} onClick={() => actions.act(a.id, 'reset')}>{t('alarms.reset')}</button>}
              {!a.investigatingBy && <button data-testid={`investigate-${a.id}`} onClick={() => actions.act(a.id, 'investigate')}>{t('alarms.investigate')}</button>}
              <button data-testid={`forward-${a.id}`} onClick={() => actions.forwarding(a.id)}>{t('alarms.forward')}</button>
              {alarmMarker(a) && <button data-testid={`map-${a.id}`} onClick={() => { focusOn(alarmMarker(a)!); document.querySelector('[data-testid="floor-map"]')?.scrollIntoView({ block: 'nearest' }); }}>{t('alarms.map')}</button>}
              {a.source.deviceId !== null && <button data-testid={`trace-${a.id}`} onClick={() => { showTrace({ deviceId: a.source.deviceId!, ruleId: a.ruleId, at: a.activatedAt ?? a.lastChangeAt }); document.querySelector('[data-testid="chart"]')?.scrollIntoView({ block: 'center' }); }}>{t('alarms.trace')}</button>}
            </>
          )}
        </div>
      </td>
    </tr>
  );
});

/** The open alarm's details under its row: checklist, acknowledge with a comment, cameras, incident. */
export const AlarmDetailRow = memo(function AlarmDetailRow({ bridge, alarm: a, me, actions, measure, index }: { bridge: Bridge; alarm: AlarmView; me: string | undefined; actions: RowActions; measure?: Ref<HTMLTableRowElement>; index?: number }) {
  const [comment, setComment] = useState('');
  return (
    <tr ref={measure} data-index={index} className="alarm-detail" data-testid={`alarm-detail-${a.id}`}>
      <td colSpan={9}>
        <div className="detail-grid">
          <div>
            <ChecklistPanel bridge={bridge} alarm={a} />
            {isUnacknowledged(a) && !takenBy(a, me) && (
              <form className="inline-form" onSubmit={(e) => { e.preventDefault(); actions.act(a.id, 'acknowledge', { comment }); setComment(''); }}>
                <input aria-label={t('alarms.commentOptional')} placeholder={t('alarms.commentOptional')} data-testid={`ack-comment-${a.id}`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
                <button type="submit" data-testid={`ack-with-comment-${a.id}`}>{t('alarms.acknowledge')}{comment.trim() ? t('alarms.withComment') : ''}</button>
              </form>
            )}
            <div className="muted">{t('alarms.activated')} {formatTime(a.activatedAt)} · {a.activations} {t('alarms.activationS')}{a.acknowledgedBy ? t('alarms.acknowledgedByAt', { by: a.acknowledgedBy, at: formatTime(a.acknowledgedAt) }) : ''}{a.comment ? ` · “${a.comment}”` : ''}</div>
          </div>
          <AlarmCameras bridge={bridge} alarm={a} />
          <OpenIncidentButton bridge={bridge} alarmIds={[a.id]} />
        </div>
      </td>
    </tr>
  );
});
