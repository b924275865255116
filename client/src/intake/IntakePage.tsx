import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import SaveIcon from '@mui/icons-material/Save';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Step,
  StepButton,
  StepLabel,
  Stepper,
  Typography,
} from '@mui/material';
import type { IntakeResponse } from '@haven/shared';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  Loading,
  Title,
  useAuthenticated,
  useCanAccess,
  useDataProvider,
  useGetIdentity,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { utcDay } from '../common/dates';
import type { FieldErrors } from '../common/validation';
import type { HavenIdentity } from '../providers/authProvider';
import { useIsSmall } from '../layout/useIsSmall';
import { fieldId, setPath } from './draftPaths';
import { IntakeFormContext, type IntakeFormState } from './IntakeFields';
import { StepContent } from './IntakeSteps';
import { buildIntakeBody } from './intakeBody';
import {
  INTAKE_STEPS,
  STEP_FIELDS,
  emptyDraft,
  stepOfPath,
  type IntakeContext,
  type IntakeDraft,
} from './intakeDraft';
import { mapIntakeErrors } from './intakeErrors';
import { forgetIntake, recallIntake, rememberIntake } from './intakeMemory';
import { compactDraft } from './intakeRows';
import { validateIntake, validateIntakeStep } from './intakeValidation';

/** `/intake`: a new client and their first case, in five steps. */
export const IntakePage = () => {
  useAuthenticated();
  const translate = useTranslate();
  const { canAccess, isPending } = useCanAccess({ resource: 'intake', action: 'create' });
  const { identity, isPending: identityPending } = useGetIdentity();
  if (isPending || identityPending) return <Loading />;
  if (!canAccess || !identity) {
    return (
      <Alert severity="warning" sx={{ mt: 2 }}>
        {translate('haven.errors.forbidden')}
      </Alert>
    );
  }
  return <IntakeWizard identity={identity as HavenIdentity} />;
};

/** Errors of the fields that one step shows. */
function errorsOfStep(errors: FieldErrors, step: number): string[] {
  return Object.keys(errors).filter((path) => stepOfPath(path) === step);
}

