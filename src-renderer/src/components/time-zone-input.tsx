import { Autocomplete, type AutocompleteProps } from '@mantine/core';

const zones = Intl.supportedValuesOf('timeZone');

/** An IANA time zone name: any may be typed, the list of the zones Intl knows only helps. */
export function TimeZoneInput(props: Omit<AutocompleteProps, 'data'>) {
  return <Autocomplete placeholder="Europe/Berlin" limit={50} spellCheck={false} {...props} data={zones} />;
}
