import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/actions/result';
import { FormStatus } from './form-status';

/** The submit button and outcome of a Settings "add" form; field errors sit by their inputs. */
export function AddFormActions({
  label,
  pendingLabel = 'Adding…',
  isPending,
  state,
}: {
  label: string;
  pendingLabel?: string;
  isPending: boolean;
  state: FormState<{ message: string }>;
}) {
  const hasFieldErrors = Boolean(state && !state.ok && state.fieldErrors);
  return (
    <div className="flex flex-wrap items-center gap-4">
      <Button type="submit" disabled={isPending}>
        {isPending ? pendingLabel : label}
      </Button>
      <FormStatus state={hasFieldErrors ? null : state} />
    </div>
  );
}
