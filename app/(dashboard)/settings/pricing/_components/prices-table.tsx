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
import { PriceRowControls } from './price-row-controls';

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

/** The price table; `canEdit` adds each row's edit and delete controls (admins). */
export function PricesTable({ prices, canEdit }: { prices: PriceRow[]; canEdit: boolean }) {
  return (
    <Table>
      <TableCaption>Model prices by provider and model, newest effective date first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Provider</TableHeaderCell>
          <TableHeaderCell>Model</TableHeaderCell>
          <TableHeaderCell className="text-right">Input / 1M tokens</TableHeaderCell>
          <TableHeaderCell className="text-right">Output / 1M tokens</TableHeaderCell>
          <TableHeaderCell>Effective from</TableHeaderCell>
          <TableHeaderCell>State</TableHeaderCell>
          {canEdit ? <TableHeaderCell>Actions</TableHeaderCell> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {prices.map((price) => {
          const effectiveFrom = formatEffectiveFrom(price.effectiveFrom);
          return (
            <TableRow key={price.id}>
              <TableCell className="break-words">{price.provider}</TableCell>
              <TableCell className="font-medium break-words">{price.model}</TableCell>
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
              {canEdit ? (
                <TableCell>
                  <PriceRowControls
                    price={{
                      id: price.id,
                      label: `${price.provider} / ${price.model} from ${effectiveFrom}`,
                      inputText: microsToDollarsText(price.inputPerMTokMicros),
                      outputText: microsToDollarsText(price.outputPerMTokMicros),
                    }}
                  />
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
