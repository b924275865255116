import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { DiffRow, SideLine } from './revisionDiff';

const BACKGROUND = {
  removed: 'rgba(211, 47, 47, 0.10)',
  added: 'rgba(46, 125, 50, 0.10)',
  same: 'transparent',
  blank: 'rgba(0, 0, 0, 0.03)',
} as const;
const MARK = { removed: 'rgba(211, 47, 47, 0.30)', added: 'rgba(46, 125, 50, 0.30)' } as const;

const Side = ({ line, side }: { line: SideLine; side: 'left' | 'right' }) => {
  const translate = useTranslate();
  const changedKind = side === 'left' ? 'removed' : 'added';
  return (
    <Box
      data-diff={line.kind}
      sx={{
        display: 'flex',
        bgcolor: BACKGROUND[line.kind],
        minHeight: '1.5em',
        borderLeft: side === 'right' ? 1 : 0,
        borderColor: 'divider',
      }}
    >
      <Box
        component="span"
        aria-hidden
        sx={{ width: '3em', flexShrink: 0, textAlign: 'right', pr: 1, color: 'text.disabled' }}
      >
        {line.number ?? ''}
      </Box>
      <Box
        component="span"
        aria-hidden
        sx={{ width: '1.2em', flexShrink: 0, color: 'text.secondary' }}
      >
        {line.kind === 'removed' ? '−' : line.kind === 'added' ? '+' : ''}
      </Box>
      <Box component="span" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', flex: 1 }}>
        {line.kind !== 'blank' && line.kind !== 'same' && (
          <Box component="span" sx={visuallyHidden}>
            {translate(
              line.kind === 'removed' ? 'haven.notes.diff.removed' : 'haven.notes.diff.added',
            )}
            {': '}
          </Box>
        )}
        {line.segments.map((segment, index) =>
          segment.changed && line.kind === changedKind ? (
            <Box
              key={index}
              component={line.kind === 'removed' ? 'del' : 'ins'}
              sx={{ bgcolor: MARK[changedKind], textDecoration: 'none', borderRadius: 0.5 }}
            >
              {segment.text}
            </Box>
          ) : (
            <span key={index}>{segment.text}</span>
          ),
        )}
      </Box>
    </Box>
  );
};

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/**
 * Two texts side by side: the earlier revision on the left, the current text on the right; removed
 * lines red, added lines green, and within a changed line the words that changed marked darker.
 */
export const DiffView = ({
  rows,
  leftTitle,
  rightTitle,
  testId,
}: {
  rows: DiffRow[];
  leftTitle: string;
  rightTitle: string;
  testId?: string;
}) => {
  const translate = useTranslate();
  return (
    <Box
      data-testid={testId}
      sx={{
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        fontFamily: 'monospace',
        fontSize: '0.8125rem',
        overflowX: 'auto',
      }}
    >
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: '1fr 1fr',
          borderBottom: 1,
          borderColor: 'divider',
          bgcolor: 'action.hover',
        }}
      >
        <Typography variant="caption" sx={{ px: 1, py: 0.5, fontWeight: 600 }}>
          {leftTitle}
        </Typography>
        <Typography
          variant="caption"
          sx={{ px: 1, py: 0.5, fontWeight: 600, borderLeft: 1, borderColor: 'divider' }}
        >
          {rightTitle}
        </Typography>
      </Box>
      {rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
          {translate('haven.notes.diff.empty')}
        </Typography>
      ) : (
        rows.map((row, index) => (
          <Box key={index} sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr' }}>
            <Side line={row.left} side="left" />
            <Side line={row.right} side="right" />
          </Box>
        ))
      )}
    </Box>
  );
};
