// Headless Chromium never hides a page (another tab in front changes nothing there), so a test
// says it is hidden or shown the way the browser would tell the page: document.visibilityState and
// a visibilitychange event.

import type { Page } from '@playwright/test';

export function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  return page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** The ready states of the camera tracks the desk's preview shows, or null when it shows none. */
export function previewTracks(page: Page): Promise<string[] | null> {
  return page.evaluate(() => {
    const stream = document.querySelector<HTMLVideoElement>('video.preview')?.srcObject as MediaStream | null;
    return stream ? stream.getVideoTracks().map((t) => t.readyState) : null;
  });
}
