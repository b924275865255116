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
  Stack,
  Step,
  StepButton,
  StepLabel,
  Stepper,
  Typography,
} from '@mui/material';
import type { CaseResponse, ClientResponse, IntakeResponse } from '@haven/shared';
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
import { useSearchParams } from 'react-router';
import { formatInstant, utcDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import type { FieldErrors } from '../common/validation';
import type { HavenIdentity } from '../providers/authProvider';
import { useIsSmall } from '../layout/useIsSmall';
import { fieldId, setPath } from './draftPaths';
import { IntakeFormContext, type IntakeFormState, type KnownClient } from './IntakeFields';
import { StepContent } from './IntakeSteps';
import { buildIntakeBody } from './intakeBody';
import {
  CASE_ONLY_STEPS,
  INTAKE_STEPS,
  STEP_FIELDS,
  emptyDraft,
  stepOfPath,
  type IntakeContext,
  type IntakeDraft,
  type IntakeStep,
} from './intakeDraft';
import { mapIntakeErrors } from './intakeErrors';
import { forgetIntake, recallIntake, rememberIntake, type IntakeProgress } from './intakeMemory';
import { compactDraft } from './intakeRows';
import { validateIntake, validateIntakeStep } from './intakeValidation';
import { loadServerDraft, useAutosave, useLeaveWarning, type ServerDraft } from './serverDraft';

/**
 * `/intake`: a new client and their first case, in six steps, saved as the caseworker goes (a
 * draft on the server, restored after a reload). `/intake?clientId=…` (a client page's "New
 * case"): a new case for that client, the case questions only.
 */
export const IntakePage = () => {
  useAuthenticated();
  const translate = useTranslate();
  const { canAccess, isPending } = useCanAccess({ resource: 'intake', action: 'create' });
  const { identity, isPending: identityPending } = useGetIdentity();
  const [params] = useSearchParams();
  const clientId = params.get('clientId');
  if (isPending || identityPending) return <Loading />;
  if (!canAccess || !identity) {
    return (
      <Alert severity="warning" sx={{ mt: 2 }}>
        {translate('haven.errors.forbidden')}
      </Alert>
    );
  }
  return clientId ? (
    <NewCaseFor key={clientId} clientId={clientId} identity={identity as HavenIdentity} />
  ) : (
    <RestoredIntake identity={identity as HavenIdentity} />
  );
};

/** A client page's "New case": the client, then the case-only wizard (no server draft). */
const NewCaseFor = ({ clientId, identity }: { clientId: string; identity: HavenIdentity }) => {
  const dataProvider = useDataProvider();
  const [client, setClient] = useState<KnownClient | null | 'missing'>(null);
  useEffect(() => {
    let live = true;
    dataProvider
      .getOne<ClientResponse>('clients', { id: clientId })
      .then(({ data }) => {
        if (live)
          setClient({
            id: data.id,
            reference: data.reference,
            name: `${data.givenName} ${data.familyName}`.trim(),
          });
      })
      .catch(() => live && setClient('missing'));
    return () => {
      live = false;
    };
  }, [clientId, dataProvider]);
  const translate = useTranslate();
  if (client === null) return <Loading />;
  if (client === 'missing')
    return (
      <Alert severity="warning" sx={{ mt: 2 }}>
        {translate('ra.notification.item_doesnt_exist')}
      </Alert>
    );
  return <IntakeWizard identity={identity} fixedClient={client} />;
};

/**
 * The intake as the user left it: this tab's memory first (the fast path), else the draft on the
 * server (a reload, Back, a crash), else a new one.
 */
const RestoredIntake = ({ identity }: { identity: HavenIdentity }) => {
  const [memory] = useState(() => recallIntake(identity.id));
  const [server, setServer] = useState<ServerDraft | null | undefined>(memory ? null : undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (memory) return;
    let live = true;
    loadServerDraft()
      .then((found) => live && setServer(found))
      .catch(() => {
        if (!live) return;
        setFailed(true);
        setServer(null);
      });
    return () => {
      live = false;
    };
  }, [memory]);
  if (server === undefined) return <Loading />;
  return (
    <IntakeWizard identity={identity} memory={memory} restored={server} restoreFailed={failed} />
  );
};

