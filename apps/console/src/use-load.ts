import { useCallback, useEffect, useState } from 'preact/hooks';
import { type ApiFailure } from './api';

export type Loaded<T> = Readonly<{
  data: T | null;
  error: ApiFailure | Error | null;
  loading: boolean;
  reload: () => void;
}>;

/** Runs `load` when `deps` change (and on `reload`), keeping the last answer while the next one comes. */
export const useLoad = <T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> => {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiFailure | Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // The caller names what the load depends on; `load` itself is a new closure on every render.
  }, [...deps, round]);
  return { data, error, loading, reload };
};
