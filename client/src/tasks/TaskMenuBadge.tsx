import AssignmentIcon from '@mui/icons-material/Assignment';
import { Box } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { useWaitingTaskCount } from './useWaitingTaskCount';

/**
 * The count of waiting tasks over an icon (the menu's Tasks entry); nothing shows when nothing
 * waits. The number is drawn by CSS (`content: attr(data-count)`) and named for screen readers
 * ("3 tasks waiting"), so the menu entry's text stays its label alone.
 */
export const TaskMenuBadge = ({ children }: { children?: ReactNode }) => {
  const translate = useTranslate();
  const { count } = useWaitingTaskCount();
  return (
    <Box
      component="span"
      sx={{ position: 'relative', display: 'inline-flex' }}
      data-testid="task-menu-badge"
      data-count={count}
    >
      {children ?? <AssignmentIcon />}
      {count > 0 && (
        <Box
          component="span"
          role="img"
          aria-label={translate('haven.tasks.waiting', { smart_count: count })}
          data-count={count > 99 ? '99+' : String(count)}
          sx={{
            position: 'absolute',
            top: -6,
            right: -10,
            minWidth: 18,
            height: 18,
            px: 0.5,
            borderRadius: 9,
            bgcolor: 'error.main',
            color: 'error.contrastText',
            fontSize: 11,
            fontWeight: 600,
            lineHeight: '18px',
            textAlign: 'center',
            boxSizing: 'border-box',
            '&::after': { content: 'attr(data-count)' },
          }}
        />
      )}
    </Box>
  );
};

/** The Tasks menu entry's icon with its badge: `leftIcon={<TaskMenuIcon />}`. */
export const TaskMenuIcon = () => <TaskMenuBadge />;
