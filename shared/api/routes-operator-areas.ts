import { route, typed } from './define.js';

/** The areas this operator watches: what their flood banner counts. */
export const operatorAreaRoutes = {
  'sessions.areas': route({
    method: 'GET', path: '/sessions/current/areas', role: 'operator',
    summary: "The areas you watch (an admin sets them on the Operators page); empty: every area. The flood banner counts activations there only.",
    reply: typed<{ areas: string[] }>('OperatorAreas'),
  }),
} as const;
