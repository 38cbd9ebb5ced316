import { useEffect, useState } from 'react';

/**
 * For a drawer shown by a route (always `opened`, closed by navigating away, so Mantine's own focus return
 * never runs): when it unmounts, focus goes back to what had it when it appeared — the row that opened it —
 * if that is still on the page, rather than to the page itself.
 */
export function useReturnFocus(): void {
  // Read while rendering, before the drawer's focus trap moves focus inside it.
  const [opener] = useState(() => document.activeElement);
  useEffect(
    () => () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    },
    [opener],
  );
}
