/** Priority bands shared by every view: 1–50 critical, 51–150 high, the rest low. */
export const priorityBand = (p: number): 'critical' | 'high' | 'low' => (p <= 50 ? 'critical' : p <= 150 ? 'high' : 'low');
