import LockIcon from '@mui/icons-material/Lock';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { Box, Button, Stack, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/**
 * A clearly marked box for special-category data (GDPR Art. 9/10): encrypted at rest, every read
 * audited. On read-only pages it starts closed (`collapsible`), so that the data appears on screen
 * only when the work needs it and not to whoever looks over a shoulder.
 */
export const RestrictedSection = ({
  title,
  children,
  testId,
  collapsible = false,
}: {
  title?: string;
  children: ReactNode;
  testId?: string;
  collapsible?: boolean;
}) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(!collapsible);
  const heading = translate(title ?? 'haven.restricted.title');
  return (
    <Box
      component="section"
      data-testid={testId ?? 'restricted-section'}
      aria-label={heading}
      sx={{
        border: 2,
        borderColor: 'warning.main',
        borderRadius: 1,
        p: 2,
        my: 2,
        width: '100%',
        boxSizing: 'border-box',
        bgcolor: (theme) => (theme.palette.mode === 'dark' ? 'transparent' : '#fff8e1'),
      }}
    >
      <Stack
        direction="row"
        spacing={1}
        sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}
      >
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <LockIcon color="warning" fontSize="small" />
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            {heading}
          </Typography>
        </Stack>
        {collapsible && (
          <Button
            size="small"
            color="warning"
            startIcon={open ? <VisibilityOffIcon /> : <VisibilityIcon />}
            onClick={() => setOpen((current) => !current)}
            aria-expanded={open}
          >
            {translate(open ? 'haven.restricted.hide' : 'haven.restricted.show')}
          </Button>
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1, mb: open ? 2 : 0 }}>
        {translate('haven.restricted.help')}
      </Typography>
      {open && children}
    </Box>
  );
};
