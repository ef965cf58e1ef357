import { cn } from '@/components/ui/cn';
import { FormAlert } from '@/components/ui/form-field';
import type { FormState } from '@/lib/actions/result';

/**
 * A form's outcome: a failure as an alert, a success in a polite live region. The status element
 * is always rendered because screen readers only announce changes to a live region that already
 * exists.
 */
export function FormStatus({
  state,
  className,
}: {
  state: FormState<{ message: string }>;
  className?: string;
}) {
  const failure = state && !state.ok ? state : null;
  return (
    <div className={cn('space-y-2 empty:hidden', className)}>
      <FormAlert message={failure?.message} />
      <p role="status" className="text-sm text-ink empty:hidden">
        {state?.ok ? state.data.message : null}
      </p>
    </div>
  );
}