/** Errors of the fields that one step (of all the intake's steps) shows. */
function errorsOfStep(errors: FieldErrors, step: IntakeStep): string[] {
  const index = INTAKE_STEPS.indexOf(step);
  return Object.keys(errors).filter((path) => stepOfPath(path) === index);
}

const IntakeWizard = ({
  identity,
  memory = null,
  restored = null,
  restoreFailed = false,
  fixedClient = null,
}: {
  identity: HavenIdentity;
  memory?: IntakeProgress | null;
  restored?: ServerDraft | null;
  restoreFailed?: boolean;
  /** A client page's "New case": the case questions only, for this client, kept in memory only. */
  fixedClient?: KnownClient | null;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider();
  const dateLocale = useDateLocale();
  const isSmall = useIsSmall();
  const resumed = fixedClient ? null : (memory ?? restored);
  const [draft, setDraft] = useState<IntakeDraft>(() => resumed?.draft ?? emptyDraft());
  const [errors, setErrors] = useState<FieldErrors>(() => memory?.errors ?? {});
  const [general, setGeneral] = useState<string[]>([]);
  const [active, setActive] = useState(() => resumed?.active ?? 0);
  const [reached, setReached] = useState(() => resumed?.reached ?? 0);
  const [returning, setReturning] = useState<KnownClient | null>(
    () => fixedClient ?? resumed?.returning ?? null,
  );
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  // "Draft from … restored": shown until dismissed or discarded.
  const [restoredAt, setRestoredAt] = useState<string | null>(
    () => (!fixedClient && !memory && restored?.updatedAt) || null,
  );
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const autosave = useAutosave(
    { draft, active, reached, returning },
    {
      enabled: !fixedClient,
      initialVersion: memory ? memory.version : restored?.version,
      initialSavedAt: memory ? (memory.savedAt ?? null) : (restored?.updatedAt ?? null),
    },
  );
  // The steps this wizard asks: all of them, or a known client's case only.
  const steps: readonly IntakeStep[] = returning ? CASE_ONLY_STEPS : INTAKE_STEPS;
  const [pristine] = useState(() => JSON.stringify(draft));
  const touched = JSON.stringify(draft) !== pristine;
  useLeaveWarning(
    !submitting &&
      (fixedClient
        ? touched
        : autosave.unsaved ||
          autosave.status === 'conflict' ||
          autosave.status === 'failed' ||
          autosave.status === 'client_gone'),
  );
  // Where the keyboard focus goes after the next render: an invalid field, or the step's heading.
  const [focus, setFocus] = useState<{ path: string | null } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const context: IntakeContext & { teamId: string | null } = {
    role: identity.role,
    teamId: identity.teamId,
    // The server's "not in the future" compares with its own (UTC) day.
    today: utcDay(),
  };

  const version = autosave.version();
  useEffect(() => {
    // A client page's "New case" is not the intake this tab may resume.
    if (fixedClient) return;
    rememberIntake({
      userId: identity.id,
      draft,
      errors,
      active,
      reached,
      returning,
      version,
      savedAt: autosave.savedAt,
    });
  }, [
    identity.id,
    draft,
    errors,
    active,
    reached,
    returning,
    version,
    autosave.savedAt,
    fixedClient,
  ]);

  // A step change is saved at once.
  const { flush } = autosave;
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    flush();
  }, [active, returning, flush]);

  const clearForm = () => {
    forgetIntake();
    setDraft(emptyDraft());
    setErrors({});
    setGeneral([]);
    setActive(0);
    setReached(0);
    setReturning(fixedClient);
    setRestoredAt(null);
    setFocus({ path: null });
  };

  const startOver = () => {
    setConfirmingReset(false);
    void autosave.discard().catch(() => undefined);
    clearForm();
  };

  const discardRestored = () => {
    setConfirmingDiscard(false);
    void autosave.discard().catch(() => undefined);
    clearForm();
  };

  /** After a 409: this page's answers or the other tab's. */
  const keepMine = () => void autosave.keepMine().catch(() => undefined);
  const loadTheirs = async () => {
    const theirs = await autosave.loadTheirs().catch(() => null);
    if (!theirs) return;
    setDraft(theirs.draft);
    setActive(theirs.active);
    setReached(theirs.reached);
    setReturning(theirs.returning);
    setErrors({});
    setGeneral([]);
  };

  /** The match card's "the same person": the case questions only, for that client. */
  const openCaseFor = (client: KnownClient) => {
    setReturning(client);
    setErrors({});
    setGeneral([]);
    setActive(0);
    setReached(0);
    setFocus({ path: null });
  };
  const backToFullIntake = () => {
    setReturning(null);
    setErrors({});
    setGeneral([]);
    setActive(0);
    setReached(0);
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
      openCaseFor: fixedClient ? undefined : openCaseFor,
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
    // openCaseFor only sets state: a new function each render changes nothing.
    [draft, errors, fixedClient],
  );

  const step = steps[Math.min(active, steps.length - 1)];
  const last = active >= steps.length - 1;

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
    const all = validateIntake(compacted, context, steps);
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
      const body = buildIntakeBody(compacted, context);
      if (returning) {
        // A known client: `POST /api/cases {clientId, …}`, then the draft is done with.
        const { data } = await dataProvider.create<CaseResponse>('cases', {
          data: { ...body.case, clientId: returning.id },
        });
        autosave.forget();
        forgetIntake();
        if (!fixedClient) void autosave.discard().catch(() => undefined);
        notify('haven.intake.returning.created', {
          type: 'success',
          messageArgs: { reference: data.reference },
        });
        redirect(`/cases/${data.id}/show`);
        return;
      }
      const { data } = await dataProvider.create('intake', { data: body });
      const created = data as unknown as IntakeResponse;
      // The server deleted the draft with the intake.
      autosave.forget();
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
        // The server names the step among all of the intake's; this wizard may ask fewer.
        const firstStep =
          mapped.firstStep === null ? -1 : steps.indexOf(INTAKE_STEPS[mapped.firstStep]);
        if (firstStep >= 0) {
          setActive(firstStep);
          setFocus({ path: errorsOfStep(mapped.errors, steps[firstStep])[0] ?? null });
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
          {steps.map((name, index) => {
            const failing = errorsOfStep(errors, name).length > 0;
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
                    {translate(
                      returning ? 'haven.intake.steps.case_only' : `haven.intake.steps.${name}`,
                    )}
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
              total: steps.length,
              name: translate(
                returning ? 'haven.intake.steps.case_only' : `haven.intake.steps.${step}`,
              ),
            })}
          </Typography>
          {restoredAt && (
            <Alert
              severity="info"
              sx={{ mb: 2 }}
              data-testid="intake-draft-restored"
              onClose={() => setRestoredAt(null)}
              action={
                <Button color="inherit" size="small" onClick={() => setConfirmingDiscard(true)}>
                  {translate('haven.intake.draft.discard')}
                </Button>
              }
            >
              {translate('haven.intake.draft.restored', {
                time: formatInstant(restoredAt, dateLocale),
              })}
            </Alert>
          )}
          {restoreFailed && (
            <Alert severity="warning" sx={{ mb: 2 }}>
              {translate('haven.intake.draft.load_failed')}
            </Alert>
          )}
          {autosave.status === 'conflict' && (
            <Alert
              severity="warning"
              role="alert"
              sx={{ mb: 2 }}
              data-testid="intake-draft-conflict"
              action={
                <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
                  <Button color="inherit" size="small" onClick={keepMine}>
                    {translate('haven.intake.draft.keep_mine')}
                  </Button>
                  <Button color="inherit" size="small" onClick={() => void loadTheirs()}>
                    {translate('haven.intake.draft.load_theirs')}
                  </Button>
                </Stack>
              }
            >
              {translate('haven.intake.draft.elsewhere')}
            </Alert>
          )}
          {autosave.status === 'client_gone' && (
            <Alert
              severity="warning"
              role="alert"
              sx={{ mb: 2 }}
              data-testid="intake-draft-client-gone"
              action={
                <Button color="inherit" size="small" onClick={startOver}>
                  {translate('haven.intake.draft.discard')}
                </Button>
              }
            >
              {translate('haven.intake.draft.client_gone')}
            </Alert>
          )}
          {returning && (
            <Alert
              severity="info"
              sx={{ mb: 2 }}
              data-testid="intake-returning"
              action={
                fixedClient ? undefined : (
                  <Button color="inherit" size="small" onClick={backToFullIntake}>
                    {translate('haven.intake.returning.back_to_intake')}
                  </Button>
                )
              }
            >
              {translate('haven.intake.returning.banner', {
                name: returning.name,
                reference: returning.reference,
              })}
            </Alert>
          )}
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

          {/* "Next" comes first in the keyboard order (right after the step's last field), and
              still shows on the right: a keyboard intake saves two Tab presses on every step. */}
          <Box
            sx={{
              display: 'flex',
              flexDirection: 'row-reverse',
              justifyContent: 'space-between',
              mt: 3,
              gap: 2,
            }}
          >
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
              {translate(
                last
                  ? returning
                    ? 'haven.intake.returning.submit'
                    : 'haven.intake.submit'
                  : 'haven.intake.next',
              )}
            </Button>
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
          </Box>
          {!fixedClient && (
            <Typography
              variant="caption"
              color={autosave.status === 'failed' ? 'error' : 'text.secondary'}
              role="status"
              aria-live="polite"
              data-testid="intake-draft-status"
              data-status={autosave.status}
              data-unsaved={autosave.unsaved ? 'true' : 'false'}
              sx={{ display: 'block', mt: 1, textAlign: 'right', minHeight: '1.5em' }}
            >
              {autosave.status === 'saving'
                ? translate('haven.intake.draft.saving')
                : autosave.status === 'failed'
                  ? translate('haven.intake.draft.save_failed')
                  : autosave.savedAt && !autosave.unsaved
                    ? translate('haven.intake.draft.saved', {
                        time: formatInstant(autosave.savedAt, dateLocale),
                      })
                    : ''}
            </Typography>
          )}
        </Box>
      </CardContent>
      <ConfirmLoss
        id="intake-reset"
        open={confirmingReset}
        onClose={() => setConfirmingReset(false)}
        onConfirm={startOver}
        title="haven.intake.start_over_title"
        warning="haven.intake.start_over_warning"
        confirm="haven.intake.start_over"
      />
      <ConfirmLoss
        id="intake-discard"
        open={confirmingDiscard}
        onClose={() => setConfirmingDiscard(false)}
        onConfirm={discardRestored}
        title="haven.intake.draft.discard_title"
        warning="haven.intake.draft.discard_warning"
        confirm="haven.intake.draft.discard"
      />
    </Card>
  );
};

/** Asks before throwing answers away; "Cancel" has the focus, so Enter loses nothing. */
const ConfirmLoss = ({
  id,
  open,
  onClose,
  onConfirm,
  title,
  warning,
  confirm,
}: {
  id: string;
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: string;
  warning: string;
  confirm: string;
}) => {
  const translate = useTranslate();
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={`${id}-title`}>
      <DialogTitle id={`${id}-title`}>{translate(title)}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate(warning)}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          {translate('ra.action.cancel')}
        </Button>
        <Button color="warning" variant="contained" onClick={onConfirm}>
          {translate(confirm)}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
