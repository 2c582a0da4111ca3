// The hardening headers on every answer, in one place: what the desk app may load and run, and
// what it may tell others. The policy is the one the desk runs under in the browser tests.

import type { ServerResponse } from 'node:http';

/**
 * Content-Security-Policy: scripts, workers, styles and the manifest from this origin only (the
 * build has no inline script or style); connections to this origin and the origins the admin
 * configured with --cors; never framed. Images may be data:/blob: URLs (QR codes drawn by the
 * desk); the camera's stream is a MediaStream, which needs no source.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "img-src 'self' data: blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers, made once per server. */
export function securityHeaders(connectOrigins: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectOrigins),
    'Referrer-Policy': 'no-referrer',
    // The camera for this origin only; nothing else the desk does not use.
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
    'X-Content-Type-Options': 'nosniff',
  };
}

export function applySecurityHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
