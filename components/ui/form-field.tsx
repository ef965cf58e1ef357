import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

/**
 * Labelled form controls with their error (and optional hint) wired for assistive technology:
 * `aria-invalid` and `aria-describedby` point at the message, so it is read with the field.
 */
interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  className?: string;
}

const CONTROL_CLASS =
  'block w-full rounded-md border bg-surface px-3 py-2 text-sm text-ink shadow-xs placeholder:text-slate-400 focus-visible:outline-accent-500';

function describe(id: string, error?: string, hint?: string) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return {
    errorId,
    hintId,
    describedBy:
      [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined,
  };
}

/** The label above, the hint or error below, any control in between. */
function FieldShell({
  id,
  label,
  error,
  hint,
  className,
  children,
}: Omit<FieldProps, 'name'> & { id: string; children: ReactNode }) {
  const { errorId, hintId } = describe(id, error, hint);
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      {children}
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

function controlProps(id: string, name: string, error?: string, hint?: string) {
  return {
    id,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describe(id, error, hint).describedBy,
    className: cn(CONTROL_CLASS, error ? 'border-status-failed' : 'border-line'),
  } as const;
}

export function FormField({
  label,
  name,
  error,
  hint,
  className,
  ...input
}: ComponentProps<'input'> & FieldProps) {
  const id = input.id ?? `field-${name}`;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <input {...controlProps(id, name, error, hint)} {...input} id={id} />
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  name,
  error,
  hint,
  className,
  ...textarea
}: ComponentProps<'textarea'> & FieldProps) {
  const id = textarea.id ?? `field-${name}`;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <textarea {...controlProps(id, name, error, hint)} {...textarea} id={id} />
    </FieldShell>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  className,
  ...select
}: Omit<ComponentProps<'select'>, 'children'> &
  FieldProps & { options: readonly { value: string; label: string }[] }) {
  const id = select.id ?? `field-${name}`;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <select {...controlProps(id, name, error, hint)} {...select} id={id}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
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
