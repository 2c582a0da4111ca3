import { describe, expect, it } from 'vitest';
import { cameraErrorKind } from '../../src/scanner/camera-errors.ts';

const thrown = (name: string) => Object.assign(new Error('from getUserMedia'), { name });

describe('cameraErrorKind', () => {
  it('tells staff plainly why the camera did not open', () => {
    expect(cameraErrorKind(thrown('NotAllowedError'))).toBe('denied');
    expect(cameraErrorKind(thrown('SecurityError'))).toBe('denied');
    expect(cameraErrorKind(thrown('NotFoundError'))).toBe('no-camera');
    expect(cameraErrorKind(thrown('OverconstrainedError'))).toBe('no-camera');
    expect(cameraErrorKind(thrown('NotReadableError'))).toBe('in-use');
    expect(cameraErrorKind(thrown('TrackStartError'))).toBe('in-use');
    expect(cameraErrorKind(thrown('TypeError'))).toBe('other');
    expect(cameraErrorKind('something odd')).toBe('other');
    expect(cameraErrorKind({ name: 'NotAllowedError' })).toBe('denied');
  });
});
