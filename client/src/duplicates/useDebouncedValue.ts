import { useEffect, useMemo, useState } from 'react';
import { debounce } from './duplicateQuery';

/** `value`, once it has stopped changing for `ms` (compare by a string key, not identity). */
export function useDebouncedValue(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  const debounced = useMemo(() => debounce((next: string) => setSettled(next), ms), [ms]);
  useEffect(() => {
    debounced(value);
  }, [debounced, value]);
  useEffect(() => () => debounced.cancel(), [debounced]);
  return settled;
}
