import AddAPhotoIcon from '@mui/icons-material/AddAPhoto';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Button, Stack, Typography, useMediaQuery } from '@mui/material';
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslate } from 'react-admin';
import { MAX_UPLOAD_MB, UPLOAD_ACCEPT } from './documentModel';

/**
 * Where files come in: dropped on the zone, chosen with the picker (the zone itself is a button
 * for the keyboard), or — on a phone — taken with the camera. What the picker offers is only a
 * hint; the server judges each file by its content.
 */
export const DropZone = ({
  onFiles,
  disabled,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
}) => {
  const translate = useTranslate();
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);
  // Phones and tablets: a camera button; on a desktop `capture` would only open the picker again.
  const touch = useMediaQuery('(pointer: coarse)');

  const take = (list: FileList | null) => {
    const files = list ? Array.from(list) : [];
    if (files.length > 0) onFiles(files);
  };
  const over = (event: DragEvent) => {
    event.preventDefault();
    if (disabled) return;
    event.dataTransfer.dropEffect = 'copy';
    setActive(true);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setActive(false);
    if (!disabled) take(event.dataTransfer.files);
  };
  const key = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      picker.current?.click();
    }
  };

  return (
    <Stack spacing={1}>
      <Box
        role="button"
        tabIndex={disabled ? -1 : 0}
        aria-disabled={disabled}
        aria-describedby="document-drop-help"
        onClick={() => !disabled && picker.current?.click()}
        onKeyDown={disabled ? undefined : key}
        onDragEnter={over}
        onDragOver={over}
        onDragLeave={() => setActive(false)}
        onDrop={drop}
        data-testid="document-drop-zone"
        sx={{
          p: 3,
          textAlign: 'center',
          border: 2,
          borderStyle: 'dashed',
          borderRadius: 1,
          borderColor: active ? 'primary.main' : 'divider',
          bgcolor: active ? 'action.hover' : 'transparent',
          cursor: disabled ? 'default' : 'pointer',
          '&:focus-visible': { outline: 2, outlineStyle: 'solid', outlineColor: 'primary.main' },
        }}
      >
        <UploadFileIcon color="action" />
        <Typography variant="body1">
          {translate(active ? 'haven.documents.drop_active' : 'haven.documents.drop_here')}
        </Typography>
        <Typography variant="body2" color="text.secondary" id="document-drop-help">
          {translate('haven.documents.drop_help', { maxMb: MAX_UPLOAD_MB })}
        </Typography>
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button
          variant="outlined"
          startIcon={<UploadFileIcon />}
          onClick={() => picker.current?.click()}
          disabled={disabled}
          data-testid="document-choose-files"
        >
          {translate('haven.documents.choose_files')}
        </Button>
        {touch && (
          <Button
            variant="outlined"
            startIcon={<AddAPhotoIcon />}
            onClick={() => camera.current?.click()}
            disabled={disabled}
            data-testid="document-take-photo"
          >
            {translate('haven.documents.take_photo')}
          </Button>
        )}
      </Stack>
      <input
        ref={picker}
        type="file"
        multiple
        accept={UPLOAD_ACCEPT}
        hidden
        onChange={(event) => {
          take(event.target.files);
          // The same file chosen again after removing it must still arrive.
          event.target.value = '';
        }}
        data-testid="document-file-input"
      />
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        onChange={(event) => {
          take(event.target.files);
          event.target.value = '';
        }}
        data-testid="document-camera-input"
      />
    </Stack>
  );
};
