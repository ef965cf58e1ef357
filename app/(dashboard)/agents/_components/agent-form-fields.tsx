/**
 * Building blocks shared by the register and edit agent forms: sections, labelled textarea /
 * select / checkbox fields, the capability rows editor and the "Advanced" section. Inputs are named
 * by payload path so zod errors land next to the field they came from.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormField, SelectField, TextAreaField } from '@/components/ui/form-field';

/** Form fields (by payload path) that live in the collapsed "Advanced" section. */
export const ADVANCED_FIELDS = [
  'maxConcurrentTasks',
  'weight',
  'priceInputPerMTokMicros',
  'priceOutputPerMTokMicros',
  'pricePerCallMicros',
  'priceProvider',
  'priceModel',
  'healthCheckIntervalS',
  'autoRecover',
];

export type FieldErrors = Record<string, string>;

/** A capability row's starting text: lists are comma-separated, as typed. */
export interface CapabilityDefaults {
  name: string;
  description: string;
  tags: string;
  inputTypes: string;
  outputTypes: string;
}

/** Starting values of the "Advanced" inputs (prices as dollar text). */
export interface AdvancedDefaults {
  maxConcurrentTasks: number;
  weight: number;
  priceInputPerMTok: string;
  priceOutputPerMTok: string;
  pricePerCall: string;
  /** `provider/model` of the referenced model price, '' for none. */
  priceRef?: string;
  healthCheckIntervalS: number;
  autoRecover: boolean;
}

export const REGISTER_ADVANCED_DEFAULTS: AdvancedDefaults = {
  maxConcurrentTasks: 4,
  weight: 100,
  priceInputPerMTok: '',
  priceOutputPerMTok: '',
  pricePerCall: '',
  healthCheckIntervalS: 60,
  autoRecover: false,
};

export { SelectField, TextAreaField };

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-line bg-surface px-5 py-4 shadow-xs"
    >
      <h2 id={id} className="mb-4 text-sm font-semibold text-ink">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * Capability rows for kinds that do not bring their own. Inputs are named by position
 * (`capabilities.0.name`), matching the zod error paths; the React key is a stable id so removing
 * a row keeps what was typed in the others. Each row is a group named "Capability N".
 */
export function CapabilitiesEditor({
  fieldErrors,
  initial = [],
}: {
  fieldErrors: FieldErrors;
  /** Rows to start with (the edit form's current capabilities); one blank row when empty. */
  initial?: readonly CapabilityDefaults[];
}) {
  // Row ids 0..n-1 are the initial rows, so `initial[rowId]` fills them; added rows start blank.
  const [rows, setRows] = useState<number[]>(() =>
    initial.length ? initial.map((_, index) => index) : [0],
  );
  const nextId = useRef(Math.max(initial.length, 1));
  const errorFor = (key: string) =>
    fieldErrors[key] ??
    Object.entries(fieldErrors).find(([path]) => path.startsWith(`${key}.`))?.[1];

  return (
    <fieldset
      aria-describedby={fieldErrors.capabilities ? 'field-capabilities-error' : 'capabilities-hint'}
      className="space-y-4"
    >
      <legend className="sr-only">Capabilities</legend>
      <p id="capabilities-hint" className="text-sm text-ink-muted">
        What Baton may route to this agent. At least one.
      </p>
      {fieldErrors.capabilities ? (
        <p id="field-capabilities-error" className="text-sm text-status-failed">
          {fieldErrors.capabilities}
        </p>
      ) : null}
      {rows.map((rowId, position) => {
        const prefix = `capabilities.${position}`;
        const idFor = (field: string) => `capability-${rowId}-${field}`;
        return (
          <fieldset key={rowId} className="relative rounded-md border border-line p-4">
            {/* Floated so the legend sits inside the box, level with the Remove button. */}
            <legend className="float-left mb-3 text-sm font-medium text-ink">
              Capability {position + 1}
            </legend>
            <Button
              variant="secondary"
              className="absolute top-2.5 right-3"
              onClick={() => setRows((current) => current.filter((id) => id !== rowId))}
            >
              Remove
            </Button>
            <div className="clear-both grid gap-4 sm:grid-cols-2">
              <FormField
                label="Capability name"
                id={idFor('name')}
                name={`${prefix}.name`}
                defaultValue={initial[rowId]?.name}
                placeholder="summarize"
                spellCheck={false}
                autoComplete="off"
                error={errorFor(`${prefix}.name`)}
              />
              <FormField
                label="Tags"
                id={idFor('tags')}
                name={`${prefix}.tags`}
                defaultValue={initial[rowId]?.tags}
                placeholder="text, summary"
                hint="Comma-separated."
                autoComplete="off"
                error={errorFor(`${prefix}.tags`)}
              />
              <FormField
                label="Capability description"
                id={idFor('description')}
                name={`${prefix}.description`}
                defaultValue={initial[rowId]?.description}
                autoComplete="off"
                className="sm:col-span-2"
                error={errorFor(`${prefix}.description`)}
              />
              <FormField
                label="Input types"
                id={idFor('inputTypes')}
                name={`${prefix}.inputTypes`}
                defaultValue={initial[rowId]?.inputTypes}
                placeholder="text/plain"
                hint="Comma-separated media types; text/plain when blank."
                autoComplete="off"
                error={errorFor(`${prefix}.inputTypes`)}
              />
              <FormField
                label="Output types"
                id={idFor('outputTypes')}
                name={`${prefix}.outputTypes`}
                defaultValue={initial[rowId]?.outputTypes}
                placeholder="text/plain"
                hint="Comma-separated media types; text/plain when blank."
                autoComplete="off"
                error={errorFor(`${prefix}.outputTypes`)}
              />
            </div>
          </fieldset>
        );
      })}
      <Button
        variant="secondary"
        onClick={() => {
          setRows((current) => [...current, nextId.current]);
          nextId.current += 1;
        }}
      >
        Add capability
      </Button>
    </fieldset>
  );
}

