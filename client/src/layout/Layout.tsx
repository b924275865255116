import { useEffect, useRef, type ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { useLocation } from 'react-router';
import { SessionGate } from '../account/mfa/SessionGate';
import { AppBar } from './AppBar';
import { Menu } from './Menu';
import { LabelledProgress } from './LabelledProgress';

/** react-admin's page content (its "Skip to content" button jumps there too). */
const MAIN_ID = 'main-content';
/** How long a page's heading may take to arrive (lazy chunk, first data) to still get focus. */
const HEADING_WAIT_MS = 3_000;

/** Whether focus is lost or left behind: on the page body, or still in the menu or the app bar. */
function focusLeftBehind(): boolean {
  const active = document.activeElement;
  if (!active || active === document.body) return true;
  return Boolean(active.closest('.RaSidebar-root, .MuiAppBar-root, .MuiDrawer-root'));
}

/** The page's main heading (dashboard cards and form sections have h2s: those are not it). */
function heading(main: HTMLElement): HTMLElement | null {
  return main.querySelector<HTMLElement>('h1');
}

function focusWithoutScroll(element: HTMLElement): void {
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus({ preventScroll: true });
}

/**
 * After moving to another page from the menu (or wherever focus was lost), puts keyboard focus at
 * the new page: its main heading, or its content until the heading arrives. Screen readers then
 * read the page, and Tab continues in it rather than in the menu. Focus a person placed inside
 * the page (a tab, a field) is left alone.
 */
const FocusOnNavigation = () => {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById(MAIN_ID);
    if (!main || !focusLeftBehind()) return;
    const found = heading(main);
    if (found) {
      focusWithoutScroll(found);
      return;
    }
    focusWithoutScroll(main);
    // The page's heading comes with its code or its data: move to it then, unless the person
    // has gone somewhere else meanwhile.
    const observer = new MutationObserver(() => {
      const arrived = heading(main);
      if (!arrived) return;
      stop();
      if (document.activeElement === main) focusWithoutScroll(arrived);
    });
    const timer = window.setTimeout(() => stop(), HEADING_WAIT_MS);
    const stop = () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    observer.observe(main, { childList: true, subtree: true });
    return stop;
  }, [pathname]);
  return null;
};

/**
 * On a phone the page is never wider than the screen: react-admin lets its layout grow to the
 * widest content (`min-width: fit-content`, and the content column's flex `min-width: auto`), so
 * one wide table made the whole page scroll sideways (a list's column likewise, with its tab strip).
 * There, wide content scrolls in its own box.
 */
const FIT_PHONE = {
  minWidth: { xs: 0, sm: 'fit-content' },
  '& .RaLayout-content, & .RaList-main': { minWidth: { xs: 0 } },
} as const;

export const Layout = ({ children }: { children: ReactNode }) => (
  <LabelledProgress>
    <RaLayout appBar={AppBar} menu={Menu} sx={FIT_PHONE}>
      <FocusOnNavigation />
      <SessionGate>{children}</SessionGate>
    </RaLayout>
  </LabelledProgress>
);
