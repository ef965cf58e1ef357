import type { ComponentProps } from 'react';
import { cn } from './cn';

/**
 * A labelled input with its error (and optional hint) wired for assistive technology:
 * `aria-invalid` and `aria-describedby` point at the message, so it is read with the field.
 */
export function FormField({
  label,
  name,
  error,
  hint,
  className,
  ...input
}: ComponentProps<'input'> & { label: string; name: string; error?: string; hint?: string }) {
  const id = input.id ?? `field-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy =
    [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          'block w-full rounded-md border bg-surface px-3 py-2 text-sm text-ink shadow-xs placeholder:text-slate-400 focus-visible:outline-accent-500',
          error ? 'border-status-failed' : 'border-line',
        )}
        {...input}
      />
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

/** A form-level message (e.g. wrong password, lockout), announced when it appears. */
export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-status-failed/30 bg-status-failed/5 px-3 py-2 text-sm text-ink"
    >
      {message}
    </div>
  );
}
