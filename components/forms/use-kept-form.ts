import { useActionState, useState, type ChangeEvent } from 'react';
import type { FormState } from '@/lib/actions/result';
import { submitWithoutReset } from './submit-without-reset';

/**
 * State for an "add" form (Settings → Users, Settings → Pricing …): controlled values kept after a
 * failed attempt so nothing typed is lost (see submitWithoutReset), and the `clearOnSuccess` ones
 * put back to their initial value once the action succeeds. `bind(name)` wires an input or select.
 */
export function useKeptForm<V extends Record<string, string>, T>(
  submit: (previous: FormState<T>, formData: FormData) => Promise<FormState<T>>,
  initial: V,
  { clearOnSuccess }: { clearOnSuccess: readonly (keyof V)[] },
) {
  const [values, setValues] = useState<V>(initial);
  const [state, action, isPending] = useActionState<FormState<T>, FormData>(
    async (previous, formData) => {
      const result = await submit(previous, formData);
      if (result?.ok) {
        setValues((current) => {
          const next = { ...current };
          for (const key of clearOnSuccess) next[key] = initial[key];
          return next;
        });
      }
      return result;
    },
    null,
  );
  const bind = (name: keyof V & string) => ({
    name,
    value: values[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setValues((current) => ({ ...current, [name]: event.target.value })),
  });
  return {
    values,
    bind,
    state,
    isPending,
    fieldErrors: state && !state.ok ? state.fieldErrors : undefined,
    formProps: { action, onSubmit: submitWithoutReset(action), noValidate: true },
  };
}
