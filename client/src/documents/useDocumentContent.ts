import { useCallback, useEffect, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { saveBlob, type FetchedFile } from '../statistics/download';
import { fetchDocumentContent } from './documentApi';
import { documentErrorText } from './documentErrors';
import { previewKind } from './documentModel';
import type { DocumentListItem } from '@haven/shared';

type ContentDoc = Pick<DocumentListItem, 'id' | 'title' | 'mime'>;

export interface DocumentContent {
  file: FetchedFile | null;
  /** A blob: URL of this page only, revoked when the component that asked for it goes away. */
  url: string | null;
  /** The content of a plain-text document, shown as text, never as markup. */
  text: string | null;
  error: string | null;
}

/**
 * A document's bytes for the preview: fetched once with the token (an audited read), held in this
 * tab's memory as a Blob, shown through an object URL that is revoked on close.
 */
export function useDocumentContent(doc: ContentDoc, enabled: boolean): DocumentContent {
  const translate = useTranslate();
  const [content, setContent] = useState<DocumentContent>({
    file: null,
    url: null,
    text: null,
    error: null,
  });
  const { id, title, mime } = doc;

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let url: string | null = null;
    fetchDocumentContent({ id, title, mime }, controller.signal)
      .then(async (file) => {
        const text = previewKind(mime) === 'text' ? await file.blob.text() : null;
        if (controller.signal.aborted) return;
        url = URL.createObjectURL(file.blob);
        setContent({ file, url, text, error: null });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setContent({
          file: null,
          url: null,
          text: null,
          error: documentErrorText(error, translate),
        });
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, title, mime, enabled, translate]);

  return content;
}

/** Download: the bytes fetched with the token and saved under the name the server gives. */
export function useDownloadDocument() {
  const notify = useNotify();
  const translate = useTranslate();
  return useCallback(
    async (doc: ContentDoc, fetched?: FetchedFile | null) => {
      try {
        // The preview's bytes when it has them: one audited read, not two.
        const file = fetched ?? (await fetchDocumentContent(doc));
        saveBlob(file.blob, file.filename);
      } catch (error) {
        notify(documentErrorText(error, translate), { type: 'error' });
      }
    },
    [notify, translate],
  );
}
