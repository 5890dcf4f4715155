/** The words of charts. */
export const charts = {
  'charts.from': 'From',
  'charts.to': 'To',
  'charts.apply': 'Apply',
  'charts.cancel': 'Cancel',
  'charts.dataPoints': 'Data points',
  'charts.device': 'Device',
  'charts.dataPoint': 'Data point',
  'charts.custom': 'Custom…',
  'charts.compareWith': 'Compare with',
  'charts.compareWith2': 'Compare with…',
  'charts.compare': 'Compare…',
  'charts.ofSamplesShown': '{v1} of {v2} samples shown',
  'charts.loading': 'loading…',
  'charts.alarmTrace': 'Alarm trace',
  'charts.custom2': 'Custom',
  'charts.stopComparing': 'Stop comparing {v1}',
} as const;
