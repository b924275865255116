import NotesIcon from '@mui/icons-material/Notes';
import type { ResourceProps } from 'react-admin';
import { NoteList } from './lazy';

export { CaseNotesTab } from './lazy';
export type { CaseNotesRecord } from './CaseNotesTab';
export { en as notesEn, ru as notesRu } from './messages';

/**
 * `notes`: a list across cases; notes are read, written, withdrawn and reviewed on their case's
 * Grounds of claim tab (`CaseNotesTab`), so the resource has no create, edit or show route.
 */
export const notes: Omit<ResourceProps, 'name'> = {
  list: NoteList,
  icon: NotesIcon,
  recordRepresentation: 'title',
};

/** The menu entry, as data for layout/Menu.tsx's MENU_ENTRIES. */
export const NOTES_MENU_ENTRY = {
  resource: 'notes',
  action: 'list',
  to: '/notes',
  label: 'haven.notes.menu',
  icon: NotesIcon,
};
