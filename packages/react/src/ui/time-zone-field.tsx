import { SelectField, TextField } from './field.js';

// Older runtimes have no `Intl.supportedValuesOf`; they get a text input and the API checks the zone instead.
function supportedTimeZones(): string[] | null {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : null;
}

/** An IANA time zone: a select of the runtime's zones, or a text input where the runtime cannot list them. */
export function TimeZoneField({
  value,
  onChange,
  label = 'Time zone',
  emptyLabel,
}: {
  value: string;
  onChange: (zone: string) => void;
  label?: string;
  /** Offer "no zone" (the empty string) under this label, for forms where the zone is optional. */
  emptyLabel?: string;
}) {
  const zones = supportedTimeZones();
  if (!zones) {
    return (
      <TextField
        label={label}
        hint='An IANA time zone such as "America/New_York".'
        value={value}
        onChange={onChange}
        autoComplete="off"
        required={emptyLabel === undefined}
      />
    );
  }
  // A stored zone the list leaves out (an alias such as "US/Eastern", or "UTC" on some runtimes) stays selectable.
  const listed = value && !zones.includes(value) ? [value, ...zones] : zones;
  const options = listed.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
  return (
    <SelectField
      label={label}
      value={value}
      options={emptyLabel === undefined ? options : [{ value: '', label: emptyLabel }, ...options]}
      onChange={onChange}
    />
  );
}

/** "English (en)"; the bare tag where the runtime has no name for it. */
export function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames(undefined, { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}
