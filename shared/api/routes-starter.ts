import { z } from 'zod';
import { route, typed } from './define.js';
import type { StarterSet } from '../rules/starter.js';

export interface StarterOutcome {
  /** What was added; what a site already had under the same id stays as the site made it. */
  definitionsAdded: string[];
  rulesAdded: string[];
  kept: string[];
}

/** The starter rules: what a new site starts with, and adding them to a real site. */
export const starterRoutes = {
  'starter.get': route({ method: 'GET', path: '/starter-rules', role: 'operator', summary: 'The starter alarm definitions and rules (HALO Gunshot, Help, Aggression, Tamper, THC, Vape, Smoking, Masking).', reply: typed<StarterSet>('StarterSet') }),
  'starter.import': route({
    method: 'POST', path: '/starter-rules', role: 'supervisor', status: 201, label: 'Starter rules',
    summary: 'Add the starter alarm definitions and rules; any the site already has (same id) are kept as they are.',
    body: z.object({}).optional(), reply: typed<StarterOutcome>('StarterOutcome'),
  }),
} as const;
