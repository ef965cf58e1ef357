import type { ComponentProps } from 'react';
import { cn } from '@/components/ui/cn';

/** A labelled `<select>` wired like FormField: its error or hint is read with the field. */
export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  className,
  ...select
}: Omit<ComponentProps<'select'>, 'children'> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  options: readonly { value: string; label: string }[];
}) {
  const id = select.id ?? `field-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy =
    [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          'block w-full rounded-md border bg-surface px-3 py-2 text-sm text-ink shadow-xs focus-visible:outline-accent-500',
          error ? 'border-status-failed' : 'border-line',
        )}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && !error && (
        <p id={hintId} className="text-xs text-ink-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-status-failed">
          {error}
        </p>
      )}
    </div>
  );
}
