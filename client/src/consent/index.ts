export { ConsentTimeline } from './ConsentTimeline';
export { en as consentEn, ru as consentRu } from './messages';
