import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aLogin } from '../test/records';
import { resetRestore } from '../providers/refresh';
import { clearSession, getToken, saveSession } from '../providers/session';
import { UploadError, uploadDocument, uploadPath } from './documentApi';
import { uploadItem } from './documentModel';

type Reply = { status: number; body?: unknown };

/** Just enough of XMLHttpRequest: records what is sent and answers with `reply`. */
class FakeRequest {
  static sent: FakeRequest[] = [];
  static reply: (request: FakeRequest) => Reply = () => ({ status: 201, body: {} });
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = '';
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private aborted = false;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeRequest.sent.push(this);
    setTimeout(() => {
      if (this.aborted) return;
      const reply = FakeRequest.reply(this);
      if (reply.status === 0) {
        this.onerror?.();
        return;
      }
      for (const loaded of [50, 100]) {
        this.upload.onprogress?.({ lengthComputable: true, loaded, total: 100 } as ProgressEvent);
      }
      this.status = reply.status;
      this.responseText = reply.body === undefined ? '' : JSON.stringify(reply.body);
      this.onload?.();
    }, 0);
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
}

const createRequest = () => new FakeRequest() as unknown as XMLHttpRequest;
const caseId = '00000000-0000-4000-8000-0000000000c1';
const item = () => ({
  ...uploadItem(new File(['%PDF-1.4'], 'decision.pdf', { type: 'application/pdf' })),
  kind: 'decision' as const,
});

beforeEach(() => {
  FakeRequest.sent = [];
  saveSession(aLogin('caseworker'));
});

afterEach(() => {
  clearSession();
  resetRestore();
  vi.unstubAllGlobals();
});

describe('uploadDocument', () => {
  it('posts the form with the bearer token and reports progress', async () => {
    const saved = { id: 'd1', kind: 'decision', title: 'decision' };
    FakeRequest.reply = () => ({ status: 201, body: saved });
    const progress: number[] = [];
    const result = await uploadDocument(caseId, item(), {
      createRequest,
      onProgress: (fraction) => progress.push(fraction),
    });
    expect(result).toEqual(saved);
    const [request] = FakeRequest.sent;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/api/cases/${caseId}/documents`);
    expect(uploadPath('a/b')).toBe('/api/cases/a%2Fb/documents');
    expect(request.headers).toEqual({
      Accept: 'application/json',
      Authorization: 'Bearer token-of-caseworker',
    });
    expect([...(request.body as FormData).keys()]).toEqual(['kind', 'title', 'file']);
    expect(progress).toEqual([0.5, 1]);
  });

  it('rejects with the status and the error body', async () => {
    const body = { statusCode: 413, code: 'document.too_large', args: { maxMb: 25 } };
    FakeRequest.reply = () => ({ status: 413, body });
    const failure = await uploadDocument(caseId, item(), { createRequest }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UploadError);
    expect(failure).toMatchObject({ status: 413, body });
  });

  it('says so when no answer came', async () => {
    FakeRequest.reply = () => ({ status: 0 });
    await expect(uploadDocument(caseId, item(), { createRequest })).rejects.toMatchObject({
      status: 0,
    });
  });

  it('asks once for a new token after a 401 and sends again', async () => {
    FakeRequest.reply = (request) =>
      request.headers.Authorization === 'Bearer fresh'
        ? { status: 201, body: { id: 'd2' } }
        : { status: 401, body: { code: 'unauthorized' } };
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify(aLogin('caseworker', { accessToken: 'fresh' })), {
            status: 200,
          }),
        ),
      ),
    );
    await expect(uploadDocument(caseId, item(), { createRequest })).resolves.toEqual({
      id: 'd2',
    });
    expect(FakeRequest.sent).toHaveLength(2);
    expect(getToken()).toBe('fresh');
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const upload = uploadDocument(caseId, item(), { createRequest, signal: controller.signal });
    controller.abort();
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
  });
});
