// The camera scanner, loaded only when staff turn the camera on: the first screen never waits for
// the decoder. After some idle minutes the scanner pauses and the preview gives way to a button
// that says so; a tap goes on. `data-scan` on the region says what the scanner is doing.

import { memo } from '../shared/memo.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CameraScanner, CameraState, CameraErrorKind } from '../../scanner/camera-scanner.ts';
import { useI18n } from '../shared/i18n-context.ts';

interface Props {
  on: boolean;
  onToggle(on: boolean): void;
  onCode(text: string): void;
}

const ERROR_KEYS: Record<CameraErrorKind, 'camera.error.denied' | 'camera.error.noCamera' | 'camera.error.inUse' | 'camera.error.other'> = {
  denied: 'camera.error.denied',
  'no-camera': 'camera.error.noCamera',
  'in-use': 'camera.error.inUse',
  other: 'camera.error.other',
};

/** Memoised: a check does not redraw the camera's controls. */
export const CameraView = memo(function CameraView({ on, onToggle, onCode }: Props) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<CameraScanner | null>(null);
  const codeHandler = useRef(onCode);
  codeHandler.current = onCode;
  const [error, setError] = useState<CameraErrorKind | null>(null);
  const [torch, setTorch] = useState<boolean | null>(null);
  const [scan, setScan] = useState<CameraState>('off');

  useEffect(() => {
    if (!on || !video.current) return;
    let cancelled = false;
    setError(null);
    void import('../../scanner/camera-scanner.ts').then(async ({ startCameraScanner }) => {
      if (cancelled || !video.current) return;
      const s = await startCameraScanner(video.current, (text) => codeHandler.current(text), {
        onState(state: CameraState, detail?: CameraErrorKind) {
          setScan(state);
          if (state === 'error') setError(detail ?? 'other');
          // The scanner stops itself when the camera fails: reflect that in the toggle.
          if (state === 'off' || state === 'error') onToggle(false);
        },
      });
      if (cancelled) s.stop();
      else {
        scanner.current = s;
        setTorch(s.torchSupported ? false : null);
      }
    });
    return () => {
      cancelled = true;
      scanner.current?.stop();
      scanner.current = null;
      setScan('off');
    };
  }, [on]);

  const paused = on && scan === 'paused';
  return (
    <div class="camera" data-scan={on ? scan : 'off'}>
      <div class="row">
        <button type="button" class="secondary" data-testid="camera" data-state={on ? 'on' : 'off'} aria-pressed={on} onClick={() => onToggle(!on)}>
          {on ? t('camera.off') : t('camera.on')}
        </button>
        {on && (
          <button type="button" class="secondary" onClick={() => void scanner.current?.switchCamera()}>
            {t('camera.switch')}
          </button>
        )}
        {on && torch !== null && (
          <button
            type="button"
            class="secondary"
            aria-pressed={torch}
            onClick={async () => setTorch((await scanner.current?.setTorch(!torch)) ? !torch : torch)}
          >
            {t('camera.torch')}
          </button>
        )}
      </div>
      {error && (
        <p class="notice notice-error" role="alert">
          {t(ERROR_KEYS[error])}
        </p>
      )}
      {paused && (
        <button type="button" class="camera-paused" data-testid="camera-paused" onClick={() => scanner.current?.resume()}>
          {t('camera.paused')}
        </button>
      )}
      <video ref={video} class={on && !paused ? 'preview' : 'preview hidden'} muted playsInline aria-hidden="true" />
    </div>
  );
});
