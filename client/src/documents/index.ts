export { CaseDocumentsTab } from './lazy';
export { DocumentLink } from './DocumentLink';
export { DocumentPicker } from './DocumentPicker';
export { en as documentsEn, ru as documentsRu } from './messages';
