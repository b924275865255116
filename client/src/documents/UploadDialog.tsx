import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import type { CaseResponse } from '@haven/shared';
import { useEffect, useRef, useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { useIsSmall } from '../layout/useIsSmall';
import { DecisionArrivalDialog } from './DecisionArrivalDialog';
import { DropZone } from './DropZone';
import { UploadError, uploadDocument } from './documentApi';
import { uploadFailure } from './documentErrors';
import { validateUpload, type UploadErrors } from './documentModel';
import { UploadItemRow } from './UploadItemRow';
import {
  addFiles,
  pendingUploads,
  savedDecision,
  updateEntry,
  type QueuedUpload,
} from './uploadQueue';
import { fieldErrorText } from '../common/validation';

/**
 * Uploads several files to a case, each with its kind, title and language, one after another with
 * a progress bar; a refused file says why (in the reader's language) and can be fixed and sent
 * again. Once a decision is saved, asks how and when it arrived.
 */
export const UploadDialog = ({
  record,
  onClose,
}: {
  record: CaseResponse;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const isSmall = useIsSmall();
  const [queue, setQueue] = useState<QueuedUpload[]>([]);
  const [busy, setBusy] = useState(false);
  const [someFailed, setSomeFailed] = useState(false);
  const [askArrival, setAskArrival] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const pending = pendingUploads(queue);
  // Leaving the page mid-upload stops it rather than sending on unseen.
  useEffect(() => () => controller.current?.abort(), []);

  const change = (key: string, update: Partial<QueuedUpload>) =>
    setQueue((current) => updateEntry(current, key, update));

  const text = (problem: UploadErrors[keyof UploadErrors]) => fieldErrorText(translate, problem);

  const translated = (errors: UploadErrors) =>
    Object.fromEntries(
      Object.entries(errors).map(([field, problem]) => [field, text(problem) ?? '']),
    );

  /** Closing: after a saved decision, the question how it arrived comes first. */
  const finish = (current: QueuedUpload[]) => {
    if (savedDecision(current)) setAskArrival(true);
    else onClose();
  };

  const upload = async () => {
    // Check every file first: nothing is sent while one of them would be refused anyway.
    let invalid = false;
    const checked = queue.map((entry) => {
      if (entry.status === 'done') return entry;
      const errors = translated(validateUpload(entry));
      if (Object.keys(errors).length > 0) invalid = true;
      return { ...entry, errors, message: null };
    });
    setQueue(checked);
    if (invalid) {
      setSomeFailed(true);
      return;
    }
    setBusy(true);
    setSomeFailed(false);
    const abort = new AbortController();
    controller.current = abort;
    let current = checked;
    let failed = 0;
    let saved = 0;
    for (const entry of pendingUploads(checked)) {
      if (abort.signal.aborted) break;
      current = updateEntry(current, entry.key, { status: 'uploading', progress: 0 });
      setQueue(current);
      try {
        const savedDoc = await uploadDocument(record.id, entry, {
          signal: abort.signal,
          onProgress: (progress) => change(entry.key, { progress }),
        });
        current = updateEntry(current, entry.key, { status: 'done', progress: 1, saved: savedDoc });
        saved += 1;
      } catch (error) {
        const cancelled = error instanceof DOMException && error.name === 'AbortError';
        const failure = cancelled
          ? { message: null, fields: undefined }
          : error instanceof UploadError
            ? uploadFailure(error.status, error.body, translate)
            : uploadFailure(0, null, translate);
        if (!cancelled) failed += 1;
        current = updateEntry(current, entry.key, {
          status: cancelled ? 'ready' : 'failed',
          progress: 0,
          message: failure.message,
          errors: failure.fields ?? {},
        });
      }
      setQueue(current);
    }
    controller.current = null;
    setBusy(false);
    if (saved > 0) {
      notify('haven.documents.uploaded_done', {
        type: 'success',
        messageArgs: { smart_count: saved },
      });
      refresh();
    }
    if (failed > 0 || abort.signal.aborted) {
      setSomeFailed(failed > 0);
      return;
    }
    finish(current);
  };

  if (askArrival) return <DecisionArrivalDialog record={record} onClose={onClose} />;

  return (
    <Dialog
      open
      onClose={busy ? undefined : () => finish(queue)}
      fullWidth
      maxWidth="md"
      fullScreen={isSmall}
      aria-labelledby="document-upload-title"
    >
      <form
        noValidate
        data-testid="document-upload-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy && pending.length > 0) void upload();
        }}
      >
        <DialogTitle id="document-upload-title">
          {translate('haven.documents.upload_title')}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <DropZone
              disabled={busy}
              onFiles={(files) => setQueue((current) => addFiles(current, files))}
            />
            <Typography variant="body2" color="text.secondary">
              {translate('haven.documents.privacy_note')}
            </Typography>
            {queue.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                {translate('haven.documents.nothing_chosen')}
              </Typography>
            ) : (
              <Stack spacing={1.5} aria-live="polite">
                {queue.map((entry, index) => (
                  <UploadItemRow
                    key={entry.key}
                    entry={entry}
                    index={index}
                    busy={busy}
                    onChange={(update) =>
                      change(entry.key, { ...update, errors: {}, message: null })
                    }
                    onRemove={() =>
                      setQueue((current) => current.filter((item) => item.key !== entry.key))
                    }
                  />
                ))}
              </Stack>
            )}
            {someFailed && (
              <Alert severity="warning" role="alert">
                {translate('haven.documents.some_failed')}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          {busy ? (
            <Button onClick={() => controller.current?.abort()} data-testid="document-upload-stop">
              {translate('haven.documents.stop')}
            </Button>
          ) : (
            <Button onClick={() => finish(queue)} data-testid="document-upload-close">
              {translate(
                queue.some((entry) => entry.status === 'done')
                  ? 'ra.action.close'
                  : 'ra.action.cancel',
              )}
            </Button>
          )}
          <Button
            type="submit"
            variant="contained"
            disabled={busy || pending.length === 0}
            data-testid="document-upload-submit"
          >
            {busy
              ? translate('haven.documents.uploading')
              : translate(
                  queue.some((entry) => entry.status === 'failed')
                    ? 'haven.documents.retry'
                    : 'haven.documents.upload_count',
                  { smart_count: pending.length },
                )}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