export function CheckboxField({
  label,
  name,
  hint,
  className,
  defaultChecked,
}: {
  label: string;
  name: string;
  hint?: string;
  className?: string;
  defaultChecked?: boolean;
}) {
  const id = `field-${name}`;
  return (
    <div className={cn('flex items-start gap-3', className)}>
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 size-4 accent-accent-600"
      />
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-ink">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-ink-muted">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The collapsed "Advanced" section; the parent opens it when one of its fields has an error. */
export function AdvancedSection({
  fieldErrors,
  open,
  onOpenChange,
  defaults = REGISTER_ADVANCED_DEFAULTS,
  modelPrices,
}: {
  fieldErrors: FieldErrors;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaults?: AdvancedDefaults;
  /** Price-table rows offered as "Model price" (register and edit forms); absent: no select. */
  modelPrices?: readonly { provider: string; model: string; label: string }[];
}) {
  return (
    <details
      open={open}
      onToggle={(event) => onOpenChange(event.currentTarget.open)}
      className="rounded-lg border border-line bg-surface shadow-xs"
    >
      <summary className="cursor-pointer px-5 py-4 text-sm font-semibold text-ink">
        Advanced
        <span className="ml-2 font-normal text-ink-muted">
          Concurrency, routing weight, prices, health checks
        </span>
      </summary>
      <div className="grid gap-4 border-t border-line px-5 py-4 sm:grid-cols-2">
        <FormField
          label="Max concurrent tasks"
          name="maxConcurrentTasks"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          defaultValue={defaults.maxConcurrentTasks}
          error={fieldErrors.maxConcurrentTasks}
        />
        <FormField
          label="Weight"
          name="weight"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={defaults.weight}
          hint="Relative share of work under the weighted strategy."
          error={fieldErrors.weight}
        />
        {modelPrices && (
          <SelectField
            label="Model price"
            name="priceModel"
            defaultValue={defaults.priceRef ?? ''}
            options={[
              { value: '', label: 'None: the agent’s own prices below' },
              ...modelPrices.map((p) => ({ value: `${p.provider}/${p.model}`, label: p.label })),
            ]}
            hint="A row of Settings → Pricing; its token prices apply instead of the agent’s own."
            error={fieldErrors.priceModel ?? fieldErrors.priceProvider}
            className="sm:col-span-2"
          />
        )}
        <FormField
          label="Price per 1M input tokens (USD)"
          name="priceInputPerMTok"
          defaultValue={defaults.priceInputPerMTok}
          inputMode="decimal"
          placeholder="0.00"
          error={fieldErrors.priceInputPerMTokMicros}
        />
        <FormField
          label="Price per 1M output tokens (USD)"
          name="priceOutputPerMTok"
          defaultValue={defaults.priceOutputPerMTok}
          inputMode="decimal"
          placeholder="0.00"
          error={fieldErrors.priceOutputPerMTokMicros}
        />
        <FormField
          label="Price per call (USD)"
          name="pricePerCall"
          defaultValue={defaults.pricePerCall}
          inputMode="decimal"
          placeholder="0.00"
          hint="Up to 6 decimals, e.g. 0.0005."
          error={fieldErrors.pricePerCallMicros}
        />
        <FormField
          label="Health-check interval (seconds)"
          name="healthCheckIntervalS"
          type="number"
          inputMode="numeric"
          min={5}
          step={1}
          defaultValue={defaults.healthCheckIntervalS}
          error={fieldErrors.healthCheckIntervalS}
        />
        <CheckboxField
          label="Auto-recover"
          name="autoRecover"
          defaultChecked={defaults.autoRecover}
          hint="A failed agent returns to service by itself after enough good checks (via maintenance)."
          className="sm:col-span-2"
        />
      </div>
    </details>
  );
}
