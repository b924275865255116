import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import type { StatUnit } from '@haven/shared';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { useDateLocale } from '../common/useDateLocale';
import { crossTab, type PresentedRow } from './statsTable';
import { valueLabel } from './valueLabels';

const marginSx = { fontWeight: 600, bgcolor: 'action.hover' } as const;

/** A count, or the mark of a hidden cell with its reason on hover. */
export const CountCell = ({
  row,
  k,
  align = 'right',
  sx,
  header,
}: {
  row: PresentedRow | undefined;
  k: number;
  align?: 'right' | 'left';
  sx?: object;
  header?: ReactNode;
}) => {
  const translate = useTranslate();
  if (!row) {
    return (
      <TableCell align={align} sx={sx}>
        {header ?? ''}
      </TableCell>
    );
  }
  if (row.suppressed) {
    return (
      <TableCell align={align} sx={sx} data-testid="stat-hidden" data-kind={row.kind}>
        <Tooltip title={translate('haven.statistics.hidden_reason', { k })}>
          <Box
            component="span"
            aria-label={translate('haven.statistics.hidden_label')}
            tabIndex={0}
          >
            —<sup>*</sup>
          </Box>
        </Tooltip>
      </TableCell>
    );
  }
  return (
    <TableCell align={align} sx={sx} data-testid="stat-count" data-kind={row.kind}>
      {row.count ?? ''}
    </TableCell>
  );
};

/** Two dimensions: the first down the side, the second across, totals at the end of each. */
export const CrossTable = ({
  rows,
  dimensions,
  k,
}: {
  rows: PresentedRow[];
  dimensions: string[];
  k: number;
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const table = crossTab(rows);
  const label = (index: number, value: string | null) =>
    valueLabel(dimensions[index], value, translate, locale);
  return (
    <TableContainer>
      <Table size="small" data-testid="stat-table" data-layout="cross">
        <TableHead>
          <TableRow>
            <TableCell>
              {translate(`haven.statistics.dimensions.${dimensions[0]}`)} ×{' '}
              {translate(`haven.statistics.dimensions.${dimensions[1]}`)}
            </TableCell>
            {table.columnValues.map((value) => (
              <TableCell key={value} align="right">
                {label(1, value)}
              </TableCell>
            ))}
            <TableCell align="right" sx={marginSx}>
              {translate('haven.statistics.total')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {table.rowValues.map((rowValue) => (
            <TableRow key={rowValue} data-testid="stat-row" data-value={rowValue}>
              <TableCell component="th" scope="row">
                {label(0, rowValue)}
              </TableCell>
              {table.columnValues.map((columnValue) => (
                <CountCell key={columnValue} row={table.at(rowValue, columnValue)} k={k} />
              ))}
              <CountCell row={table.at(rowValue, null)} k={k} sx={marginSx} />
            </TableRow>
          ))}
          <TableRow data-testid="stat-row" data-value="total">
            <TableCell component="th" scope="row" sx={marginSx}>
              {translate('haven.statistics.total')}
            </TableCell>
            {table.columnValues.map((columnValue) => (
              <CountCell key={columnValue} row={table.at(null, columnValue)} k={k} sx={marginSx} />
            ))}
            <CountCell row={table.at(null, null)} k={k} sx={marginSx} />
          </TableRow>
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/** A perturbed count beside the main one (recognised, rejected), or a dash where it is hidden. */
const SideCount = ({
  value,
  sx,
  testId,
}: {
  value: number | null;
  sx?: object;
  testId: string;
}) => {
  const translate = useTranslate();
  return (
    <TableCell align="right" sx={sx} data-testid={testId}>
      {value === null ? (
        <Typography
          component="span"
          variant="body2"
          color="text.disabled"
          aria-label={translate('haven.statistics.hidden_label')}
        >
          –
        </Typography>
      ) : (
        value
      )}
    </TableCell>
  );
};

/** A recognition rate as a percentage, or a dash where either count it rests on is hidden. */
export const RateCell = ({ rate, sx }: { rate: number | null; sx?: object }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  return (
    <TableCell align="right" sx={sx} data-testid="stat-rate">
      {rate === null ? (
        <Typography
          component="span"
          variant="body2"
          color="text.disabled"
          aria-label={translate('haven.statistics.no_rate')}
        >
          –
        </Typography>
      ) : (
        `${rate.toLocaleString(locale, { maximumFractionDigits: 1 })} %`
      )}
    </TableCell>
  );
};

/**
 * Any number of dimensions as a list of rows, margins and the total marked, with the perturbed
 * recognised and rejected counts and the rate computed from them.
 */
export const FlatTable = ({
  rows,
  dimensions,
  k,
  unit,
}: {
  rows: PresentedRow[];
  dimensions: string[];
  k: number;
  unit: StatUnit;
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  return (
    <TableContainer>
      <Table size="small" data-testid="stat-table" data-layout="flat">
        <TableHead>
          <TableRow>
            {dimensions.map((dimension) => (
              <TableCell key={dimension}>
                {translate(`haven.statistics.dimensions.${dimension}`)}
              </TableCell>
            ))}
            <TableCell align="right">{translate(`haven.statistics.units.${unit}`)}</TableCell>
            <TableCell align="right">{translate('haven.statistics.recognised')}</TableCell>
            <TableCell align="right">{translate('haven.statistics.rejected')}</TableCell>
            <TableCell align="right">{translate('haven.statistics.recognition_rate')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => {
            const sx = row.kind === 'cell' ? undefined : marginSx;
            return (
              <TableRow
                key={row.key}
                data-testid="stat-row"
                data-kind={row.kind}
                data-value={row.values.map((value) => value ?? '*').join('|')}
              >
                {row.values.map((value, index) => (
                  <TableCell key={dimensions[index]} sx={sx}>
                    {valueLabel(dimensions[index], value, translate, locale)}
                  </TableCell>
                ))}
                <CountCell row={row} k={k} sx={sx} />
                <SideCount value={row.recognised} sx={sx} testId="stat-recognised" />
                <SideCount value={row.rejected} sx={sx} testId="stat-rejected" />
                <RateCell rate={row.recognitionRate} sx={sx} />
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