const IntakeWizard = ({ identity }: { identity: HavenIdentity }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider();
  const isSmall = useIsSmall();
  // Picks up an intake this user left unfinished on this tab (see intakeMemory.ts).
  const [resumed] = useState(() => recallIntake(identity.id));
  const [draft, setDraft] = useState<IntakeDraft>(() => resumed?.draft ?? emptyDraft());
  const [errors, setErrors] = useState<FieldErrors>(() => resumed?.errors ?? {});
  const [general, setGeneral] = useState<string[]>([]);
  const [active, setActive] = useState(() => resumed?.active ?? 0);
  const [reached, setReached] = useState(() => resumed?.reached ?? 0);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  // Where the keyboard focus goes after the next render: an invalid field, or the step's heading.
  const [focus, setFocus] = useState<{ path: string | null } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const context: IntakeContext & { teamId: string | null } = {
    role: identity.role,
    teamId: identity.teamId,
    // The server's "not in the future" compares with its own (UTC) day.
    today: utcDay(),
  };

  useEffect(() => {
    rememberIntake({ userId: identity.id, draft, errors, active, reached });
  }, [identity.id, draft, errors, active, reached]);

  const startOver = () => {
    forgetIntake();
    setDraft(emptyDraft());
    setErrors({});
    setGeneral([]);
    setActive(0);
    setReached(0);
    setConfirmingReset(false);
    setFocus({ path: null });
  };

  useEffect(() => {
    if (!focus) return;
    const target = focus.path ? document.getElementById(fieldId(focus.path)) : null;
    (target ?? headingRef.current)?.focus();
  }, [focus, active]);

  const form: IntakeFormState = useMemo(
    () => ({
      draft,
      errors,
      set(path, value) {
        setDraft((current) => setPath(current, path, value));
        // Editing a field answers its error; a list's own error goes with any change to it.
        setErrors((current) => {
          const next = { ...current };
          for (const key of Object.keys(next)) {
            if (key === path || path.startsWith(`${key}.`) || key.startsWith(`${path}.`)) {
              delete next[key];
            }
          }
          return next;
        });
      },
    }),
    [draft, errors],
  );

  const step = INTAKE_STEPS[active];
  const last = active === INTAKE_STEPS.length - 1;

  /** Checks the current step; on failure stays (keeping every value) and focuses the first error. */
  const checkStep = (): boolean => {
    const stepErrors = validateIntakeStep(step, draft, context);
    const own = new Set<string>(STEP_FIELDS[step]);
    setErrors((current) => {
      const kept = Object.fromEntries(
        Object.entries(current).filter(([path]) => !own.has(path.split('.')[0])),
      );
      return { ...kept, ...stepErrors };
    });
    const first = Object.keys(stepErrors)[0];
    if (first) {
      setFocus({ path: first });
      return false;
    }
    return true;
  };

  const goTo = (index: number) => {
    setGeneral([]);
    setActive(index);
    setReached((current) => Math.max(current, index));
    setFocus({ path: null });
  };

  const next = (event?: FormEvent) => {
    event?.preventDefault();
    if (!checkStep()) return;
    if (last) void submit();
    else goTo(active + 1);
  };

  const jump = (index: number) => {
    if (index === active) return;
    // Going back never loses or checks anything; going forward checks the step being left.
    if (index < active || checkStep()) goTo(index);
  };

  const submit = async () => {
    const compacted = compactDraft(draft);
    const all = validateIntake(compacted, context);
    if (all.firstStep !== null) {
      setErrors(all.errors);
      setActive(all.firstStep);
      setFocus({ path: Object.keys(all.errors)[0] ?? null });
      return;
    }
    setDraft(compacted);
    setSubmitting(true);
    setGeneral([]);
    try {
      const { data } = await dataProvider.create('intake', {
        data: buildIntakeBody(compacted, context),
      });
      const created = data as unknown as IntakeResponse;
      forgetIntake();
      notify('haven.intake.created', {
        type: 'success',
        messageArgs: { reference: created.case.reference, client: created.client.reference },
      });
      redirect(`/cases/${created.case.id}/show`);
    } catch (error) {
      setSubmitting(false);
      const failure = error as { status?: number; message?: string; body?: { message?: unknown } };
      if (failure.status === 400) {
        const mapped = mapIntakeErrors(failure.body?.message ?? failure.message);
        setErrors(mapped.errors);
        setGeneral(mapped.general);
        if (mapped.firstStep !== null) {
          setActive(mapped.firstStep);
          setFocus({ path: errorsOfStep(mapped.errors, mapped.firstStep)[0] ?? null });
        } else setFocus({ path: null });
      } else {
        const message = failure.message || 'haven.errors.server';
        setGeneral([translate(message, { _: message })]);
        setFocus({ path: null });
      }
    }
  };

  return (
    <Card sx={{ mt: { xs: 1, sm: 2 }, mb: 4 }} data-testid="intake-wizard">
      <Title title="haven.intake.title" />
      <CardContent>
        <Stepper
          nonLinear
          activeStep={active}
          orientation={isSmall ? 'vertical' : 'horizontal'}
          sx={{ mb: 3 }}
        >
          {INTAKE_STEPS.map((name, index) => {
            const failing = errorsOfStep(errors, index).length > 0;
            return (
              <Step key={name} completed={index < reached && index !== active && !failing}>
                <StepButton
                  onClick={() => jump(index)}
                  disabled={index > reached || submitting}
                  data-testid={`intake-step-${name}`}
                >
                  <StepLabel
                    error={failing}
                    optional={
                      failing ? (
                        <Typography variant="caption" color="error">
                          {translate('haven.intake.step_has_errors')}
                        </Typography>
                      ) : undefined
                    }
                  >
                    {translate(`haven.intake.steps.${name}`)}
                  </StepLabel>
                </StepButton>
              </Step>
            );
          })}
        </Stepper>

        <Box component="form" noValidate onSubmit={next} aria-labelledby="intake-step-title">
          <Typography
            variant="h6"
            component="h2"
            id="intake-step-title"
            ref={headingRef}
            tabIndex={-1}
            sx={{ mb: 2, outline: 'none' }}
          >
            {translate('haven.intake.step_of', {
              current: active + 1,
              total: INTAKE_STEPS.length,
              name: translate(`haven.intake.steps.${step}`),
            })}
          </Typography>
          {general.length > 0 && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }} data-testid="intake-general-error">
              {general.map((message) => (
                <div key={message}>{message}</div>
              ))}
            </Alert>
          )}
          {Object.keys(errors).length > 0 && general.length === 0 && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }} data-testid="intake-error-summary">
              {translate('haven.intake.fix_errors')}
            </Alert>
          )}
          <IntakeFormContext.Provider value={form}>
            <StepContent step={step} context={context} />
          </IntakeFormContext.Provider>

          <Box sx={{ display: 'flex', justifyContent: 'space-between', mt: 3, gap: 2 }}>
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button
                startIcon={<ArrowBackIcon />}
                disabled={active === 0 || submitting}
                onClick={() => goTo(active - 1)}
              >
                {translate('haven.intake.back')}
              </Button>
              <Button
                color="inherit"
                startIcon={<RestartAltIcon />}
                disabled={submitting}
                onClick={() => setConfirmingReset(true)}
              >
                {translate('haven.intake.start_over')}
              </Button>
            </Box>
            <Button
              type="submit"
              variant="contained"
              disabled={submitting}
              endIcon={
                submitting ? (
                  <CircularProgress size={18} />
                ) : last ? (
                  <SaveIcon />
                ) : (
                  <ArrowForwardIcon />
                )
              }
            >
              {translate(last ? 'haven.intake.submit' : 'haven.intake.next')}
            </Button>
          </Box>
        </Box>
      </CardContent>
      <Dialog
        open={confirmingReset}
        onClose={() => setConfirmingReset(false)}
        aria-labelledby="intake-reset-title"
      >
        <DialogTitle id="intake-reset-title">
          {translate('haven.intake.start_over_title')}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('haven.intake.start_over_warning')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmingReset(false)} autoFocus>
            {translate('ra.action.cancel')}
          </Button>
          <Button color="warning" variant="contained" onClick={startOver}>
            {translate('haven.intake.start_over')}
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
};
