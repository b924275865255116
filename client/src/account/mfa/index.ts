export { SecondFactorsSection } from './SecondFactorsSection';
export { SecondStep, StepError, type PasskeySlotProps } from './SecondStep';
export { SessionGate } from './SessionGate';
export { ResetMfaButton } from './ResetMfaButton';
export { en as mfaEn, ru as mfaRu } from './messages';
