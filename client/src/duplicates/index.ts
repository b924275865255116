export { PossibleDuplicates } from './PossibleDuplicates';
export { MergeClientButton } from './MergeClientButton';
export { ClientMerges } from './ClientMerges';
export { duplicateParams, type DuplicateFields } from './duplicateQuery';
export { en as duplicatesEn, ru as duplicatesRu } from './messages';
