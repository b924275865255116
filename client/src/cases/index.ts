import CasesIcon from '@mui/icons-material/Work';
import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';

// Each page loads on first use: a caseworker opening a case does not download the edit form.
const CaseList = lazy(() => import('./CaseList').then((m) => ({ default: m.CaseList })));
const CaseShow = lazy(() => import('./CaseShow').then((m) => ({ default: m.CaseShow })));
const CaseEdit = lazy(() => import('./CaseEdit').then((m) => ({ default: m.CaseEdit })));

/** `cases`: no create (a first case comes from intake); reassigning is a bulk action and a dialog. */
export const cases: Omit<ResourceProps, 'name'> = {
  list: CaseList,
  show: CaseShow,
  edit: CaseEdit,
  icon: CasesIcon,
  recordRepresentation: 'reference',
};
