import { useEffect } from 'react';

/**
 * Asks the browser to warn before the page is left — a reload, closing the tab, a typed address —
 * while `when` holds (a form with unsaved changes: the intake, a note dialog). Navigation inside
 * Haven is the form's own business (react-admin's `warnWhenUnsavedChanges`, a dialog's close).
 */
export function useLeaveWarning(when: boolean): void {
  useEffect(() => {
    if (!when) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when a value is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [when]);
}
