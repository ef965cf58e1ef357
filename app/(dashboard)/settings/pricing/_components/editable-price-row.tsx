'use client';

import { useActionState, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { TableCell, TableRow } from '@/components/ui/table';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { deletePriceAction } from '@/lib/actions/prices/delete-price';
import { updatePriceAction } from '@/lib/actions/prices/update-price';
import { FormStatus } from '../../_components/form-status';

export interface EditablePrice {
  id: string;
  /** "acme / m-1 from 2026-12-01", for the controls' accessible names. */
  label: string;
  /** Dollars as typed ("0.15"), from integer micros. */
  inputText: string;
  outputText: string;
}

/**
 * One price row with edit (input and output prices, in a full-width row below it) and delete (in
 * two steps, as it cannot be undone). `children` are the row's data cells, rendered on the server.
 * Rendered for admins only; the actions check the role again.
 */
export function EditablePriceRow({
  price,
  columnCount,
  children,
}: {
  price: EditablePrice;
  /** All columns, the actions included: the editor row spans them. */
  columnCount: number;
  children: ReactNode;
}) {
  const [isEditing, setIsEditing] = useState(false);
  const [isConfirming, setIsConfirming] = useState(false);
  const [state, action, isSaving] = useActionState(updatePriceAction, null);
  const [deleteState, deleteAction, isDeleting] = useActionState(deletePriceAction, null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const prefix = `price-${price.id}`;

  return (
    <>
      <TableRow>
        {children}
        <TableCell>
          <div className="flex items-center gap-2">
            <Button
              variant="secondary"
              className="px-3 py-1.5"
              aria-expanded={isEditing}
              aria-controls={`${prefix}-editor`}
              aria-label={isEditing ? `Close the editor for ${price.label}` : `Edit ${price.label}`}
              onClick={() => setIsEditing((value) => !value)}
            >
              {isEditing ? 'Close' : 'Edit'}
            </Button>
            {isConfirming ? (
              <form action={deleteAction} className="flex items-center gap-2">
                <input type="hidden" name="id" value={price.id} />
                <Button
                  type="submit"
                  className="px-3 py-1.5 whitespace-nowrap"
                  disabled={isDeleting}
                  aria-label={`Confirm delete ${price.label}`}
                  autoFocus
                >
                  {isDeleting ? 'Deleting…' : 'Confirm delete'}
                </Button>
                <Button
                  variant="secondary"
                  className="px-3 py-1.5 whitespace-nowrap"
                  disabled={isDeleting}
                  onClick={() => {
                    setIsConfirming(false);
                    // After React re-renders the single "Delete" button.
                    requestAnimationFrame(() => deleteRef.current?.focus());
                  }}
                >
                  Keep it
                </Button>
              </form>
            ) : (
              <Button
                ref={deleteRef}
                variant="secondary"
                className="px-3 py-1.5"
                aria-label={`Delete ${price.label}`}
                onClick={() => setIsConfirming(true)}
              >
                Delete
              </Button>
            )}
          </div>
          <FormStatus
            className="mt-2"
            state={deleteState && !deleteState.ok ? deleteState : null}
          />
        </TableCell>
      </TableRow>
      {isEditing ? (
        <TableRow className="bg-slate-50">
          <TableCell colSpan={columnCount}>
            <form
              id={`${prefix}-editor`}
              action={action}
              onSubmit={submitWithoutReset(action)}
              noValidate
              aria-label={`Edit price ${price.label}`}
              className="flex flex-wrap items-start gap-4"
            >
              <input type="hidden" name="id" value={price.id} />
              <FormField
                label="Input (USD per 1M tokens)"
                name="inputPerMTok"
                id={`${prefix}-input`}
                inputMode="decimal"
                className="w-56"
                defaultValue={price.inputText}
                error={fieldErrors?.inputPerMTokMicros}
              />
              <FormField
                label="Output (USD per 1M tokens)"
                name="outputPerMTok"
                id={`${prefix}-output`}
                inputMode="decimal"
                className="w-56"
                defaultValue={price.outputText}
                error={fieldErrors?.outputPerMTokMicros}
              />
              <div className="flex flex-wrap items-center gap-3 pt-7">
                <Button type="submit" className="px-3 py-1.5" disabled={isSaving}>
                  {isSaving ? 'Saving…' : 'Save price'}
                </Button>
                <FormStatus state={fieldErrors ? null : state} />
              </div>
            </form>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}
