import { useState } from 'preact/hooks';
import { ApiFailure } from './api';

/**
 * A write from a form: the API's failure is kept for the form to show beside its fields, a success
 * clears it and tells `onDone` the position the write reached (pages then read at it). Resolves to
 * whether it succeeded; anything but an API answer is thrown on.
 */
export const useWrite = (onDone: (position: string) => void) => {
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const write = async (send: () => Promise<{ position: string }>): Promise<boolean> => {
    try {
      const answer = await send();
      setFailure(null);
      onDone(answer.position);
      return true;
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
      return false;
    }
  };
  return { failure, write, clear: () => setFailure(null) };
};
