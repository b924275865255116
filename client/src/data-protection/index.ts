export { ExportClientButton } from './ExportClientButton';
export { en, ru } from './messages';
