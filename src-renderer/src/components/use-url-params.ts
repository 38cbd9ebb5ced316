import { useSearchParams } from 'react-router';

/**
 * The page's view state in the URL (filters, tab, selection), so a reload or a shared link shows the same
 * view: the current params and a setter of one (null or empty removes it) that replaces the history entry.
 */
export function useUrlParams(): [URLSearchParams, (name: string, value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string | null): void =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return [params, setParam];
}
