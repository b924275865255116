import type { LabelDisplayedRowsArgs } from '@mui/material';
import { useTranslate } from 'react-admin';

/**
 * The words of an MUI TablePagination in the interface's language ("1–10 из 10", "Строк на
 * странице"): MUI's own are English whatever the locale. Spread into `<TablePagination>`.
 */
export function usePaginationLabels() {
  const translate = useTranslate();
  return {
    labelRowsPerPage: translate('ra.navigation.page_rows_per_page'),
    labelDisplayedRows: ({ from, to, count }: LabelDisplayedRowsArgs) =>
      count === -1
        ? translate('haven.pagination.range_more', { from, to })
        : translate('haven.pagination.range', { from, to, count }),
    getItemAriaLabel: (type: 'first' | 'last' | 'next' | 'previous') =>
      translate(`ra.navigation.${type}`),
  };
}
