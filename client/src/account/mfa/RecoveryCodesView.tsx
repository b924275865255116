import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { recoveryCodesFile } from './mfaApi';

/**
 * The recovery codes, shown once: the server keeps only their hashes. Download gives them as a text
 * file; `onDone` leaves (the codes are gone from the screen for good).
 */
export const RecoveryCodesView = ({
  codes,
  email,
  onDone,
}: {
  codes: string[];
  email: string;
  onDone: () => void;
}) => {
  const translate = useTranslate();
  const [downloaded, setDownloaded] = useState(false);

  const download = () => {
    const text = recoveryCodesFile(translate('haven.mfa.codes_file_heading', { email }), codes);
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'haven-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
    setDownloaded(true);
  };

  return (
    <Stack spacing={2} data-testid="recovery-codes">
      <Typography variant="h6" component="h2">
        {translate('haven.mfa.codes_title')}
      </Typography>
      <Alert severity="warning">{translate('haven.mfa.codes_intro')}</Alert>
      <Box
        component="ol"
        sx={{ fontFamily: 'monospace', fontSize: '1.1rem', columns: 2, m: 0, pl: 4 }}
        aria-label={translate('haven.mfa.codes_title')}
      >
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </Box>
      <Stack direction="row" spacing={2}>
        <Button variant="outlined" onClick={download}>
          {translate('haven.mfa.codes_download')}
        </Button>
        <Button
          variant={downloaded ? 'contained' : 'text'}
          onClick={onDone}
          data-testid="recovery-codes-done"
        >
          {translate('haven.mfa.codes_saved')}
        </Button>
      </Stack>
    </Stack>
  );
};
