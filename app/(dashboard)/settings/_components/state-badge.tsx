import { cn } from '@/components/ui/cn';

const TONES = {
  good: { dot: 'bg-status-active', tint: 'bg-status-active/10 ring-status-active/30' },
  off: { dot: 'bg-status-inactive', tint: 'bg-status-inactive/10 ring-status-inactive/30' },
  bad: { dot: 'bg-status-failed', tint: 'bg-status-failed/10 ring-status-failed/30' },
} as const;

/** Active/disabled/revoked and the like: a dot plus the word, never colour alone. */
export function StateBadge({ tone, label }: { tone: keyof typeof TONES; label: string }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap text-ink ring-1 ring-inset',
        TONES[tone].tint,
      )}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', TONES[tone].dot)} />
      {label}
    </span>
  );
}
