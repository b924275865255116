import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetRestore } from '../providers/refresh';
import { clearSession, saveSession } from '../providers/session';
import { aLogin } from '../test/records';
import { exportPath, fetchClientExport } from './exportApi';

const clientId = '00000000-0000-4000-8000-0000000000c1';

/** A streamed answer of `parts`, announcing `length` bytes. */
function zipResponse(parts: Uint8Array[], length: number): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Length': String(length),
      'Content-Disposition': 'attachment; filename="haven-CL-2026-00012-2026-05-01.zip"',
    },
  });
}

beforeEach(() => saveSession(aLogin('supervisor')));
afterEach(() => {
  clearSession();
  resetRestore();
  vi.unstubAllGlobals();
});

describe('fetchClientExport', () => {
  it('fetches the archive with the token and the language, reporting how much has come', async () => {
    const fetch = vi.fn(() =>
      Promise.resolve(zipResponse([new Uint8Array([80, 75]), new Uint8Array([3, 4, 0, 0])], 6)),
    );
    vi.stubGlobal('fetch', fetch);
    const progress: (number | null)[] = [];
    const file = await fetchClientExport(clientId, 'ru', {
      onProgress: (fraction) => progress.push(fraction),
    });
    expect(fetch).toHaveBeenCalledWith(`/api/clients/${clientId}/export?lang=ru`, {
      headers: { Authorization: 'Bearer token-of-supervisor' },
      signal: undefined,
    });
    expect(file.filename).toBe('haven-CL-2026-00012-2026-05-01.zip');
    expect(file.blob.size).toBe(6);
    expect([...new Uint8Array(await file.blob.arrayBuffer())]).toEqual([80, 75, 3, 4, 0, 0]);
    expect(progress).toEqual([0, 2 / 6, 1]);
    expect(exportPath('a/b', 'en')).toBe('/api/clients/a%2Fb/export?lang=en');
  });

  it('refuses an archive cut short rather than saving it as if whole', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(zipResponse([new Uint8Array([80, 75])], 100))),
    );
    await expect(fetchClientExport(clientId, 'en')).rejects.toMatchObject({ status: 500 });
  });

  it('rejects with the status and the error body of a refusal', async () => {
    const body = { statusCode: 400, code: 'query.one_of', field: 'lang', message: 'lang: …' };
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status: 400 }))),
    );
    await expect(fetchClientExport(clientId, 'en')).rejects.toMatchObject({
      status: 400,
      body: expect.objectContaining({ code: 'query.one_of', field: 'lang' }),
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(new Response(JSON.stringify({ statusCode: 404 }), { status: 404 })),
      ),
    );
    await expect(fetchClientExport(clientId, 'en')).rejects.toMatchObject({ status: 404 });
  });
});
