import type { z } from 'zod';
import type { AlarmDefinitionSchema } from '../alarms/definitions.js';
import type { RuleSchema } from './schema.js';

type Definition = z.input<typeof AlarmDefinitionSchema>;
type Rule = z.input<typeof RuleSchema>;

/**
 * What a site starts with: the HALO events that need a person, each with a priority an operator
 * can act on and the steps to take. Priority 1 is the highest; life safety sits at the top,
 * policy (vape, smoking) in the middle, housekeeping (masking) at the bottom.
 */
const STARTER: ReadonlyArray<{ event: string; id: string; name: string; priority: number; latching: boolean; procedure: string }> = [
  { event: 'Gunshot', id: 'HALO-GUNSHOT', name: 'Gunshot detected', priority: 1, latching: true, procedure: '1. Call emergency services (911/112) now.\n2. Start the lockdown procedure; lock the doors of the area.\n3. Put the nearest cameras on the main monitor; do not send staff into the area.\n4. Reset only when police clear the scene.' },
  { event: 'Help', id: 'HALO-HELP', name: 'Help (panic) call', priority: 2, latching: true, procedure: '1. Send the nearest guard or staff member to the room at once.\n2. Watch the room\'s cameras and speak over the intercom if there is one.\n3. Call emergency services if a person is hurt or in danger.\n4. Reset after someone has been to the room.' },
  { event: 'Aggression', id: 'HALO-AGGRESSION', name: 'Aggression (shouting)', priority: 10, latching: false, procedure: '1. Look at the room\'s cameras.\n2. Send a staff member to check.\n3. Escalate to a supervisor if the situation continues.' },
  { event: 'Tamper', id: 'HALO-TAMPER', name: 'Sensor tampered with', priority: 20, latching: true, procedure: '1. Check the sensor\'s cameras for who was near it.\n2. Send facilities to inspect the sensor and its mounting.\n3. Reset once the sensor is checked.' },
  { event: 'THC', id: 'HALO-THC', name: 'THC vapour', priority: 30, latching: false, procedure: '1. Send a staff member to the room.\n2. Note who leaves the room on the nearest camera.\n3. Follow the site\'s substance policy.' },
  { event: 'Vape', id: 'HALO-VAPE', name: 'Vaping', priority: 40, latching: false, procedure: '1. Send a staff member to the room.\n2. Note who leaves the room on the nearest camera.\n3. Follow the site\'s vaping policy.' },
  { event: 'Smoking', id: 'HALO-SMOKING', name: 'Smoking', priority: 40, latching: false, procedure: '1. Send a staff member to the room.\n2. Check there is no fire.\n3. Follow the site\'s smoking policy.' },
  { event: 'Masking', id: 'HALO-MASKING', name: 'Sensor masked', priority: 60, latching: false, procedure: '1. Send a staff member to uncover the sensor.\n2. Note who was near it on the nearest camera.' },
];

export interface StarterSet {
  definitions: Definition[];
  rules: Rule[];
}

/** The starter alarm definitions and rules: every HALO of any device type named `halo`, one rule per event. */
export function starterSet(): StarterSet {
  return {
    definitions: STARTER.map((s) => ({ id: s.id, name: s.name, priority: s.priority, category: 'HALO', procedure: s.procedure, latching: s.latching })),
    rules: STARTER.map((s) => ({
      id: `starter-${s.event.toLowerCase()}`, name: `HALO ${s.event} → ${s.name}`, enabled: true,
      when: { type: 'event', origin: 'tcp', name: s.event, kind: 'any' },
      do: [{ type: 'trigger-alarm', alarmId: s.id }],
    })),
  };
}
