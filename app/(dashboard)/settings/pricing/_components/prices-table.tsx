import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import { formatUsd } from '@/lib/engine';
import { StateBadge } from '../../_components/state-badge';
import {
  PRICE_STATE_LABELS,
  formatEffectiveFrom,
  microsToDollarsText,
  type PriceState,
} from './price-display';
import { EditablePriceRow } from './editable-price-row';

export interface PriceRow {
  id: string;
  provider: string;
  model: string;
  inputPerMTokMicros: number;
  outputPerMTokMicros: number;
  effectiveFrom: string;
  state: PriceState;
}

const STATE_TONES = {
  in_effect: 'good',
  scheduled: 'off',
  superseded: 'off',
} as const satisfies Record<PriceState, 'good' | 'off' | 'bad'>;

/** Data columns; admins get one more for the row's actions. */
const COLUMN_COUNT = 6;

/** The price table; `canEdit` adds each row's edit and delete controls (admins). */
export function PricesTable({ prices, canEdit }: { prices: PriceRow[]; canEdit: boolean }) {
  return (
    <Table>
      <TableCaption>
        Model prices in US dollars per 1M tokens, by provider and model, newest effective date first
      </TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Provider</TableHeaderCell>
          <TableHeaderCell>Model</TableHeaderCell>
          <TableHeaderCell className="text-right">Input / 1M</TableHeaderCell>
          <TableHeaderCell className="text-right">Output / 1M</TableHeaderCell>
          <TableHeaderCell>Effective from</TableHeaderCell>
          <TableHeaderCell>State</TableHeaderCell>
          {canEdit ? <TableHeaderCell>Actions</TableHeaderCell> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {prices.map((price) => {
          const effectiveFrom = formatEffectiveFrom(price.effectiveFrom);
          const cells = (
            <>
              <TableCell className="break-words">{price.provider}</TableCell>
              <TableCell className="min-w-28 font-medium break-words">{price.model}</TableCell>
              <TableCell className="text-right tabular-nums">
                {formatUsd(BigInt(price.inputPerMTokMicros))}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {formatUsd(BigInt(price.outputPerMTokMicros))}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <time dateTime={price.effectiveFrom}>{effectiveFrom}</time>
              </TableCell>
              <TableCell>
                <StateBadge
                  tone={STATE_TONES[price.state]}
                  label={PRICE_STATE_LABELS[price.state]}
                />
              </TableCell>
            </>
          );
          if (!canEdit) return <TableRow key={price.id}>{cells}</TableRow>;
          return (
            <EditablePriceRow
              key={price.id}
              columnCount={COLUMN_COUNT + 1}
              price={{
                id: price.id,
                label: `${price.provider} / ${price.model} from ${effectiveFrom}`,
                inputText: microsToDollarsText(price.inputPerMTokMicros),
                outputText: microsToDollarsText(price.outputPerMTokMicros),
              }}
            >
              {cells}
            </EditablePriceRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
