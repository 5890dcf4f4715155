import { memo, useMemo } from 'react';
import { useDeviceDirectory } from '../../store/device-directory.js';

/**
 * A device drop-down that re-renders only when its value or the device list changes. A
 * controlled <select> re-selects every option on each render of its parent: with 5,000
 * devices that cost a chart or event list tens of milliseconds per live update.
 */
export const DevicePicker = memo(function DevicePicker({ value, onChange, allLabel, label, testId }: {
  value: string;
  onChange: (value: string) => void;
  /** When set, a first option "all devices" with the value 'all'. */
  allLabel?: string;
  label: string;
  testId: string;
}) {
  const list = useDeviceDirectory();
  const options = useMemo(() => list.map((d) => <option key={d.id} value={String(d.id)}>{d.name}</option>), [list]);
  return (
    <select aria-label={label} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
      {allLabel && <option value="all">{allLabel}</option>}
      {options}
    </select>
  );
});
