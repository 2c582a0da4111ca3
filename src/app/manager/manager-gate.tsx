// The manager PIN in front of the settings editor of a manager device: set (and confirm) on first
// use, asked every time the screen opens, slower after wrong tries (a countdown), and a forgotten
// PIN explained: enrol the device again with a new manager code; every record is kept.

import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionDeps } from '../desk/session-deps.ts';
import { useI18n } from '../shared/i18n-context.ts';
import './manager.css';
import type { PinProblem } from './pin.ts';
import { ManagerPin, PIN_MAX, newPinProblem, pinPrefs } from './pin.ts';

interface Props {
  /** The store, randomness and the clock, handed in by src/app/main.tsx. */
  deps: Pick<SessionDeps, 'store' | 'random' | 'now'>;
  deviceId: string;
  onReenrol(): void;
  children: ComponentChildren;
}

type Phase = 'loading' | 'unsupported' | 'set' | 'enter' | 'open';

export function ManagerGate({ deps, deviceId, onReenrol, children }: Props) {
  const { t } = useI18n();
  const subtle = globalThis.crypto?.subtle;
  const pin = useMemo(() => {
    const { store, random, now } = deps;
    return subtle ? new ManagerPin({ store: pinPrefs(store), subtle, random, now, deviceId }) : null;
  }, [deps, deviceId, subtle]);
  const [phase, setPhase] = useState<Phase>('loading');
  const [lockedUntil, setLockedUntil] = useState(0);
  const [message, setMessage] = useState<'wrong' | PinProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [first, setFirst] = useState('');
  const [again, setAgain] = useState('');
  const [entered, setEntered] = useState('');
  const [forgot, setForgot] = useState(false);
  const [, tick] = useState(0);
  const now = deps.now;

  useEffect(() => {
    if (!pin) return setPhase('unsupported');
    void pin.state().then((s) => {
      setPhase(s.kind === 'unset' ? 'set' : 'enter');
      if (s.kind === 'set') setLockedUntil(s.lockedUntil);
    });
  }, [pin]);

  // The countdown while locked.
  const secondsLeft = Math.max(0, Math.ceil((lockedUntil - now()) / 1000));
  useEffect(() => {
    if (secondsLeft <= 0) return;
    const id = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [secondsLeft > 0]);

  if (phase === 'open') return <>{children}</>;
  if (phase === 'loading') return null;
  if (phase === 'unsupported' || !pin) return <p class="notice notice-error" role="alert">{t('pin.unsupported')}</p>;

  const digits = (v: string) => v.replace(/\D/g, '').slice(0, PIN_MAX);
  const pinField = (id: string, label: string, value: string, onInput: (v: string) => void, autoFocus = false) => (
    <label class="field">
      <span>{label}</span>
      <input
        type="password"
        inputMode="numeric"
        autoComplete="off"
        data-testid={id}
        value={value}
        autoFocus={autoFocus}
        onInput={(e) => onInput(digits((e.currentTarget as HTMLInputElement).value))}
      />
    </label>
  );

  if (phase === 'set') {
    const submit = async (e: Event) => {
      e.preventDefault();
      const problem = newPinProblem(first, again);
      setMessage(problem);
      if (problem) return;
      setBusy(true);
      try {
        await pin.set(first, again);
        setPhase('open');
      } finally {
        setBusy(false);
      }
    };
    return (
      <form class="pin" onSubmit={(e) => void submit(e)}>
        <h2>{t('pin.setHeading')}</h2>
        <p>{t('pin.setIntro')}</p>
        {pinField('pin-new', t('pin.new'), first, setFirst, true)}
        {pinField('pin-again', t('pin.again'), again, setAgain)}
        {message && (
          <p class="notice notice-error" role="alert" data-testid="pin-message">
            {t(`pin.problem.${message === 'wrong' ? 'length' : message}`)}
          </p>
        )}
        <button type="submit" class="primary" data-testid="pin-set" disabled={busy}>
          {t('pin.set')}
        </button>
      </form>
    );
  }

  const locked = secondsLeft > 0;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (locked || busy || entered === '') return;
    setBusy(true);
    try {
      const r = await pin.verify(entered);
      setEntered('');
      if (r.ok) return setPhase('open');
      setLockedUntil(r.lockedUntil);
      setMessage('wrong');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="pin" onSubmit={(e) => void submit(e)}>
      <h2>{t('pin.heading')}</h2>
      {pinField('pin-input', t('pin.label'), entered, setEntered, true)}
      {locked ? (
        <p class="notice notice-error" role="alert" data-testid="pin-message" data-locked="true">
          {t('pin.locked', { seconds: secondsLeft })}
        </p>
      ) : (
        message === 'wrong' && (
          <p class="notice notice-error" role="alert" data-testid="pin-message">
            {t('pin.wrong')}
          </p>
        )
      )}
      <button type="submit" class="primary" data-testid="pin-unlock" disabled={busy || locked}>
        {busy ? t('pin.working') : t('pin.unlock')}
      </button>
      <button type="button" class="secondary" data-testid="pin-forgot" aria-expanded={forgot} onClick={() => setForgot(!forgot)}>
        {t('pin.forgot')}
      </button>
      {forgot && (
        <div class="pin-forgot">
          <p>{t('pin.forgotText')}</p>
          <button type="button" class="secondary" data-testid="pin-reenrol" onClick={onReenrol}>
            {t('pin.reenrol')}
          </button>
        </div>
      )}
    </form>
  );
}
