// The hardening headers on every answer, in one place: what the desk app may load and run, and
// what it may tell others. The policy is the one the desk runs under in the browser tests.

import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Content-Security-Policy: scripts, workers, styles and the manifest from this origin only (the
 * build has no inline script); connections to this origin and the origins the admin configured
 * with --cors; never framed. Images may be data:/blob: URLs (QR codes drawn by the desk); the
 * camera's stream is a MediaStream, which needs no source. The one inline style, the first paint's
 * CSS that the build puts into index.html, is allowed by its hash on that page's answer only (see
 * allowInlineStyles).
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

/** The CSP source expressions ('sha256-…') of each <style> element's text in an HTML page. */
export function inlineStyleHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** Adds the hashes to the style-src of the policy already on the answer. */
export function allowInlineStyles(res: ServerResponse, hashes: readonly string[]): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (hashes.length === 0 || typeof policy !== 'string') return;
  const directives = policy.split(';').map((d) => d.trim());
  const withHashes = directives.map((d) => (/^style-src\s/.test(d) ? [d, ...hashes].join(' ') : d));
  res.setHeader('Content-Security-Policy', withHashes.join('; '));
}
