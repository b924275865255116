import { Box, type SxProps, type Theme } from '@mui/material';
import { useMemo } from 'react';
import { renderMarkdown } from '@haven/shared';

const markdownSx: SxProps<Theme> = {
  typography: 'body2',
  overflowWrap: 'anywhere',
  '& > :first-of-type': { mt: 0 },
  '& > :last-child': { mb: 0 },
  '& h1, & h2, & h3, & h4': { fontSize: '1rem', fontWeight: 600, mt: 1.5, mb: 0.5 },
  '& p, & ul, & ol, & blockquote, & pre': { mt: 0, mb: 1 },
  '& blockquote': {
    borderLeft: 3,
    borderColor: 'divider',
    pl: 1.5,
    color: 'text.secondary',
    mx: 0,
  },
  '& code': { fontFamily: 'monospace', bgcolor: 'action.hover', px: 0.5, borderRadius: 0.5 },
  '& pre': { bgcolor: 'action.hover', p: 1, overflowX: 'auto' },
  '& table': { borderCollapse: 'collapse', mb: 1 },
  '& th, & td': { border: 1, borderColor: 'divider', px: 1, py: 0.5 },
};

/**
 * Rendered Markdown. The HTML comes from Haven's one renderer (shared/src/markdown, the same as the
 * server's claim summary), which escapes raw HTML, shows images as their alt text and keeps links
 * only to http(s) and mailto: that is what makes setting it as inner HTML safe here.
 */
export const MarkdownView = ({ source, testId }: { source: string; testId?: string }) => {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <Box sx={markdownSx} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
};
