/** `status=open&status=acknowledged` and `status=open,acknowledged` both give a list. */
export const toList = ({ value }: { value: unknown }): unknown => {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value))
    return value.flatMap((item: unknown) => (typeof item === 'string' ? item.split(',') : [item]));
  return value;
};
