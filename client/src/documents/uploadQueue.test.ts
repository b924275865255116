import { describe, expect, it } from 'vitest';
import { addFiles, pendingUploads, savedDecision, updateEntry } from './uploadQueue';

const aFile = (name: string, size = 10) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf', lastModified: 7 });

describe('the upload queue', () => {
  it('adds files with their defaults, each once', () => {
    const decision = aFile('decision.pdf');
    const queue = addFiles([], [decision, aFile('photo.jpg', 20), decision]);
    expect(queue.map((entry) => [entry.file.name, entry.kind, entry.title, entry.status])).toEqual([
      ['decision.pdf', 'other', 'decision', 'ready'],
      ['photo.jpg', 'other', 'photo', 'ready'],
    ]);
    expect(new Set(queue.map((entry) => entry.key)).size).toBe(2);
    expect(addFiles(queue, [aFile('decision.pdf')])).toHaveLength(2);
  });

  it('sends what is not saved yet, and takes a saved file again as a new one', () => {
    let queue = addFiles([], [aFile('a.pdf'), aFile('b.pdf'), aFile('c.pdf')]);
    const [a, b] = queue;
    queue = updateEntry(queue, a.key, { status: 'done' });
    queue = updateEntry(queue, b.key, { status: 'failed', message: 'The file is empty.' });
    expect(pendingUploads(queue).map((entry) => entry.file.name)).toEqual(['b.pdf', 'c.pdf']);
    expect(addFiles(queue, [aFile('a.pdf')])).toHaveLength(4);
  });

  it('knows when a decision was saved', () => {
    let queue = addFiles([], [aFile('d.pdf')]);
    const saved = { kind: 'decision' } as never;
    expect(savedDecision(updateEntry(queue, queue[0].key, { status: 'failed', saved }))).toBe(
      false,
    );
    queue = updateEntry(queue, queue[0].key, { status: 'done', saved });
    expect(savedDecision(queue)).toBe(true);
  });
});
