import { Button, type ButtonProps } from '@mui/material';
import type { ReactElement } from 'react';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router';

export type LabelledButtonProps = Omit<ButtonProps, 'children' | 'startIcon' | 'href'> & {
  /** A message key (or text): always shown, on a phone too. */
  label: string;
  /** The icon before the label. */
  children?: ReactElement;
  /** A route inside the app: the button is a link. */
  to?: string;
  'data-testid'?: string;
};

/**
 * A button that keeps its words on every screen. react-admin's `Button` turns into an unlabelled icon
 * below the `sm` breakpoint; on a phone people then guess what a pencil or a gavel does. This one
 * stays labelled, and its label wraps instead of pushing the page wider.
 */
export const LabelledButton = ({
  label,
  children,
  to,
  size = 'small',
  sx,
  ...rest
}: LabelledButtonProps) => {
  const translate = useTranslate();
  const text = translate(label, { _: label });
  const common = {
    size,
    startIcon: children,
    sx: [{ textAlign: 'start', lineHeight: 1.3 }, ...(Array.isArray(sx) ? sx : sx ? [sx] : [])],
    ...rest,
  } as ButtonProps;
  return to ? (
    <Button component={Link} to={to} {...(common as Record<string, unknown>)}>
      {text}
    </Button>
  ) : (
    <Button {...common}>{text}</Button>
  );
};
