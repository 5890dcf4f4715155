/** The words of reports. */
export const reports = {
  'reports.history': 'History',
  'reports.what': 'What',
  'reports.events': 'Events',
  'reports.alarms': 'Alarms',
  'reports.auditTrail': 'Audit trail',
  'reports.from': 'From',
  'reports.to': 'To',
  'reports.search': 'Search',
  'reports.exportCsv': 'Export CSV (',
  'reports.theFirst500Of': 'The first 500 of',
  'reports.areShownTheExport': 'are shown; the export has them all.',
  'reports.alarmKpis': 'Alarm KPIs',
  'reports.badActors': 'Bad actors',
  'reports.noActivationsInThis': 'No activations in this window.',
} as const;
