/**
 * Names in Latin letters: the warning and one-click transliteration for Latin-only fields. The
 * react-admin input for forms (`LatinTextInput`), the bare hint for forms of their own (the intake's
 * draft fields: `<LatinHint value={draft.familyName} onTransliterate={(latin) => set(latin)} />`).
 */
export { LatinHint } from './LatinHint';
export { LatinTextInput } from './LatinTextInput';
export { checkLatin, type LatinCheck } from './latin';
